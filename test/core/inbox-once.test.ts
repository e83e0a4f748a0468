/**
 * A durable inbox entry is applied once even when two processes handle it
 * (a replica recovering it on start-up while the live one is still working):
 * "done" is marked in the effect's own transaction, only from pending, and
 * the loser's effect is rolled back.
 */
import { describe, expect, it } from 'vitest';
import { handleEvent } from '../../src/core/inbound/handle.js';
import { makeDeps, textEvent } from '../support/core.js';

describe('durable inbox: exactly once across processes', () => {
  it('the second handling of the same entry changes nothing and says so', async () => {
    const deps = makeDeps();
    const event = textEvent('report vpc-basics the limit in the answer changed in 2025');
    const { id } = await deps.store.inbox.accept({ platform: 'test', externalId: 'trigger-1', event: JSON.stringify(event), replyTo: null, at: deps.clock.now() });

    const first = await handleEvent(event, deps, { inboxId: id });
    const second = await handleEvent(event, deps, { inboxId: id });
    expect(first.status).toBe('ok');
    expect(second.status).toBe('duplicate');
    expect(deps.store.db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 1 });
    expect(deps.store.db.prepare('SELECT state, outcome FROM inbox').all()).toEqual([{ state: 'done', outcome: 'ok' }]);
    expect(await deps.store.inbox.pending('test', 10)).toEqual([]);
  });

  it('handled concurrently, one wins and the other is rolled back', async () => {
    const deps = makeDeps();
    const event = textEvent('report iam-roles the example uses the wrong principal');
    const { id } = await deps.store.inbox.accept({ platform: 'test', externalId: 'trigger-2', event: JSON.stringify(event), replyTo: null, at: deps.clock.now() });
    const outcomes = await Promise.all([handleEvent(event, deps, { inboxId: id }), handleEvent(event, deps, { inboxId: id })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'ok']);
    expect(deps.store.db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 1 });
  });
});

describe('durable inbox: finishing after a restart', () => {
  it('a command that would open a form says to run it again instead (its trigger expired)', async () => {
    const deps = makeDeps();
    const event = textEvent('report vpc-basics');
    const { id } = await deps.store.inbox.accept({ platform: 'test', externalId: 'trigger-3', event: JSON.stringify(event), replyTo: null, at: deps.clock.now() });
    const live = await handleEvent(textEvent('report vpc-basics'), deps);
    expect(live.delivery).toBe('form');
    const recovered = await handleEvent(event, deps, { inboxId: id, recovered: true });
    expect(recovered.delivery).toBe('private');
    expect(recovered.form).toBeUndefined();
    expect(recovered.reply.fallbackText).toMatch(/restarted before your form could open/);
  });
});
