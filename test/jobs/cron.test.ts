/** The node-cron wiring: why one per-minute tick, start-up catch-up, ticks, graceful stop. */
import cron from 'node-cron';
import { describe, expect, it, vi } from 'vitest';
import type { PostOutcome } from '../../src/core/ports/chat.js';
import { EVERY_MINUTE, startJobs, type CronSchedule } from '../../src/jobs/cron.js';
import { makeDeps } from '../support/core.js';
import { MINUTE, RecordingPort, subscribe } from './support/harness.js';

function fakeCron() {
  const calls: { expression: string; fn: () => void; name: string | undefined; stopped: boolean; destroyed: boolean }[] = [];
  const schedule: CronSchedule = (expression, fn, options) => {
    const call = { expression, fn, name: options.name, stopped: false, destroyed: false };
    calls.push(call);
    return { stop: () => void (call.stopped = true), destroy: () => void (call.destroyed = true) };
  };
  return { calls, schedule };
}

describe('node-cron on its own would get DST wrong (the reason for the per-minute tick)', () => {
  it('skips a time in the spring-forward gap and matches a fall-back time twice', () => {
    const gap = cron.createTask('30 2 * * *', () => {}, { timezone: 'America/New_York' });
    const overlap = cron.createTask('30 1 * * *', () => {}, { timezone: 'America/New_York' });
    try {
      // 8 Mar 2026: 02:30 does not exist; no minute of the day matches.
      const day = Array.from({ length: 1440 }, (_, i) => new Date(Date.parse('2026-03-08T05:00:00Z') + i * MINUTE));
      expect(day.filter((d) => gap.match(d))).toEqual([]);
      // 1 Nov 2026: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
      expect(overlap.match(new Date('2026-11-01T05:30:00Z'))).toBe(true);
      expect(overlap.match(new Date('2026-11-01T06:30:00Z'))).toBe(true);
    } finally {
      void gap.destroy();
      void overlap.destroy();
    }
  });
});

describe('startJobs', () => {
  it('catches up on start, then posts on each minute tick', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await subscribe(deps.store, { channel: 'missed', time: '09:00' });
    await subscribe(deps.store, { channel: 'soon', time: '10:01' });
    const port = new RecordingPort();
    deps.chat.add(port);
    const cronFake = fakeCron();
    const jobs = startJobs({ deps, schedule: cronFake.schedule });
    expect(cronFake.calls.map((c) => c.expression)).toEqual([EVERY_MINUTE]);
    expect((await jobs.started).deliveries).toMatchObject({ sent: 1 });
    expect(port.posts.map((p) => p.channelRef)).toEqual(['missed']);

    deps.clock.advance(MINUTE);
    cronFake.calls[0]!.fn();
    await vi.waitFor(() => expect(port.posts.map((p) => p.channelRef)).toEqual(['missed', 'soon']));
    await jobs.stop();
    expect(cronFake.calls[0]).toMatchObject({ stopped: true, destroyed: true });
    expect(deps.logger.lines.some((l) => l.msg === 'jobs stopped')).toBe(true);
  });

  it('only subscriptions of platforms with a running port are posted', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'here' });
    await subscribe(deps.store, { channel: 'elsewhere', platform: 'discord' });
    const port = new RecordingPort();
    deps.chat.add(port);
    const jobs = startJobs({ deps, schedule: fakeCron().schedule });
    expect((await jobs.started).deliveries).toMatchObject({ due: 1, sent: 1 });
    expect(port.posts.map((p) => p.channelRef)).toEqual(['here']);
    await jobs.stop();
  });

  it('stop waits for posts in flight, and takes no new ones', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'slow' });
    let release!: (o: PostOutcome) => void;
    const port = new RecordingPort();
    port.postToChannel = () => new Promise((resolve) => (release = resolve));
    deps.chat.add(port);
    const jobs = startJobs({ deps, schedule: fakeCron().schedule });
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release({ ok: true, messageId: 'm1' });
    await stopping;
    expect(deps.store.db.prepare('SELECT state, message_id FROM posts').get()).toEqual({ state: 'sent', message_id: 'm1' });
    await subscribe(deps.store, { channel: 'after-stop' });
    expect((await jobs.tick()).deliveries).toMatchObject({ due: 0 });
  });

  it('stop is bounded when a post never settles; its claim is left to expire', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'stuck' });
    const port = new RecordingPort();
    let sending = false;
    port.postToChannel = () => ((sending = true), new Promise(() => {}));
    deps.chat.add(port);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const jobs = startJobs({ deps, schedule: fakeCron().schedule, stopGraceMs: 5_000 });
      await vi.waitFor(() => expect(sending).toBe(true));
      const stopping = jobs.stop();
      await vi.advanceTimersByTimeAsync(5_000);
      await stopping;
    } finally {
      vi.useRealTimers();
    }
    expect(deps.logger.lines.some((l) => /sends still in flight/.test(l.msg ?? ''))).toBe(true);
    expect(deps.store.db.prepare('SELECT state FROM posts').get()).toEqual({ state: 'pending' });
  });

  it('a failing run is logged and the next tick tries again', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'C1' });
    deps.chat.add(new RecordingPort());
    const list = deps.store.channels.listSubscriptions.bind(deps.store.channels);
    let broken = true;
    deps.store.channels.listSubscriptions = () => (broken ? Promise.reject(new Error('database is locked')) : list());
    const jobs = startJobs({ deps, schedule: fakeCron().schedule });
    expect((await jobs.started).deliveries).toMatchObject({ due: 0 });
    expect(deps.logger.lines.find((l) => l.level === 'error')?.msg).toBe('delivery run failed; the next tick tries again');
    broken = false;
    expect((await jobs.tick()).deliveries).toMatchObject({ sent: 1 });
    await jobs.stop();
  });

  it('works with the real node-cron', async () => {
    const deps = makeDeps();
    deps.chat.add(new RecordingPort());
    const jobs = startJobs({ deps });
    await jobs.started;
    expect([...cron.getTasks().values()].some((t) => t.name === 'jobs')).toBe(true);
    await jobs.stop();
    expect([...cron.getTasks().values()].some((t) => t.name === 'jobs')).toBe(false);
  });
});
