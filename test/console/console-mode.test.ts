/**
 * The README's run command (`npm start` = src/main.ts) as a child process with
 * its stdin piped: the composition root starts the console when no chat
 * platform is configured. What the console itself does is tested in-process
 * (session.test.ts); here only what needs a real process: exit codes, the
 * SQLite file between runs, signals, and start-up failures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';

const ROOT = resolve(import.meta.dirname, '../..');

function runBot(input: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: join(dir, 'bot.sqlite'), ...env },
    timeout: 60_000,
  });
  return { ...r, dir };
}

describe('console practice mode (no tokens)', () => {
  it('answer → 1 → streak, scripted through stdin, exits 0 on EOF with nothing on stderr', () => {
    const r = runBot('answer\n1\nstreak\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("== Today's question ==");
    expect(r.stdout).toContain('== Answer ==');
    expect(r.stdout).toContain('🔥 1-day streak (longest 1)');
    expect(r.stdout).toContain('Questions graded: 1');
    expect(r.stdout).not.toMatch(/\u001b\[/); // piped: no colour
  });

  it('keeps progress in the SQLite file between runs', async () => {
    // The first "run": a grade written to the file the way the bot writes it.
    const dir = mkdtempSync(join(tmpdir(), 'console-'));
    const path = join(dir, 'bot.sqlite');
    const store = new SqliteStore(openDatabase(path));
    await store.people.touch('console:local', 'you', new Date());
    await store.practice.insertAttempt({ userKey: 'console:local', scope: 'console', channelKey: 'console:local', questionId: 'vpc-basics', localDate: '2026-03-10', grade: 'knew', at: new Date() });
    await store.close();
    const again = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      input: 'streak\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_PATH: path },
      timeout: 60_000,
    });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Questions graded: 1');
  });

  it('exits 0 on Ctrl-C (SIGINT)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'bot.sqlite') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((res) =>
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes("Today's question")) res();
      }),
    );
    child.kill('SIGINT');
    const code = await new Promise((res) => child.on('exit', res));
    expect(code).toBe(0);
  });

  it('stops with a message naming each bad variable, exit 1', () => {
    const bad = runBot('', { PORT: 'eighty', DEFAULT_TIMEZONE: 'Mars/Base' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('PORT must be a port number');
    expect(bad.stderr).toMatch(/^  - DEFAULT_TIMEZONE must be .*time zone.*Europe\/Berlin$/m);
    expect(bad.stderr).not.toContain('Mars/Base'); // the bad value is not echoed
  });

  it('a half-configured platform stops the start, without echoing the secret', () => {
    const half = runBot('', { SLACK_BOT_TOKEN: 'xoxb-1234-secret' });
    expect(half.status).toBe(1);
    expect(half.stderr).toContain('SLACK_BOT_TOKEN is set, so also set SLACK_APP_TOKEN');
    expect(half.stderr).not.toContain('xoxb-1234-secret');
  });

  it('stops with one clear message when the database path is unusable', () => {
    // /dev/null is a file, so no folder can be made under it.
    const r = runBot('', { DATABASE_PATH: '/dev/null/bot.sqlite' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'DATABASE_PATH=/dev/null/bot.sqlite: /dev/null is not a folder. Set DATABASE_PATH to a writable file path (in the Docker image: /data/bot.sqlite on a volume writable by uid 1000).',
    );
  });
});
