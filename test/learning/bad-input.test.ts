import { describe, expect, it } from 'vitest';
import { expectRejectedUnchanged, makeDeps, run, runNamed, tableCounts } from '../support/core.js';

describe('learning commands refuse bad input privately and change nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['remind with an unknown state', 'remind maybe', /Say `remind on` or `remind off`/],
    ['remind with two words', 'remind on please', /Say `remind on` or `remind off`/],
    ['mock with zero questions', 'mock 0', /A mock interview has 1 to 10 questions/],
    ['mock with too many questions', 'mock 99', /A mock interview has 1 to 10 questions/],
    ['mock with an unknown topic', 'mock kubernetes', /There is no topic "kubernetes"\. Topics: networking/],
    ['review with an argument', 'review now', /Too many words for `review`/],
    ['export with an argument', 'export all', /Too many words for `export`/],
  ];

  it.each(cases)('%s', async (_name, input, expected) => {
    const deps = makeDeps();
    await run(deps, 'question'); // some state to protect
    await run(deps, 'answer');
    await run(deps, 'knew');
    expect(tableCounts(deps.store).attempts).toBe(1);
    await expectRejectedUnchanged(deps, () => run(deps, input), expected);
  });

  it.each([
    ['remind', { state: 'maybe' }, /Say `remind on` or `remind off`/],
    ['mock', { n: 0 }, /1 to 10 questions/],
    ['mock', { n: 3.5 }, /1 to 10 questions/],
    ['mock', { topic: 'nope', n: 3 }, /There is no topic "nope"/],
  ])('typed options: %s %j', async (name, options, expected) => {
    const deps = makeDeps();
    await expectRejectedUnchanged(deps, () => runNamed(deps, name, options), expected);
  });

  it('help lists the learning commands', async () => {
    const r = await run(makeDeps(), 'help');
    for (const usage of ['review', 'mock [topic] [n]', 'remind [on|off]', 'export']) expect(JSON.stringify(r.reply.blocks)).toContain(usage);
  });
});
