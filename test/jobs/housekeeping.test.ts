/**
 * The hourly housekeeping pass of the jobs' tick: handled inbox entries are
 * kept a day, finished mock sessions 30 days, the subscriptions of a
 * workspace that removed the app 30 days; nothing else is touched.
 */
import { describe, expect, it } from 'vitest';
import { startJobs, type CronSchedule } from '../../src/jobs/cron.js';
import { makeDeps, type TestDeps } from '../support/core.js';
import { HOUR, MINUTE, RecordingPort, subscribe } from './support/harness.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms);
const DAY = 24 * HOUR;
const noCron: CronSchedule = () => ({ stop() {}, destroy() {} });

async function inboxEntry(deps: TestDeps, id: string, acceptedAt: Date, done: boolean) {
  const { id: rowId } = await deps.store.inbox.accept({ platform: 'test', externalId: id, event: '{}', replyTo: null, at: acceptedAt });
  if (done) await deps.store.inbox.markDone(rowId, 'ok', acceptedAt);
}

async function mockSession(deps: TestDeps, user: string, startedAt: Date, finishedAt: Date | null) {
  await deps.store.people.touch(user, null, startedAt);
  const session = await deps.store.mocks.start(user, null, ['vpc-basics'], startedAt);
  if (finishedAt) await deps.store.mocks.finish(session.id, finishedAt);
  return session.id;
}

const inboxIds = (deps: TestDeps) => (deps.store.db.prepare('SELECT external_id FROM inbox ORDER BY external_id').all() as { external_id: string }[]).map((r) => r.external_id);
const channelKeys = async (deps: TestDeps) => (await deps.store.channels.listSubscriptions()).map((s) => s.channelKey);
const mockIds = (deps: TestDeps) => (deps.store.db.prepare('SELECT id FROM mock_sessions ORDER BY id').all() as { id: number }[]).map((r) => r.id);

describe('housekeeping', () => {
  it('prunes done inbox entries older than a day and finished mock sessions older than 30 days', async () => {
    const deps = makeDeps({ now: new Date(NOW).toISOString() });
    deps.chat.add(new RecordingPort());
    await inboxEntry(deps, 'done-25h', ago(25 * HOUR), true);
    await inboxEntry(deps, 'done-23h', ago(23 * HOUR), true);
    await inboxEntry(deps, 'pending-3d', ago(3 * DAY), false); // accepted, never finished: recovery needs it
    const finishedLongAgo = await mockSession(deps, 'test:a', ago(32 * DAY), ago(31 * DAY));
    const finishedRecently = await mockSession(deps, 'test:b', ago(30 * DAY), ago(29 * DAY));
    const stillActive = await mockSession(deps, 'test:c', ago(40 * DAY), null);
    // Starting another session ends the person's active one (abandoned): it ages out like a finished one.
    const abandoned = await mockSession(deps, 'test:d', ago(33 * DAY), null);
    const current = await mockSession(deps, 'test:d', ago(31 * DAY), null);

    // Workspaces that removed the app: one 31 days ago, one 29 days ago; a third still has it.
    await subscribe(deps.store, { channel: 'gone', scope: 'test:GONE' });
    await subscribe(deps.store, { channel: 'leaving', scope: 'test:LEAVING' });
    await subscribe(deps.store, { channel: 'staying', scope: 'test:STAYING' });
    await deps.store.channels.suspendScope('test:GONE', 'the app was removed', ago(31 * DAY));
    await deps.store.channels.suspendScope('test:LEAVING', 'the app was removed', ago(29 * DAY));

    const jobs = startJobs({ deps, schedule: noCron });
    await jobs.started;
    expect(inboxIds(deps)).toEqual(['done-23h', 'pending-3d']);
    expect(await channelKeys(deps)).toEqual(['test:leaving', 'test:staying']);
    expect(mockIds(deps)).toEqual([finishedRecently, stillActive, current].sort((a, b) => a - b));
    expect(mockIds(deps)).not.toContain(finishedLongAgo);
    expect(mockIds(deps)).not.toContain(abandoned);
    await jobs.stop();
  });

  it('runs once an hour, not every minute', async () => {
    const deps = makeDeps({ now: new Date(NOW).toISOString() });
    deps.chat.add(new RecordingPort());
    const jobs = startJobs({ deps, schedule: noCron });
    await jobs.started; // the first pass, at start-up
    // An entry handled 25 hours before the next minute: old enough, but the pass ran a minute ago.
    await inboxEntry(deps, 'late', ago(25 * HOUR), true);
    for (let i = 0; i < 59; i++) {
      deps.clock.advance(MINUTE);
      await jobs.tick();
    }
    expect(inboxIds(deps)).toEqual(['late']);
    deps.clock.advance(MINUTE); // an hour after the first pass
    await jobs.tick();
    expect(inboxIds(deps)).toEqual([]);
    await jobs.stop();
  });

  it('a failing pass is logged and does not stop the tick', async () => {
    const deps = makeDeps({ now: new Date(NOW).toISOString() });
    deps.chat.add(new RecordingPort());
    deps.store.inbox.prune = () => Promise.reject(new Error('disk I/O error'));
    const jobs = startJobs({ deps, schedule: noCron });
    expect((await jobs.started).deliveries).toMatchObject({ due: 0 });
    expect(deps.logger.lines.find((l) => l.msg === 'housekeeping failed')).toMatchObject({ level: 'warn' });
    await jobs.stop();
  });
});
