/** The posts table's claim rules: one claimer at a time, leases, retries, final states. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { subscribe, tempDbPath } from './support/harness.js';

const T = new Date('2026-03-10T09:00:00Z');
const later = (ms: number) => new Date(T.getTime() + ms);

function setup(path = ':memory:') {
  const store = new SqliteStore(openDatabase(path));
  const sub = subscribe(store, { channel: 'C1' });
  const claim = (now: Date, s = store) =>
    s.claimPost({ subscriptionId: sub.id, localDate: '2026-03-10', questionId: 'vpc-basics', owner: 'me', now, leaseMs: 1000 });
  return { store, sub, claim };
}

describe('claimPost', () => {
  it('claims once; a live claim cannot be taken; an expired one can', () => {
    const { claim } = setup();
    const first = claim(T);
    expect(first).toMatchObject({ claimed: true, post: { state: 'pending', attempts: 1, notBefore: '2026-03-10T09:00:01.000Z' } });
    expect(claim(later(999)).claimed).toBe(false);
    expect(claim(later(1000))).toMatchObject({ claimed: true, post: { attempts: 2 } });
  });

  it('a sent or failed post is never claimed again', () => {
    const { store, claim } = setup();
    const { post } = claim(T);
    store.completePost(post!.id, 'm1', T);
    expect(claim(later(10_000)).claimed).toBe(false);
    expect(store.lastPost(post!.subscriptionId)).toMatchObject({ state: 'sent', messageId: 'm1', notBefore: null });
  });

  it('a transient failure is retryable from its retry time; permanent marks the channel failing', () => {
    const { store, sub, claim } = setup();
    const { post } = claim(T);
    store.recordPostFailure(post!.id, { kind: 'transient', reason: 'server_error', detail: 'HTTP 500', at: T, retryAt: later(60_000) });
    expect(store.getSubscriptionByChannel(sub.channelKey)).toMatchObject({ status: 'ok', lastError: 'server_error: HTTP 500' });
    expect(claim(later(59_999)).claimed).toBe(false);
    const retry = claim(later(60_000));
    expect(retry).toMatchObject({ claimed: true, post: { attempts: 2 } });
    store.recordPostFailure(post!.id, { kind: 'permanent', reason: 'no_access', detail: 'Missing Access', at: T, retryAt: null });
    expect(store.lastPost(sub.id)).toMatchObject({ state: 'failed', errorKind: 'permanent' });
    expect(store.getSubscriptionByChannel(sub.channelKey)).toMatchObject({ status: 'failing', lastError: 'no_access: Missing Access' });
    expect(claim(later(3_600_000)).claimed).toBe(false);
  });

  it('two connections to one file: exactly one claim wins', () => {
    const path = tempDbPath();
    const a = setup(path);
    const b = new SqliteStore(openDatabase(path));
    const results = [a.claim(T), a.claim(T, b), a.claim(T, b), a.claim(T)];
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it('stored error text is bounded', () => {
    const { store, claim } = setup();
    const { post } = claim(T);
    const after = store.recordPostFailure(post!.id, { kind: 'transient', reason: 'unknown', detail: 'x'.repeat(5000), at: T, retryAt: null });
    expect(after.lastError!.length).toBeLessThanOrEqual(500);
  });
});
