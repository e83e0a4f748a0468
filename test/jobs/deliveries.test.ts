/**
 * What Deliveries sends besides the plain daily post: the discussion thread,
 * the public reveal N hours later, the weekly digest; and what a pause or a
 * skipped date holds back. The clock is a FakeClock stepped as the minute tick
 * would step it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { makeDeps, run, type TestDeps } from '../support/core.js';
import { HOUR, MINUTE, RecordingPort, subscribe, type RecordedPost, type SubSpec } from './support/harness.js';
import { RIGS, startRig, type PlatformRig } from './support/platforms.js';

interface Sent {
  at: string;
  /** The delivery's idempotency key: `<kind>-<subscription>-<yyyymmdd>`. */
  key: string;
  post: RecordedPost;
}

/** A subscription, a recording port and a way to step the clock through the day, noting what went out when. */
async function setup(now: string, spec: Partial<SubSpec> = {}) {
  const deps = makeDeps({ now });
  const port = new RecordingPort();
  deps.chat.add(port);
  const sub = await subscribe(deps.store, { channel: 'C1', ...spec });
  const sent: Sent[] = [];
  const tick = async (deliveries: Deliveries) => {
    const before = port.posts.length;
    await deliveries.runDue(deps.clock.now());
    for (const post of port.posts.slice(before)) sent.push({ at: deps.clock.now().toISOString(), key: post.key ?? '?', post });
  };
  /** Ticks every `step` from now up to and including `until`. */
  const through = async (deliveries: Deliveries, until: string, step = MINUTE) => {
    for (; deps.clock.now().getTime() <= Date.parse(until); deps.clock.advance(step)) await tick(deliveries);
  };
  const kinds = (kind: string) => sent.filter((s) => s.key.startsWith(`${kind}-`)).map((s) => s.at);
  return { deps, port, sub, sent, tick, through, kinds, deliveries: new Deliveries({ deps }) };
}

const rowsOf = (deps: TestDeps, kind: string) =>
  (deps.store.db.prepare('SELECT local_date FROM posts WHERE kind = ? ORDER BY local_date').all(kind) as { local_date: string }[]).map((r) => r.local_date);

describe('a discussion thread on the daily post', () => {
  it('is asked of the port when the subscription has threads on, and recorded', async () => {
    const { deps, port, deliveries } = await setup('2026-03-10T09:00:00Z', { thread: true });
    expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ sent: 1 });
    const [post] = port.posts;
    const questionId = (deps.store.db.prepare('SELECT question_id FROM posts').get() as { question_id: string }).question_id;
    expect(post!.opts.openThread).toEqual({ name: `Discuss: What is ${questionId}?`, invitation: expect.stringContaining('Answer here before you peek') });
    expect(deps.store.db.prepare('SELECT message_id, thread_ref FROM posts').get()).toEqual({ message_id: 'msg-1', thread_ref: 'thread-1' });
  });

  it('is not asked for with threads off, nor on a platform without threads', async () => {
    const { deps, port, deliveries } = await setup('2026-03-10T09:00:00Z', { thread: false });
    const console = new RecordingPort('console');
    deps.chat.add(console);
    await subscribe(deps.store, { channel: 'local', platform: 'console', thread: true });
    expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ sent: 2 });
    expect(port.posts[0]!.opts.openThread).toBeUndefined();
    expect(console.posts[0]!.opts.openThread).toBeUndefined();
    expect(deps.store.db.prepare('SELECT DISTINCT thread_ref FROM posts').all()).toEqual([{ thread_ref: null }]);
  });

  describe.each(RIGS)('through the real %s port', (platform) => {
    let rig: PlatformRig | undefined;
    afterEach(async () => {
      await rig?.close();
      rig = undefined;
    });

    it('without a thread, the reveal answers the post in its channel (a message id is not a channel)', async () => {
      const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
      rig = await startRig(platform, deps.logger);
      deps.chat.add(rig.port);
      const channel = rig.channelName(8);
      await subscribe(deps.store, { channel, platform, scope: rig.scope, thread: false, revealAfterHours: 1 });
      const deliveries = new Deliveries({ deps });
      expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ sent: 1 });
      const [post] = rig.accepted();
      deps.clock.set('2026-03-10T10:00:00Z');
      expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ sent: 1, failed: 0 });
      if (platform === 'slack') {
        const [reply] = rig.threadPosts();
        expect(reply!.thread).toBe(post!.messageId);
        expect(reply!.body).toContain('The answer');
      } else {
        // A plain message in the same channel (a Discord reply would need Read Message History).
        const [, reveal] = rig.proxy.calls.filter((c) => c.method === 'POST' && c.path === `/api/v10/channels/${channel}/messages`);
        expect(reveal!.status).toBe(200);
        expect(reveal!.requestBody).toContain('The answer');
      }
      expect((await deps.store.channels.getSubscription(`${platform}:${channel}`))?.status).toBe('ok');
    });

    it('opens the thread with the invitation as its first message, and the reveal goes there', async () => {
      const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
      rig = await startRig(platform, deps.logger);
      deps.chat.add(rig.port);
      const channel = rig.channelName(7);
      await subscribe(deps.store, { channel, platform, scope: rig.scope, thread: true, revealAfterHours: 2 });
      const deliveries = new Deliveries({ deps });
      expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ sent: 1 });
      const [post] = rig.accepted();
      expect(post!.channel).toBe(channel);
      const [invitation] = rig.threadPosts();
      expect(invitation!.body).toContain('Answer here before you peek');
      const row = deps.store.db.prepare('SELECT question_id, message_id, thread_ref FROM posts').get() as { question_id: string; message_id: string; thread_ref: string };
      expect(row).toMatchObject({ message_id: post!.messageId, thread_ref: invitation!.thread });
      if (platform === 'slack') {
        expect(invitation!.thread).toBe(post!.messageId); // a Slack thread is the post's replies
      } else {
        // A public thread on the post, named after the question, archived after a day of quiet.
        const opened = rig.proxy.calls.find((c) => c.path === `/api/v10/channels/${channel}/messages/${post!.messageId}/threads`)!;
        expect(JSON.parse(opened.requestBody)).toEqual({ name: `Discuss: What is ${row.question_id}?`, auto_archive_duration: 1440 });
        expect(JSON.parse(opened.responseBody).id).toBe(invitation!.thread);
      }

      deps.clock.set('2026-03-10T11:00:00Z');
      expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ sent: 1 });
      const reveal = rig.threadPosts()[1]!;
      expect(reveal.thread).toBe(invitation!.thread);
      expect(reveal.body).toContain('The answer');
      expect(reveal.body).toContain(`${row.question_id} is a test answer`);
      expect(rig.accepted()).toHaveLength(1); // the reveal is in the thread, not a new post in the channel
    });
  });
});

describe('the public reveal (revealAfterHours)', () => {
  it('goes out once, N hours after the post time, in the post’s thread, with that post’s answer', async () => {
    const { deps, sent, through, kinds, deliveries } = await setup('2026-03-10T09:00:00Z', { thread: true, revealAfterHours: 3 });
    await through(deliveries, '2026-03-10T23:59:00Z');
    expect(kinds('daily')).toEqual(['2026-03-10T09:00:00.000Z']);
    expect(kinds('rev')).toEqual(['2026-03-10T12:00:00.000Z']);
    const questionId = (deps.store.db.prepare("SELECT question_id FROM posts WHERE kind = 'daily'").get() as { question_id: string }).question_id;
    const reveal = sent[1]!.post;
    expect(reveal.opts.threadRef).toBe('thread-1');
    expect(reveal.opts.openThread).toBeUndefined();
    expect(reveal.reply.visibility).toBe('channel');
    expect(reveal.reply.fallbackText).toBe(`The answer: ${questionId} is a test answer. It has two sentences.`);
  });

  it('without a thread, answers the post itself', async () => {
    const { through, sent, deliveries } = await setup('2026-03-10T09:00:00Z', { thread: false, revealAfterHours: 1 });
    await through(deliveries, '2026-03-10T10:00:00Z');
    expect(sent.map((s) => [s.at, s.post.opts.threadRef, s.post.opts.replyTo])).toEqual([
      ['2026-03-10T09:00:00.000Z', undefined, undefined],
      ['2026-03-10T10:00:00.000Z', undefined, 'msg-1'],
    ]);
  });

  it('is sent once only, across a restart (two Deliveries instances)', async () => {
    const { deps, tick, through, kinds, deliveries: first } = await setup('2026-03-10T09:00:00Z', { thread: true, revealAfterHours: 3 });
    await tick(first);
    // Restarted at 11:00: the new instance finds the morning's post in the store and reveals it.
    deps.clock.set('2026-03-10T11:00:00Z');
    const second = new Deliveries({ deps });
    await through(second, '2026-03-10T12:00:00Z');
    expect(kinds('rev')).toEqual(['2026-03-10T12:00:00.000Z']);
    // Neither the old instance (say, still running on another host) nor the new one sends it again.
    deps.clock.set('2026-03-10T12:00:00Z');
    await Promise.all([tick(first), tick(second)]);
    await through(first, '2026-03-10T23:59:00Z', 7 * MINUTE);
    expect(kinds('rev')).toEqual(['2026-03-10T12:00:00.000Z']);
    expect(rowsOf(deps, 'reveal')).toEqual(['2026-03-10']);
  });

  it('only the same local day: a reveal that would fall after midnight is never sent', async () => {
    const { through, kinds, deliveries } = await setup('2026-03-10T20:00:00Z', { revealAfterHours: 5, timezone: 'UTC', time: '20:00' });
    await through(deliveries, '2026-03-11T23:59:00Z', 5 * MINUTE);
    expect(kinds('daily')).toEqual(['2026-03-10T20:00:00.000Z', '2026-03-11T20:00:00.000Z']);
    expect(kinds('rev')).toEqual([]);
  });

  it('never for a past day: down across the reveal time, it is not sent the next day', async () => {
    const { deps, tick, through, kinds, deliveries } = await setup('2026-03-10T09:00:00Z', { revealAfterHours: 3 });
    await tick(deliveries); // the post goes out; the process is then down until the next morning
    deps.clock.set('2026-03-11T08:00:00Z');
    await through(deliveries, '2026-03-11T13:00:00Z');
    expect(kinds('daily')).toEqual(['2026-03-10T09:00:00.000Z', '2026-03-11T09:00:00.000Z']);
    expect(kinds('rev')).toEqual(['2026-03-11T12:00:00.000Z']);
    expect(rowsOf(deps, 'reveal')).toEqual(['2026-03-11']);
  });

  it('follows the post time in the subscription’s zone', async () => {
    // 09:00 New York on 10 March (EDT, UTC-4) is 13:00Z; 2 h later is 15:00Z.
    const { through, kinds, deliveries } = await setup('2026-03-10T12:00:00Z', { timezone: 'America/New_York', revealAfterHours: 2 });
    await through(deliveries, '2026-03-10T16:00:00Z');
    expect(kinds('daily')).toEqual(['2026-03-10T13:00:00.000Z']);
    expect(kinds('rev')).toEqual(['2026-03-10T15:00:00.000Z']);
  });

  it('is not sent when the post itself did not go out', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    const port = new RecordingPort('test', () => ({ ok: false, kind: 'transient', reason: 'server_error', detail: 'HTTP 500' }));
    deps.chat.add(port);
    await subscribe(deps.store, { channel: 'C1', revealAfterHours: 1 });
    const deliveries = new Deliveries({ deps, maxAttempts: 1 });
    for (; deps.clock.now() < new Date('2026-03-10T23:59:00Z'); deps.clock.advance(10 * MINUTE)) await deliveries.runDue(deps.clock.now());
    expect(port.calls).toBe(1);
    expect(rowsOf(deps, 'reveal')).toEqual([]);
  });
});

describe('the weekly digest', () => {
  it('goes out once per local week, at its weekday and time in the subscription’s zone', async () => {
    // Mondays at 17:00 Berlin (CET in March: 16:00Z); from Monday 9 March 00:00 local for two weeks.
    const { deps, sent, through, kinds, deliveries } = await setup('2026-03-08T23:00:00Z', { timezone: 'Europe/Berlin', digest: { day: 1, time: '17:00' } });
    await through(deliveries, '2026-03-22T22:45:00Z', 15 * MINUTE);
    expect(kinds('dig')).toEqual(['2026-03-09T16:00:00.000Z', '2026-03-16T16:00:00.000Z']);
    expect(rowsOf(deps, 'digest')).toEqual(['2026-03-09', '2026-03-16']);
    const digest = sent.find((s) => s.key.startsWith('dig-'))!.post;
    expect(digest.reply.visibility).toBe('channel');
    expect(digest.reply.fallbackText).toMatch(/^Last week: /);
    expect(digest.opts.openThread).toBeUndefined();
    expect(kinds('daily')).toHaveLength(14); // the daily posts go on beside it
  });

  it('counts its week from Monday, and a restart the same day does not send it again', async () => {
    // Wednesdays at 08:30 UTC.
    const { deps, tick, through, kinds, deliveries } = await setup('2026-03-11T08:30:00Z', { digest: { day: 3, time: '08:30' } });
    await tick(deliveries);
    expect(kinds('dig')).toEqual(['2026-03-11T08:30:00.000Z']);
    expect(rowsOf(deps, 'digest')).toEqual(['2026-03-09']);
    await through(new Deliveries({ deps }), '2026-03-11T23:59:00Z', 7 * MINUTE);
    expect(kinds('dig')).toHaveLength(1);
  });

  it('a late start the same day still sends it; a day missed entirely is not made up later in the week', async () => {
    const late = await setup('2026-03-11T20:00:00Z', { digest: { day: 3, time: '08:30' } });
    await late.tick(late.deliveries);
    expect(late.kinds('dig')).toEqual(['2026-03-11T20:00:00.000Z']);

    const missed = await setup('2026-03-12T00:00:00Z', { digest: { day: 3, time: '08:30' } });
    await missed.through(missed.deliveries, '2026-03-15T23:45:00Z', 15 * MINUTE);
    expect(missed.kinds('dig')).toEqual([]);
  });
});

describe('pause and skipped dates', () => {
  it('a pause holds back posts, reveals and digests until its last day, and nothing is caught up', async () => {
    const { through, kinds, deliveries } = await setup('2026-03-10T00:00:00Z', {
      revealAfterHours: 3,
      digest: { day: 3, time: '17:00' }, // Wednesday 11 March: inside the pause
      pausedUntil: '2026-03-12',
    });
    await through(deliveries, '2026-03-12T23:45:00Z', 15 * MINUTE);
    expect(kinds('daily')).toEqual(['2026-03-12T09:00:00.000Z']);
    expect(kinds('rev')).toEqual(['2026-03-12T12:00:00.000Z']);
    expect(kinds('dig')).toEqual([]);
  });

  it('skipped dates get no post, reveal or digest, and are never caught up', async () => {
    const { deps, through, kinds, deliveries } = await setup('2026-03-10T00:00:00Z', {
      revealAfterHours: 3,
      digest: { day: 3, time: '17:00' },
      skipDates: ['2026-03-11'],
    });
    await through(deliveries, '2026-03-12T23:45:00Z', 15 * MINUTE);
    expect(kinds('daily')).toEqual(['2026-03-10T09:00:00.000Z', '2026-03-12T09:00:00.000Z']);
    expect(kinds('rev')).toEqual(['2026-03-10T12:00:00.000Z', '2026-03-12T12:00:00.000Z']);
    expect(kinds('dig')).toEqual([]);
    expect(rowsOf(deps, 'daily')).toEqual(['2026-03-10', '2026-03-12']);
  });

  it('a skip cleared after the post time does not bring that day’s post back', async () => {
    const { deps, tick, through, kinds, deliveries } = await setup('2026-03-10T08:00:00Z');
    const admin = { admin: true };
    expect((await run(deps, 'skip 2026-03-10', admin)).status).toBe('ok');
    await through(deliveries, '2026-03-10T10:00:00Z');
    expect((await run(deps, 'skip none', admin)).status).toBe('ok');
    await through(deliveries, '2026-03-10T23:59:00Z');
    expect(kinds('daily')).toEqual([]);
    deps.clock.set('2026-03-11T09:00:00Z');
    await tick(deliveries);
    expect(kinds('daily')).toEqual(['2026-03-11T09:00:00.000Z']);
  });

  it('a pause ended after the post time starts again with the next post, as `resume` says', async () => {
    const { deps, tick, through, kinds, deliveries } = await setup('2026-03-10T08:00:00Z');
    const admin = { admin: true };
    expect((await run(deps, 'pause until 2026-03-12', admin)).status).toBe('ok');
    await through(deliveries, '2026-03-10T10:00:00Z');
    const resumed = await run(deps, 'resume', admin);
    expect(resumed.reply.fallbackText).toBe('▶️ Resumed. The next post is Wed 11 Mar 09:00 UTC.');
    await through(deliveries, '2026-03-10T23:59:00Z');
    expect(kinds('daily')).toEqual([]);
    deps.clock.set('2026-03-11T09:00:00Z');
    await tick(deliveries);
    expect(kinds('daily')).toEqual(['2026-03-11T09:00:00.000Z']);
  });

  it('a pause is checked at send time: set while the bot was down, it still holds', async () => {
    const { deps, through, kinds, deliveries } = await setup('2026-03-10T06:00:00Z');
    await deps.store.channels.updateSubscription('test:C1', { pausedUntil: '2026-03-11' }, new Date('2026-03-10T06:00:00Z'));
    deps.clock.set(new Date(Date.parse('2026-03-10T09:00:00Z') + 2 * HOUR)); // back inside the catch-up window
    await through(deliveries, '2026-03-10T12:00:00Z');
    expect(kinds('daily')).toEqual([]);
  });
});
