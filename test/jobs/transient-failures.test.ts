/**
 * 429s and 5xx from the platform, through the real Slack and Discord ports
 * against the loopback fakes: every post still arrives exactly once, retries
 * are recorded, and a post that keeps failing is given up for the day
 * (bounded). The jobs' own rules for Retry-After, backoff rounding and ports
 * that throw or hang are tested with a scripted port at the end.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { postKey } from '../../src/core/schedule.js';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { makeDeps } from '../support/core.js';
import { MINUTE, RecordingPort, subscribe, subscribeMany } from './support/harness.js';
import { RIGS, startRig, type PlatformRig, type RigPlatform } from './support/platforms.js';

let rig: PlatformRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A deterministic mix by subscription number: 429 once, 500 twice, 503 then 429, clean. */
function injectMix(r: PlatformRig, channels: string[]): void {
  channels.forEach((channel, i) => {
    switch (i % 4) {
      case 0:
        r.fail(channel, { kind: 'rate_limited' });
        break;
      case 1:
        r.fail(channel, { kind: 'server_error', status: 500 }, 2);
        break;
      case 2:
        r.fail(channel, { kind: 'server_error', status: 503 });
        r.fail(channel, { kind: 'rate_limited' });
        break;
    }
  });
}

/**
 * Sends per subscription (by i % 4) when the libraries do not retry: Slack's
 * WebClient gives a 429 back at once; Discord's REST always waits out a 429
 * itself, so there a 429 costs no attempt.
 */
const ATTEMPTS: Record<RigPlatform, number[]> = { slack: [2, 3, 3, 1], discord: [1, 3, 2, 1] };

async function setup(platform: RigPlatform, n: number, libraryRetries = false) {
  const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
  rig = await startRig(platform, deps.logger, { libraryRetries });
  deps.chat.add(rig.port);
  const subs = await subscribeMany(deps.store, n, { platform, scope: rig.scope }, rig.channelName);
  return { deps, subs, r: rig };
}

describe.each(RIGS)('%s: 429 and 5xx from the platform', (platform) => {
  it('every post arrives exactly once, with the jobs’ retries recorded', async () => {
    const { deps, subs, r } = await setup(platform, 40);
    injectMix(r, subs.map((s) => s.channelRef));
    const deliveries = new Deliveries({ deps, concurrency: 8 });

    const first = await deliveries.runDue(deps.clock.now());
    const firstTry = subs.filter((_, i) => ATTEMPTS[platform][i % 4] === 1).length;
    expect(first).toMatchObject({ due: 40, sent: firstTry, retrying: 40 - firstTry });
    for (let i = 0; i < 15; i++) {
      deps.clock.advance(MINUTE);
      await deliveries.runDue(deps.clock.now());
    }
    const accepted = r.accepted();
    expect(accepted.map((p) => p.channel).sort()).toEqual(subs.map((s) => s.channelRef).sort());
    if (platform === 'discord') {
      // The idempotency key went out as the message nonce.
      const byChannel = new Map(accepted.map((p) => [p.channel, p.nonce]));
      for (const s of subs) expect(byChannel.get(s.channelRef)).toBe(postKey(s.id, '2026-03-10'));
    }

    const rows = deps.store.db.prepare('SELECT s.channel_ref AS channel, p.state, p.attempts, p.message_id FROM posts p JOIN subscriptions s ON s.id = p.subscription_id ORDER BY s.id').all() as {
      channel: string;
      state: string;
      attempts: number;
      message_id: string;
    }[];
    const messageOf = new Map(accepted.map((p) => [p.channel, p.messageId]));
    for (const row of rows) expect(row).toMatchObject({ state: 'sent', message_id: messageOf.get(row.channel) });
    expect(rows.map((r) => r.attempts)).toEqual(subs.map((_, i) => ATTEMPTS[platform][i % 4]));
    expect(subs.map((s) => r.requestsTo(s.channelRef))).toEqual(subs.map((_, i) => [2, 3, 3, 1][i % 4]));
    expect((await deps.store.channels.listSubscriptions()).every((s) => s.status === 'ok' && s.lastError === null)).toBe(true);
  });

  it('with the library’s own retries (as in production), the same faults cost the jobs no retry', async () => {
    const { deps, subs, r } = await setup(platform, 8, true);
    injectMix(r, subs.map((s) => s.channelRef));
    expect(await new Deliveries({ deps }).runDue(deps.clock.now())).toMatchObject({ due: 8, sent: 8 });
    expect(r.accepted()).toHaveLength(8);
    expect(deps.store.db.prepare('SELECT DISTINCT attempts FROM posts').all()).toEqual([{ attempts: 1 }]);
  });

  it('gives up for the day after the bounded attempts, keeps the channel active, posts again tomorrow', async () => {
    const { deps, subs, r } = await setup(platform, 1);
    const sub = subs[0]!;
    r.fail(sub.channelRef, { kind: 'server_error', status: 502 }, 3); // a fourth send would get through
    const deliveries = new Deliveries({ deps, maxAttempts: 3 });
    for (let i = 0; i < 120; i++) {
      await deliveries.runDue(deps.clock.now());
      deps.clock.advance(MINUTE);
    }
    expect(r.requestsTo(sub.channelRef)).toBe(3);
    expect(r.accepted()).toEqual([]);
    expect(await deps.store.channels.lastPost(sub.id)).toMatchObject({ state: 'failed', attempts: 3, errorKind: 'transient' });
    const after = (await deps.store.channels.getSubscription(sub.channelKey))!;
    expect(after.status).toBe('ok');
    expect(after.lastError).toMatch(/^gave up after 3 attempts: server_error: /);
    expect(deps.logger.lines.some((l) => l.level === 'error' && l.msg === 'delivery failed; giving up for this period')).toBe(true);

    deps.clock.set('2026-03-11T09:00:00Z');
    expect((await deliveries.runDue(deps.clock.now())).sent).toBe(1);
    expect(r.accepted().map((p) => p.channel)).toEqual([sub.channelRef]);
  });
});

describe('the jobs’ retry rules', () => {
  it('waits at least as long as a port’s Retry-After asks', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    const port = new RecordingPort('test', (_ref, call) =>
      call === 1 ? { ok: false, kind: 'transient', reason: 'rate_limited', detail: 'HTTP 429', retryAfterMs: 300_000 } : null,
    );
    deps.chat.add(port);
    await subscribe(deps.store, { channel: 'C1' });
    const deliveries = new Deliveries({ deps });
    await deliveries.runDue(deps.clock.now());
    for (let i = 0; i < 4; i++) {
      deps.clock.advance(MINUTE);
      expect((await deliveries.runDue(deps.clock.now())).due).toBe(0);
    }
    deps.clock.set('2026-03-10T09:05:00Z');
    expect((await deliveries.runDue(deps.clock.now())).sent).toBe(1);
    expect(port.posts).toHaveLength(1);
  });

  it('a one-minute backoff is retried by the next minute tick, even after a failure mid-minute', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:20Z' });
    const port = new RecordingPort('test', (_ref, call) => (call === 1 ? { ok: false, kind: 'transient', reason: 'server_error', detail: 'HTTP 500' } : null));
    deps.chat.add(port);
    await subscribe(deps.store, { channel: 'C1' });
    const deliveries = new Deliveries({ deps });
    expect((await deliveries.runDue(deps.clock.now())).retrying).toBe(1);
    deps.clock.set('2026-03-10T09:01:00Z');
    expect((await deliveries.runDue(deps.clock.now())).sent).toBe(1);
  });

  it('a port that throws or never answers counts as transient', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'throws' });
    await subscribe(deps.store, { channel: 'hangs' });
    const port = new RecordingPort();
    port.postToChannel = async (channelRef) => {
      if (channelRef === 'throws') throw new Error('socket hang up');
      return new Promise(() => {}); // never settles
    };
    deps.chat.add(port);
    const deliveries = new Deliveries({ deps, sendTimeoutMs: 20_000, leaseMs: 60_000 });
    // Timer-driven timeout: fake timers, so the test does not wait 20 s of wall time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const running = deliveries.runDue(deps.clock.now());
      await vi.advanceTimersByTimeAsync(20_000);
      expect(await running).toMatchObject({ due: 2, retrying: 2 });
    } finally {
      vi.useRealTimers();
    }
    // The due list starts at a random channel (replicas spread out), so compare without order.
    const errors = deps.store.db.prepare('SELECT last_error FROM posts ORDER BY last_error').all();
    expect(errors).toEqual([{ last_error: 'timeout: no answer within 20000 ms' }, { last_error: 'unknown: socket hang up' }]);
  });

  it('a lease no longer than a send is refused', () => {
    expect(() => new Deliveries({ deps: makeDeps(), sendTimeoutMs: 60_000, leaseMs: 60_000 })).toThrow(RangeError);
  });
});
