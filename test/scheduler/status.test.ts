/** `npm run schedule:status` and the console ChatPort. */
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleChatPort } from '../../src/adapters/console/chat-port.js';
import { DailyPoster } from '../../src/scheduler/daily-poster.js';
import { WorkPool } from '../../src/scheduler/pool.js';
import { formatStatus, scheduleStatus } from '../../src/scheduler/status.js';
import { makeDeps } from '../support/core.js';
import { RecordingPort, subscribe, tempDbPath } from './support/harness.js';

describe('schedule status', () => {
  it('lists every subscription with its next run and last outcome', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    subscribe(deps.store, { channel: 'ok', time: '09:00', timezone: 'UTC' });
    subscribe(deps.store, { channel: 'retry', time: '09:00', timezone: 'UTC' });
    subscribe(deps.store, { channel: 'later', time: '18:30', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], topics: ['iam'] });
    const port = new RecordingPort('discord', (ref) =>
      ref === 'retry' ? { ok: false, kind: 'transient', reason: 'rate_limited', detail: 'HTTP 429' } : null,
    );
    await new DailyPoster({ deps, posts: deps.store, ports: [port] }).runDue(deps.clock.now());
    const text = formatStatus(scheduleStatus(deps.store, deps.clock.now()), deps.clock.now());
    expect(text).toContain('3 subscription(s) at 2026-03-10T09:00:00.000Z');
    expect(text).toMatch(/discord:ok\n {2}when: {3}09:00 UTC daily\n {2}next: {3}2026-03-11T09:00:00.000Z \(2026-03-11 local\)\n {2}last: {3}sent 2026-03-10 at 2026-03-10 09:00 UTC \(message msg-\d\)\n {2}status: ok/);
    expect(text).toContain('last:   retrying 2026-03-10: attempt 1 failed (rate_limited: HTTP 429), next try 2026-03-10 09:01 UTC');
    expect(text).toContain('when:   18:30 Europe/Berlin mon-fri [iam]');
    expect(text).toContain('next:   2026-03-10T17:30:00.000Z (2026-03-10 local)');
    expect(text).toContain('last:   nothing posted yet');
  });

  it('npm run schedule:status reads DATABASE_PATH', () => {
    const path = tempDbPath();
    const deps = makeDeps({ dbPath: path });
    subscribe(deps.store, { channel: 'C1', time: '07:15', timezone: 'Asia/Tokyo' });
    deps.store.db.close();
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/schedule-status.ts'], {
      env: { ...process.env, DATABASE_PATH: path },
      encoding: 'utf8',
    });
    expect(out).toContain('discord:C1');
    expect(out).toContain('when:   07:15 Asia/Tokyo daily');
    expect(out).toContain('last:   nothing posted yet');
  });
});

describe('ConsoleChatPort', () => {
  it('prints the daily post in the terminal and returns a message id', async () => {
    let printed = '';
    const out = new Writable({ write: (chunk, _enc, done) => ((printed += String(chunk)), done()) });
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    subscribe(deps.store, { channel: 'local', platform: 'console' });
    const port = new ConsoleChatPort(out);
    expect(await new DailyPoster({ deps, posts: deps.store, ports: [port] }).runDue(deps.clock.now())).toMatchObject({ sent: 1 });
    expect(printed).toContain("== Today's AWS interview question ==");
    expect(printed).toContain('type "answer" to reveal');
    expect(deps.store.db.prepare('SELECT message_id FROM posts').get()).toEqual({ message_id: expect.stringMatching(/^console-/) });
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
  });
});
