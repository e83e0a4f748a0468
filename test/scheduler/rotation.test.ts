/** Daily posts rotate without repeats per channel until the filtered bank is exhausted, and agree with `answer`. */
import { describe, expect, it } from 'vitest';
import { handleText } from '../../src/core/dispatch.js';
import { DailyPoster } from '../../src/scheduler/daily-poster.js';
import { makeContext, makeDeps } from '../support/core.js';
import { RecordingPort, subscribe } from './support/harness.js';

const DAY = 86_400_000;

async function postDays(topics: string[], days: number, level: 'lead' | null = null) {
  const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
  const port = new RecordingPort();
  const sub = subscribe(deps.store, { channel: 'C1', topics, level });
  const poster = new DailyPoster({ deps, posts: deps.store, ports: [port] });
  for (let d = 0; d < days; d++) {
    deps.clock.set(new Date(Date.parse('2026-03-10T09:00:00Z') + d * DAY));
    await poster.runDue(deps.clock.now());
  }
  const ids = (deps.store.db.prepare('SELECT question_id FROM posts WHERE subscription_id = ? ORDER BY local_date').all(sub.id) as {
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
    const ctx = makeContext(deps, { platform: 'discord', channelKey: sub.channelKey, channelRef: sub.channelRef });
    const answer = await handleText('answer', ctx);
    expect(JSON.stringify(answer.reply.blocks)).toContain(`What is ${ids[0]}?`);
  });
});
