/**
 * A loopback platform that answers 429 + Retry-After to a share of requests
 * and 5xx to another share: every post still arrives exactly once, retries are
 * recorded, and a post that keeps failing is given up for the day (bounded).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { postKey } from '../../src/core/schedule.js';
import { DailyPoster } from '../../src/scheduler/daily-poster.js';
import { ChatSink, SinkChatPort, type SinkFault, type SinkRequest } from '../fakes/chat-sink.js';
import { makeDeps } from '../support/core.js';
import { MINUTE, RecordingPort, subscribe, subscribeMany } from './support/harness.js';

let sink: ChatSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

/** A deterministic mix: a quarter 429 once, a quarter 500 twice, a quarter 503 then 429, a quarter clean. */
function mixedFaults({ channel, attempt }: SinkRequest): SinkFault | null {
  switch (Number(channel.slice(1)) % 4) {
    case 0:
      return attempt === 1 ? { status: 429, retryAfterSeconds: 90 } : null;
    case 1:
      return attempt <= 2 ? { status: 500 } : null;
    case 2:
      return attempt === 1 ? { status: 503 } : attempt === 2 ? { status: 429, retryAfterSeconds: 1 } : null;
    default:
      return null;
  }
}

describe('429 and 5xx from the platform', () => {
  it('every post arrives exactly once, with retries recorded', async () => {
    sink = await ChatSink.start({ fault: mixedFaults });
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    const subs = subscribeMany(deps.store, 40);
    const poster = new DailyPoster({ deps, posts: deps.store, ports: [new SinkChatPort(sink.url)], concurrency: 8 });

    const first = await poster.runDue(deps.clock.now());
    expect(first).toMatchObject({ due: 40, sent: 10, retrying: 30 });
    for (let i = 0; i < 15; i++) {
      deps.clock.advance(MINUTE);
      await poster.runDue(deps.clock.now());
    }
    const counts = sink.countsByKey();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(subs.map((s) => postKey(s.id, '2026-03-10'))));

    const rows = deps.store.db.prepare('SELECT state, attempts, message_id FROM posts ORDER BY subscription_id').all() as {
      state: string;
      attempts: number;
      message_id: string;
    }[];
    expect(rows.every((r) => r.state === 'sent' && r.message_id)).toBe(true);
    expect(rows.map((r) => r.attempts)).toEqual(subs.map((_, i) => [2, 3, 3, 1][i % 4]));
    expect(deps.store.listSubscriptions().every((s) => s.status === 'ok' && s.lastError === null)).toBe(true);
  });

  it('waits at least as long as Retry-After asks', async () => {
    sink = await ChatSink.start({ fault: ({ attempt }) => (attempt === 1 ? { status: 429, retryAfterSeconds: 300 } : null) });
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    subscribe(deps.store, { channel: 'C1' });
    const poster = new DailyPoster({ deps, posts: deps.store, ports: [new SinkChatPort(sink.url)] });
    await poster.runDue(deps.clock.now());
    for (let i = 0; i < 4; i++) {
      deps.clock.advance(MINUTE);
      expect((await poster.runDue(deps.clock.now())).due).toBe(0);
    }
    deps.clock.set('2026-03-10T09:05:00Z');
    expect((await poster.runDue(deps.clock.now())).sent).toBe(1);
    expect(sink.messages).toHaveLength(1);
  });

  it('a one-minute backoff is retried by the next minute tick, even after a failure mid-minute', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:20Z' });
    let calls = 0;
    const port = new RecordingPort('discord', () =>
      ++calls === 1 ? { ok: false, kind: 'transient', reason: 'server_error', detail: 'HTTP 500' } : null,
    );
    subscribe(deps.store, { channel: 'C1' });
    const poster = new DailyPoster({ deps, posts: deps.store, ports: [port] });
    expect((await poster.runDue(deps.clock.now())).retrying).toBe(1);
    deps.clock.set('2026-03-10T09:01:00Z');
    expect((await poster.runDue(deps.clock.now())).sent).toBe(1);
  });

  it('gives up for the day after the bounded attempts, keeps the channel active, posts again tomorrow', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    let broken = true;
    const port = new RecordingPort('discord', () =>
      broken ? { ok: false, kind: 'transient', reason: 'server_error', detail: 'HTTP 502' } : null,
    );
    const sub = subscribe(deps.store, { channel: 'C1' });
    const poster = new DailyPoster({ deps, posts: deps.store, ports: [port], maxAttempts: 3 });
    for (let i = 0; i < 120; i++) {
      await poster.runDue(deps.clock.now());
      deps.clock.advance(MINUTE);
    }
    expect(port.calls).toBe(3);
    expect(deps.store.lastPost(sub.id)).toMatchObject({ state: 'failed', attempts: 3, errorKind: 'transient' });
    const after = deps.store.getSubscriptionByChannel(sub.channelKey)!;
    expect(after.status).toBe('ok');
    expect(after.lastError).toMatch(/^gave up after 3 attempts: server_error: HTTP 502/);

    broken = false;
    deps.clock.set('2026-03-11T09:00:00Z');
    expect((await poster.runDue(deps.clock.now())).sent).toBe(1);
  });

  it('a port that throws or never answers counts as transient', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    subscribe(deps.store, { channel: 'throws' });
    subscribe(deps.store, { channel: 'hangs' });
    const port = new RecordingPort('discord');
    port.postToChannel = async (channelRef) => {
      if (channelRef === 'throws') throw new Error('socket hang up');
      return new Promise(() => {}); // never settles
    };
    const poster = new DailyPoster({ deps, posts: deps.store, ports: [port], sendTimeoutMs: 20_000, leaseMs: 60_000 });
    // Timer-driven timeout: fake timers, so the test does not wait 20 s of wall time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const run = poster.runDue(deps.clock.now());
      await vi.advanceTimersByTimeAsync(20_000);
      expect(await run).toMatchObject({ due: 2, retrying: 2 });
    } finally {
      vi.useRealTimers();
    }
    const errors = deps.store.db.prepare('SELECT last_error FROM posts ORDER BY id').all();
    expect(errors).toEqual([{ last_error: 'unknown: socket hang up' }, { last_error: 'timeout: no answer within 20000 ms' }]);
  });
});
