/**
 * Restart mid fan-out: a real child process posting to a loopback platform is
 * killed with SIGKILL after some posts; a restarted process completes the rest.
 *
 * The kill is aimed at the worst moment on purpose: the sink has stored the
 * 10th post but the child never gets the answer, so the post row stays
 * `pending` with no message id. That is the one window a database-side record
 * cannot close (see docs/scheduler.md); the restart re-sends that post after
 * its claim expires, with the same idempotency key. A platform that
 * de-duplicates by key (Discord's nonce) keeps it to one message, which is
 * what the sink does here; the test also counts the raw re-deliveries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { postKey } from '../../src/core/schedule.js';
import { openDatabase } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ChatSink } from '../fakes/chat-sink.js';
import { runChild, type ChildRun } from './support/child.js';
import { subscribeMany, tempDbPath } from './support/harness.js';

const N = 30;
const CONCURRENCY = 4;
const KILL_AT = 10;
const T0 = Date.parse('2026-03-10T09:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

let sink: ChatSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('restart mid fan-out (child process, SIGKILL)', () => {
  it('every due subscription ends with exactly one post', async () => {
    const dbPath = tempDbPath();
    const db = openDatabase(dbPath);
    const store = new SqliteStore(db);
    const subs = subscribeMany(store, N);

    let first: ChildRun | undefined;
    sink = await ChatSink.start({
      dedupeByKey: true,
      onAccepted: (post) => {
        if (post.seq !== KILL_AT) return;
        first!.child.kill('SIGKILL');
        return 'hold';
      },
    });
    const cfg = { dbPath, sinkUrl: sink.url, concurrency: CONCURRENCY };
    first = runChild({ ...cfg, now: at(0) });
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');

    const states = () =>
      Object.fromEntries(
        (db.prepare('SELECT state, COUNT(*) AS n FROM posts GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]),
      );
    const afterKill = states();
    expect(afterKill.pending).toBeGreaterThanOrEqual(1); // at least the held post: claimed, delivered, unrecorded
    expect((afterKill.sent ?? 0) + afterKill.pending!).toBeLessThanOrEqual(KILL_AT + CONCURRENCY);

    // A restart one minute later: the claims of the killed process still hold, so
    // its in-flight posts are left alone; everything never claimed is posted.
    const second = await runChild({ ...cfg, now: at(1) }).exited;
    expect(second.code, second.stderr).toBe(0);
    expect(states().pending).toBe(afterKill.pending);

    // Once the claims expire (lease = send timeout 60 s + 30 s), the orphans are resolved.
    const third = await runChild({ ...cfg, now: at(2) }).exited;
    expect(third.code, third.stderr).toBe(0);
    expect(third.summary).toMatchObject({ sent: afterKill.pending });
    expect(states()).toEqual({ sent: N });

    // Exactly one message per subscription and day, and the database agrees with the platform.
    const expectedKeys = subs.map((s) => postKey(s.id, '2026-03-10'));
    const counts = sink.countsByKey();
    expect([...counts.keys()].sort()).toEqual([...expectedKeys].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const rows = db.prepare('SELECT subscription_id, local_date, message_id FROM posts').all() as {
      subscription_id: number;
      local_date: string;
      message_id: string;
    }[];
    const byKey = new Map(sink.messages.map((m) => [m.key, m.messageId]));
    for (const r of rows) expect(r.message_id).toBe(byKey.get(postKey(r.subscription_id, r.local_date)));

    // The window, measured: re-deliveries are the posts the platform had stored
    // when the process died but whose answer it never recorded (a pending row
    // whose request had not reached the platform yet is delivered only once).
    const redelivered = sink.deliveries.length - sink.messages.length;
    expect(redelivered).toBeGreaterThanOrEqual(1);
    expect(redelivered).toBeLessThanOrEqual(afterKill.pending!);
    expect(afterKill.pending).toBeLessThanOrEqual(CONCURRENCY);
    console.info(`restart test: ${redelivered} post(s) caught in the accept-before-record window, de-duplicated by key`);
    db.close();
  });
});
