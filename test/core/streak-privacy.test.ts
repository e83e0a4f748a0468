/**
 * `streak @someone`: others see only what the leaderboard shows, only within
 * the same workspace/server; `leaderboard off` hides a person; details
 * (accuracy by topic, the activity grid) only with `share on`.
 */
import { describe, expect, it } from 'vitest';
import { makeDeps, run, type TestDeps, type Who } from '../support/core.js';

const ALEX: Who = { user: 'test:alex', name: 'alex' };
const BEA: Who = { user: 'test:bea', name: 'bea' };
const OTHER_WORKSPACE: Who = { user: 'test:carl', name: 'carl', place: { scope: 'test:S2', channelKey: 'test:C9', channelRef: 'C9' } };
const IN_A_DM: Who = { user: 'test:bea', name: 'bea', place: { scope: 'test:dm', channelKey: 'test:D1', channelRef: 'D1' } };

async function alexPractises(deps: TestDeps): Promise<void> {
  for (const t of ['answer vpc-basics', 'grade vpc-basics missed', 'answer iam-roles', 'grade iam-roles knew']) expect((await run(deps, t, ALEX)).status).toBe('ok');
}

const detailsShown = (text: string) => /Accuracy by topic|Last 12 weeks/.test(text);

describe('streak of someone else', () => {
  it('shows a workspace member only the leaderboard view: streak and days, no accuracy or activity grid', async () => {
    const deps = makeDeps();
    await alexPractises(deps);
    const seen = await run(deps, 'streak @alex', BEA);
    expect(seen.status).toBe('ok');
    expect(seen.delivery).toBe('private');
    expect(seen.reply.fallbackText).toBe('alex: 🔥 1-day streak (longest 1), 1 day practised.');
    expect(detailsShown(JSON.stringify(seen.reply.blocks))).toBe(false);
    // Alex's own view has everything.
    expect(detailsShown(JSON.stringify((await run(deps, 'streak', ALEX)).reply.blocks))).toBe(true);
  });

  it('refuses from another workspace/server and from a DM, as if there were no such person', async () => {
    const deps = makeDeps();
    await alexPractises(deps);
    for (const who of [OTHER_WORKSPACE, IN_A_DM]) {
      const r = await run(deps, 'streak @alex', who);
      expect(r.status).toBe('user_error');
      expect(r.reply.fallbackText).toBe('I have no practice from that person here.');
    }
  });

  it('`leaderboard off` hides the person from streak lookups and from the board', async () => {
    const deps = makeDeps();
    await alexPractises(deps);
    expect((await run(deps, 'leaderboard off', ALEX)).status).toBe('ok');
    const r = await run(deps, 'streak @alex', BEA);
    expect(r.status).toBe('user_error');
    expect(r.reply.fallbackText).toBe('alex keeps their practice private.');
    expect((await run(deps, 'leaderboard', BEA)).reply.fallbackText).not.toContain('alex');
  });

  it('`share on` opts in to details (never the review queue); `share off` takes them back', async () => {
    const deps = makeDeps();
    await alexPractises(deps);
    expect((await run(deps, 'share on', ALEX)).status).toBe('ok');
    const shared = await run(deps, 'streak @alex', BEA);
    const text = JSON.stringify(shared.reply.blocks);
    expect(detailsShown(text)).toBe(true);
    expect(text).not.toContain('Reviews due today');
    // Off the boards means hidden from others entirely, shared details included.
    expect((await run(deps, 'leaderboard off', ALEX)).status).toBe('ok');
    expect((await run(deps, 'streak @alex', BEA)).reply.fallbackText).toBe('alex keeps their practice private.');
    expect((await run(deps, 'leaderboard on', ALEX)).status).toBe('ok');
    expect((await run(deps, 'share off', ALEX)).status).toBe('ok');
    expect(detailsShown(JSON.stringify((await run(deps, 'streak @alex', BEA)).reply.blocks))).toBe(false);
  });

  it('a mention that names nobody gets a clear message', async () => {
    const deps = makeDeps();
    const r = await run(deps, 'streak alex!', BEA);
    expect(r.status).toBe('user_error');
    expect(r.reply.fallbackText).toMatch(/could not tell who "alex!" is/);
  });
});
