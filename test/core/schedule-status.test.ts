/** `schedule` in a failing channel: a plain explanation for everyone, the platform's raw error for admins only. */
import { describe, expect, it } from 'vitest';
import { makeDeps, run } from '../support/core.js';

const RAW = 'An API error occurred: not_in_channel (xoxb-… channel C1, request 7f3a)';

describe('schedule when posting fails', () => {
  it('members read what went wrong in plain words; admins also get the raw error', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    expect((await run(deps, 'subscribe 09:00 UTC', { admin: true })).status).toBe('ok');
    const sub = (await deps.store.channels.getSubscription('test:C1'))!;
    const claim = await deps.store.channels.claimPost({ subscriptionId: sub.id, kind: 'daily', localDate: '2026-03-10', questionId: 'vpc-basics', owner: 'test', now: deps.clock.now(), leaseMs: 60_000 });
    expect(claim.claimed).toBe(true);
    if (!claim.claimed) return;
    await deps.store.channels.recordPostFailure(claim.post.id, { kind: 'permanent', reason: 'no_access', detail: RAW, at: deps.clock.now(), retryAt: null });
    deps.store.db.prepare("UPDATE subscriptions SET status = 'failing', last_error = ?, last_error_reason = 'no_access'").run(RAW);

    const member = JSON.stringify((await run(deps, 'schedule', { user: 'test:bob' })).reply);
    expect(member).toContain('the bot is not a member of this channel or cannot see it');
    expect(member).not.toContain('not_in_channel');
    expect(member).not.toContain('7f3a');

    const admin = JSON.stringify((await run(deps, 'schedule', { admin: true })).reply);
    expect(admin).toContain('not_in_channel');
    expect(admin).toContain("an admin's `subscribe` resumes it");
  });
});
