/** Daily posts rotate without repeats per channel until the filtered bank is exhausted, and agree with `answer`. */
import { describe, expect, it } from 'vitest';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { makeDeps, run } from '../support/core.js';
import { DAY, RecordingPort, subscribe } from './support/harness.js';

async function postDays(topics: string[], days: number, level: 'lead' | null = null) {
  const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
  const port = new RecordingPort();
  deps.chat.add(port);
  const sub = await subscribe(deps.store, { channel: 'C1', topics, level });
  const deliveries = new Deliveries({ deps });
  for (let d = 0; d < days; d++) {
    deps.clock.set(new Date(Date.parse('2026-03-10T09:00:00Z') + d * DAY));
    await deliveries.runDue(deps.clock.now());
  }
  const ids = (deps.store.db.prepare("SELECT question_id FROM posts WHERE subscription_id = ? AND kind = 'daily' ORDER BY local_date").all(sub.id) as {
    question_id: string;
  }[]).map((r) => r.question_id);
  return { deps, port, sub, ids };
}

describe('rotation of the daily question', () => {
  it('no repeat in the whole bank until every question was posted', async () => {
    const { ids, port } = await postDays([], 6);
    expect(port.posts).toHaveLength(6);
    expect(new Set(ids.slice(0, 5)).size).toBe(5);
    expect(ids.slice(0, 5)).toContain(ids[5]); // the sixth starts a new cycle
  });

  it('only the subscription’s topics, no repeat until they are exhausted', async () => {
    const { ids } = await postDays(['networking'], 4);
    expect(new Set(ids.slice(0, 2))).toEqual(new Set(['vpc-basics', 'vpc-peering-edge']));
    expect(new Set(ids.slice(2, 4))).toEqual(new Set(['vpc-basics', 'vpc-peering-edge']));
  });

  it('honours the subscription’s level', async () => {
    const { ids } = await postDays(['iam'], 2, 'lead');
    expect(ids).toEqual(['iam-boundaries', 'iam-boundaries']);
  });

  it('the posted question is the one `answer` reveals in that channel', async () => {
    const { deps, port, sub, ids } = await postDays(['storage', 'iam'], 1);
    const posted = port.posts[0]!.reply;
    expect(posted.visibility).toBe('channel');
    expect(posted.fallbackText).toBe(`Today's AWS interview question: What is ${ids[0]}?`);
    const answer = await run(deps, 'answer', { place: { scope: sub.scope, channelKey: sub.channelKey, channelRef: sub.channelRef } });
    expect(answer.status).toBe('ok');
    expect(JSON.stringify(answer.reply.blocks)).toContain(`What is ${ids[0]}?`);
  });
});
