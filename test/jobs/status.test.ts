/** `npm run schedule:status`, the console ChatPort and the work pool. */
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleChatPort } from '../../src/adapters/console/chat-port.js';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { WorkPool } from '../../src/jobs/pool.js';
import { formatStatus, scheduleStatus } from '../../src/jobs/status.js';
import { makeDeps } from '../support/core.js';
import { RecordingPort, subscribe, tempDbPath } from './support/harness.js';

describe('schedule status', () => {
  it('lists every subscription with its next run and last outcome', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'ok', time: '09:00', timezone: 'UTC' });
    await subscribe(deps.store, { channel: 'retry', time: '09:00', timezone: 'UTC' });
    await subscribe(deps.store, { channel: 'later', time: '18:30', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], topics: ['iam'] });
    await subscribe(deps.store, { channel: 'paused', time: '07:00', timezone: 'UTC', pausedUntil: '2026-03-20' });
    deps.chat.add(new RecordingPort('test', (ref) => (ref === 'retry' ? { ok: false, kind: 'transient', reason: 'rate_limited', detail: 'HTTP 429' } : null)));
    await new Deliveries({ deps }).runDue(deps.clock.now());
    const text = formatStatus(await scheduleStatus(deps.store.channels, deps.clock.now()), deps.clock.now());
    expect(text).toContain('4 subscription(s) at 2026-03-10T09:00:00.000Z');
    expect(text).toMatch(
      /test:ok\n {2}when: {3}09:00 UTC daily\n {2}next: {3}Wed 11 Mar 09:00 UTC \(2026-03-11T09:00:00.000Z\)\n {2}last: {3}sent 2026-03-10 at 2026-03-10 09:00 UTC \(message msg-\d\)\n {2}status: ok/,
    );
    expect(text).toContain('last:   retrying 2026-03-10: attempt 1 failed (rate_limited: HTTP 429), next try 2026-03-10 09:01 UTC');
    expect(text).toContain('when:   18:30 Europe/Berlin mon-fri [iam]');
    expect(text).toContain('next:   Tue 10 Mar 18:30 Europe/Berlin (2026-03-10T17:30:00.000Z)');
    expect(text).toContain('last:   nothing posted yet');
    // A pause moves the next run to the day it ends.
    expect(text).toContain('when:   07:00 UTC daily paused until 2026-03-20');
    expect(text).toContain('next:   Fri 20 Mar 07:00 UTC (2026-03-20T07:00:00.000Z)');
  });

  it('says how to start when there is nothing', () => {
    expect(formatStatus([], new Date('2026-03-10T09:00:00Z'))).toMatch(/^No subscriptions\./);
  });

  it('npm run schedule:status reads DATABASE_PATH', async () => {
    const path = tempDbPath();
    const deps = makeDeps({ dbPath: path });
    await subscribe(deps.store, { channel: 'C1', time: '07:15', timezone: 'Asia/Tokyo' });
    deps.store.db.close();
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/schedule-status.ts'], {
      env: { PATH: process.env.PATH, DATABASE_PATH: path },
      encoding: 'utf8',
    });
    expect(out).toContain('1 subscription(s) at');
    expect(out).toContain('test:C1');
    expect(out).toContain('when:   07:15 Asia/Tokyo daily');
    expect(out).toContain('last:   nothing posted yet');
  });
});

describe('ConsoleChatPort', () => {
  it('prints the daily post in the terminal and returns a message id', async () => {
    let printed = '';
    const out = new Writable({ write: (chunk, _enc, done) => ((printed += String(chunk)), done()) });
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'local', platform: 'console' });
    deps.chat.add(new ConsoleChatPort(out, { width: 100, color: false, hyperlinks: false }));
    expect(await new Deliveries({ deps }).runDue(deps.clock.now())).toMatchObject({ sent: 1 });
    expect(printed).toContain("== Today's AWS interview question ==");
    expect(printed).toContain('type "answer" (reveal answer)');
    expect(deps.store.db.prepare('SELECT message_id FROM posts').get()).toEqual({ message_id: expect.stringMatching(/^console-/) });
  });

  it('a terminal write that fails is a permanent failure', async () => {
    const out = new Writable({ write: (_chunk, _enc, done) => done(new Error('EPIPE')) });
    out.on('error', () => {});
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    const sub = await subscribe(deps.store, { channel: 'local', platform: 'console' });
    deps.chat.add(new ConsoleChatPort(out, { width: 100, color: false, hyperlinks: false }));
    expect(await new Deliveries({ deps }).runDue(deps.clock.now())).toMatchObject({ failed: 1 });
    expect(await deps.store.channels.getSubscription(sub.channelKey)).toMatchObject({ status: 'failing', lastError: 'unknown: terminal write failed: EPIPE' });
  });
});

describe('WorkPool', () => {
  it('never runs more than its limit at once, and runs everything', async () => {
    const pool = new WorkPool(3);
    let active = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.run(async () => {
          peak = Math.max(peak, ++active);
          for (let k = 0; k < (i % 4) + 1; k++) await Promise.resolve();
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(pool.busy).toBe(0);
    expect(pool.queued).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new WorkPool(0)).toThrow(RangeError);
  });
});
