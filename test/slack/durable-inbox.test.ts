/**
 * Nothing Slack was told "accepted" is lost, with a real crash: a bot process
 * (support/slack-child.ts: Slack HTTP mode on a temp SQLite file, against the
 * loopback fake) receives 40 concurrent signed grade clicks from 40 people.
 * users.info is held at the fake, so each click is acknowledged (HTTP 200)
 * and then waits in its processing — a slow Slack. Mid-way the process is
 * SIGKILLed. A restarted process on the same database recovers at start-up:
 * every acknowledged click's grade is recorded exactly once, none twice, and
 * each gets its reply through its response URL (still valid).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { blockActionsBody, FORM, signedHeaders } from '../fakes/slack-requests.js';
import { collect, exitOf, freePort, logLines, waitFor } from '../ops/support/process.js';
import { textOf } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'durable-inbox-signing-secret';
const CLICKS = 40;
const KILL_AFTER_ACKS = 20;

let fake: FakeSlackApi | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake?.close();
  fake = undefined;
});

function startChild(apiUrl: string, dbPath: string, port: number, waitForStart: boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/slack/support/slack-child.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: 'xoxb-durable-inbox',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: apiUrl,
      DATABASE_PATH: dbPath,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(waitForStart ? { WAIT_FOR_START: '1' } : {}),
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  children.push(child);
  const stderr = collect(child.stderr);
  const logged = (msg: string) => waitFor(() => logLines(stderr.text()).find((l) => l.msg === msg), 30_000, `"${msg}" from the bot process\n${stderr.text()}`);
  return { child, stderr, logged };
}

function readDb<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const user = (i: number) => `U0CLICK${String(i).padStart(2, '0')}`;

it('finishes every acknowledged click exactly once after a SIGKILL, and replies through its response URL', async () => {
  fake = await FakeSlackApi.start();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'awsbot-inbox-')), 'bot.sqlite');
  const [port1, port2] = [await freePort(), await freePort()];
  const first = startChild(fake.apiUrl, dbPath, port1, false);
  // The restart loads its code meanwhile and waits to open the database until the first process is dead.
  const second = startChild(fake.apiUrl, dbPath, port2, true);
  await Promise.all([first.logged('child ready'), second.logged('child loaded')]);

  // Slack is slow to answer users.info: every click is acknowledged, then waits in its processing.
  const releaseUsersInfo = fake.hold('users.info');
  const acked = new Set<string>();
  let killed = false;
  const clicks = Array.from({ length: CLICKS }, async (_, i) => {
    const body = blockActionsBody({ action_id: 'grade:vpc-basics:knew', user_id: user(i), response_url: fake!.responseUrl(user(i)), ephemeral: true });
    try {
      const res = await fetch(`http://127.0.0.1:${port1}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body, FORM), body });
      await res.text();
      // A 200 that arrived at all was sent before the process died: Slack would count it as accepted.
      if (res.status === 200) acked.add(user(i));
    } catch {
      return; // in flight when the process died: never acknowledged
    }
    if (acked.size >= KILL_AFTER_ACKS && !killed) {
      killed = true;
      first.child.kill('SIGKILL');
    }
  });
  await Promise.all(clicks);
  expect(await exitOf(first.child, 10_000)).toBe('signal:SIGKILL');
  expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

  // The crash landed between "accepted" and "done": nothing applied yet, every acknowledged click waiting in the inbox.
  const beforeRestart = readDb(dbPath, (db) => ({
    attempts: (db.prepare('SELECT COUNT(*) FROM attempts').pluck().get() as number),
    pending: db.prepare("SELECT external_id FROM inbox WHERE state = 'pending'").pluck().all() as string[],
  }));
  expect(beforeRestart.attempts).toBe(0);
  expect(beforeRestart.pending.length).toBeGreaterThanOrEqual(acked.size);
  expect(fake.responds).toEqual([]);

  releaseUsersInfo();
  second.child.stdin!.write('start\n');
  const recovered = await second.logged('Slack inbox recovered');
  expect(recovered).toMatchObject({ finished: beforeRestart.pending.length, replied: beforeRestart.pending.length });

  const rows = readDb(dbPath, (db) => db.prepare('SELECT user_key AS userKey, question_id AS id, grade FROM attempts').all() as { userKey: string; id: string; grade: string }[]);
  const perUser = new Map<string, number>();
  for (const r of rows) perUser.set(r.userKey, (perUser.get(r.userKey) ?? 0) + 1);
  // Every acknowledged click recorded, once.
  for (const u of acked) expect(perUser.get(`slack:T0FAKE01:${u}`)).toBe(1);
  // None twice, acknowledged or not.
  expect([...perUser.values()].filter((n) => n > 1)).toEqual([]);
  expect(rows.every((r) => r.id === 'vpc-basics' && r.grade === 'knew')).toBe(true);
  expect(readDb(dbPath, (db) => db.prepare("SELECT COUNT(*) FROM inbox WHERE state = 'pending'").pluck().get())).toBe(0);

  // Each acknowledged click got its answer through its response URL, once.
  for (const u of acked) {
    const replies = fake.respondsTo(u);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(replies[0]!.body)).toContain('Recorded: Knew it');
  }

  // Recovery runs during start-up; stop once the process is up (its SIGTERM handler is set then).
  await second.logged('child ready');
  second.child.kill('SIGTERM');
  // 20 s: a loaded CI machine can take a while to tear a process down; the point is the clean exit code.
  expect(await exitOf(second.child, 20_000)).toBe(0);
  const lines = logLines(first.stderr.text() + second.stderr.text());
  expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  expect(JSON.stringify(lines)).not.toContain(SECRET);
}, 60_000);
