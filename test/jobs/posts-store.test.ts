/** The posts table's claim rules: one claimer at a time, leases, retries, final states, one row per kind. */
import { describe, expect, it } from 'vitest';
import type { DeliveryKind } from '../../src/core/ports/channels.js';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { subscribe, tempDbPath } from './support/harness.js';

const T = new Date('2026-03-10T09:00:00Z');
const later = (ms: number) => new Date(T.getTime() + ms);

async function setup(path = ':memory:') {
  const store = new SqliteStore(openDatabase(path));
  const sub = await subscribe(store, { channel: 'C1' });
  const claim = (now: Date, s = store, kind: DeliveryKind = 'daily') =>
    s.channels.claimPost({ subscriptionId: sub.id, kind, localDate: '2026-03-10', questionId: 'vpc-basics', owner: 'me', now, leaseMs: 1000 });
  return { store, sub, claim };
}

describe('claimPost', () => {
  it('claims once; a live claim cannot be taken; an expired one can', async () => {
    const { claim } = await setup();
    const first = await claim(T);
    expect(first).toMatchObject({ claimed: true, post: { state: 'pending', kind: 'daily', attempts: 1, notBefore: '2026-03-10T09:00:01.000Z' } });
    expect((await claim(later(999))).claimed).toBe(false);
    expect(await claim(later(1000))).toMatchObject({ claimed: true, post: { attempts: 2 } });
  });

  it('a sent or failed post is never claimed again', async () => {
    const { store, claim } = await setup();
    const { post } = await claim(T);
    await store.channels.completePost(post!.id, 'm1', 'thread-1', T);
    expect((await claim(later(10_000))).claimed).toBe(false);
    expect(await store.channels.lastPost(post!.subscriptionId)).toMatchObject({ state: 'sent', messageId: 'm1', threadRef: 'thread-1', notBefore: null });
  });

  it('a transient failure is retryable from its retry time; permanent marks the channel failing', async () => {
    const { store, sub, claim } = await setup();
    const { post } = await claim(T);
    await store.channels.recordPostFailure(post!.id, { kind: 'transient', reason: 'server_error', detail: 'HTTP 500', at: T, retryAt: later(60_000) });
    expect(await store.channels.getSubscription(sub.channelKey)).toMatchObject({ status: 'ok', lastError: 'server_error: HTTP 500' });
    expect((await claim(later(59_999))).claimed).toBe(false);
    const retry = await claim(later(60_000));
    expect(retry).toMatchObject({ claimed: true, post: { attempts: 2 } });
    await store.channels.recordPostFailure(post!.id, { kind: 'permanent', reason: 'no_access', detail: 'Missing Access', at: T, retryAt: null });
    expect(await store.channels.lastPost(sub.id)).toMatchObject({ state: 'failed', errorKind: 'permanent' });
    expect(await store.channels.getSubscription(sub.channelKey)).toMatchObject({ status: 'failing', lastError: 'no_access: Missing Access', lastErrorReason: 'no_access' });
    expect((await claim(later(3_600_000))).claimed).toBe(false);
  });

  it('the daily post, its reveal and the digest of one period are separate claims', async () => {
    const { claim } = await setup();
    const kinds: DeliveryKind[] = ['daily', 'reveal', 'digest'];
    const claims = await Promise.all(kinds.map((k) => claim(T, undefined, k)));
    expect(claims.map((c) => [c.claimed, c.post?.kind])).toEqual(kinds.map((k) => [true, k]));
    expect((await claim(T, undefined, 'reveal')).claimed).toBe(false);
  });

  it('two connections to one file: exactly one claim wins', async () => {
    const path = tempDbPath();
    const a = await setup(path);
    const b = new SqliteStore(openDatabase(path));
    const results = await Promise.all([a.claim(T), a.claim(T, b), a.claim(T, b), a.claim(T)]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it('stored error text is bounded', async () => {
    const { store, claim } = await setup();
    const { post } = await claim(T);
    const after = await store.channels.recordPostFailure(post!.id, { kind: 'transient', reason: 'unknown', detail: 'x'.repeat(5000), at: T, retryAt: null });
    expect(after.lastError!.length).toBeLessThanOrEqual(500);
  });
});
