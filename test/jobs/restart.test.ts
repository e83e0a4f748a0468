/**
 * Restart mid fan-out: a real child process posting through the real Discord
 * port (discord.js REST) to the loopback Discord fake is killed with SIGKILL
 * after some posts; a restarted process completes the rest.
 *
 * The kill is aimed at the worst moment on purpose: the fake has created the
 * 10th message but the child never gets the answer (a proxy withholds it), so
 * the post row stays `pending` with no message id. That is the one window a
 * database-side record cannot close; the restart (here in the test process,
 * on a fresh connection to the same file) re-sends that post after its
 * claim expires, with the same idempotency key as the message nonce, and
 * Discord (the fake does as Discord does with enforce_nonce) answers with the
 * message it already made. The test also counts the raw re-deliveries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { postKey } from '../../src/core/schedule.js';
import { startJobs } from '../../src/jobs/cron.js';
import { makeDeps, memoryLogger } from '../support/core.js';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { runChild, type ChildRun } from './support/child.js';
import { subscribeMany, tempDbPath } from './support/harness.js';
import { makePort, startRig, type PlatformRig } from './support/platforms.js';

const N = 30;
const CONCURRENCY = 4;
const KILL_AT = 10;
const T0 = Date.parse('2026-03-10T09:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const CREATE = /^\/api\/v10\/channels\/\d+\/messages$/;

let rig: PlatformRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A new jobs runner on the same file, with the real Discord port: its start-up run, then a graceful stop. */
async function restartAt(now: string) {
  const deps = makeDeps({ dbPath: lastDbPath, now });
  const made = makePort(rig!.endpoint, deps.logger);
  deps.chat.add(made.port);
  const jobs = startJobs({ deps, concurrency: CONCURRENCY, reminders: false, schedule: () => ({ stop() {}, destroy() {} }) });
  try {
    return await jobs.started;
  } finally {
    await jobs.stop();
    made.close();
    deps.store.db.close();
  }
}
let lastDbPath = '';

describe('restart mid fan-out (child process, SIGKILL, real Discord port)', () => {
  // A child process under tsx takes a few seconds to start on a busy machine.
  it('every due subscription ends with exactly one message', { timeout: 60_000 }, async () => {
    const dbPath = (lastDbPath = tempDbPath());
    const db = openDatabase(dbPath);
    const store = new SqliteStore(db);

    let first: ChildRun | undefined;
    let created = 0;
    rig = await startRig('discord', memoryLogger(), {
      onAnswered: (call) => {
        if (call.method !== 'POST' || !CREATE.test(call.path) || call.status !== 200 || !first) return;
        if (++created !== KILL_AT) return;
        first.child.kill('SIGKILL');
        return 'hold';
      },
    });
    const subs = await subscribeMany(store, N, { platform: 'discord', scope: rig.scope }, rig.channelName);
    first = runChild({ dbPath, endpoint: rig.endpoint, concurrency: CONCURRENCY, now: at(0) });
    const killed = await first.exited;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    first = undefined;

    const states = () =>
      Object.fromEntries(
        (db.prepare('SELECT state, COUNT(*) AS n FROM posts GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]),
      );
    const afterKill = states();
    expect(afterKill.pending).toBeGreaterThanOrEqual(1); // at least the held post: claimed, delivered, unrecorded
    expect((afterKill.sent ?? 0) + afterKill.pending!).toBeLessThanOrEqual(KILL_AT + CONCURRENCY);

    // A restart one minute later (in this process, on a fresh connection: only
    // the killed run had to be a real process). The claims of the killed process
    // still hold, so its in-flight posts are left alone; everything never claimed is posted.
    const second = await restartAt(at(1));
    expect(second.deliveries.failed + second.deliveries.retrying).toBe(0);
    expect(states().pending).toBe(afterKill.pending);

    // Once the claims expire (lease = send timeout 60 s + 30 s), the orphans are resolved.
    const third = await restartAt(at(2));
    expect(third.deliveries).toMatchObject({ sent: afterKill.pending });
    expect(states()).toEqual({ sent: N });

    // Exactly one message per subscription and day, and the database agrees with the platform.
    const accepted = rig.accepted();
    const messages = new Map<string, Set<string>>();
    for (const p of accepted) messages.set(p.channel, (messages.get(p.channel) ?? new Set()).add(p.messageId));
    expect([...messages.keys()].sort()).toEqual(subs.map((s) => s.channelRef).sort());
    expect([...messages.values()].every((ids) => ids.size === 1)).toBe(true);
    for (const p of accepted) expect(p.nonce).toBe(postKey(subs.find((s) => s.channelRef === p.channel)!.id, '2026-03-10'));
    const rows = db.prepare('SELECT s.channel_ref AS channel, p.message_id FROM posts p JOIN subscriptions s ON s.id = p.subscription_id').all() as {
      channel: string;
      message_id: string;
    }[];
    for (const r of rows) expect(messages.get(r.channel)).toEqual(new Set([r.message_id]));

    // The window, measured: re-deliveries are the posts the platform had made when
    // the process died but whose answer it never recorded (a pending row whose
    // request had not reached the platform yet is delivered only once).
    const redelivered = accepted.length - N;
    expect(redelivered).toBeGreaterThanOrEqual(1);
    expect(redelivered).toBeLessThanOrEqual(afterKill.pending!);
    expect(afterKill.pending).toBeLessThanOrEqual(CONCURRENCY);
    db.close();
  });
});
