import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** The README's run command, as a child process with its stdin piped. */
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
  it('question → answer → knew → streak, scripted through stdin, exits 0 on EOF', () => {
    const r = runBot('question\nanswer\nknew\nstreak\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("== Today's question ==");
    expect(r.stdout).toContain('== AWS interview question ==');
    expect(r.stdout).toContain('== Answer ==');
    expect(r.stdout).toMatch(/Links:\n {2}- .+ \[docs\]: https:\/\/docs\.aws\.amazon\.com\//);
    expect(r.stdout).toContain('> Grade yourself: 1 = Knew it · 2 = Partly · 3 = Didn\'t know');
    expect(r.stdout).toContain('🔥 1-day streak (longest 1)');
    expect(r.stdout).toContain('Current streak: 1 day');
  });

  it('keeps progress in the SQLite file between runs', () => {
    const first = runBot('answer\n1\n');
    const again = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      input: 'streak\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_PATH: join(first.dir, 'bot.sqlite') },
    });
    expect(again.stdout).toContain('Questions graded: 1');
  });

  it('answers bad input with a clear message and carries on', () => {
    const r = runBot('dance\nanswer nope\ntimezone Mars/Base\ntopics\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`⚠️ I don't know the command "dance"`);
    expect(r.stdout).toContain('⚠️ There is no question with id "nope"');
    expect(r.stdout).toContain('not a time zone I know');
    expect(r.stdout).toMatch(/questions in \d+ topics/);
  });

  it('exits 0 on Ctrl-C (SIGINT)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'bot.sqlite') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((res) => child.stdout.on('data', () => out.includes("Today's question") && res()));
    child.kill('SIGINT');
    const code = await new Promise((res) => child.on('exit', res));
    expect(code).toBe(0);
  });

  it('stops with a message naming the variable on bad configuration', () => {
    const bad = runBot('', { PORT: 'eighty', DEFAULT_TIMEZONE: 'Mars/Base' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('PORT must be a port number');
    expect(bad.stderr).toContain('DEFAULT_TIMEZONE must be an IANA time zone');
    const half = runBot('', { SLACK_BOT_TOKEN: 'xoxb-1234-secret' });
    expect(half.status).toBe(1);
    expect(half.stderr).toContain('SLACK_BOT_TOKEN is set, so also set SLACK_APP_TOKEN');
    expect(half.stderr).not.toContain('xoxb-1234-secret');
  });

  it('stops with a clear message when the database path is unusable', () => {
    // /dev/null is a file, so no folder can be made under it.
    const r = runBot('', { DATABASE_PATH: '/dev/null/bot.sqlite' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/DATABASE_PATH=\/dev\/null\/bot\.sqlite: cannot create or write the folder/);
  });
});
