import { it } from 'vitest';
import { startHttpHarness, buttonsOf } from './harness.js';
it('dump', async () => {
  const h = await startHttpHarness();
  await h.command('question networking', 'U0ALICE', 'q');
  const [q] = await h.fake.waitFor(() => h.fake.respondsTo('q'));
  console.log(JSON.stringify(q!.body, null, 1));
  await h.click(buttonsOf(q!.body)[0]!.action_id, 'U0ALICE', 'r');
  const [r] = await h.fake.waitFor(() => h.fake.respondsTo('r'));
  console.log(JSON.stringify(r!.body, null, 1).slice(0, 3000));
  await h.click('bad:id', 'U0ALICE', 'x');
  await h.fake.waitFor(() => h.fake.respondsTo('x'));
  console.log(JSON.stringify(h.deps.logger.lines));
  console.log(h.fake.calls.map(c => c.method));
  await h.close();
});
