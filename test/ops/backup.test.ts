/**
 * `node dist/main.js backup <file>` (here: src/main.ts under tsx) while the
 * bot's connection keeps writing; the backup restores (as the docs say: copy
 * over DATABASE_PATH, start) to the same tables with the row counts of one
 * moment.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, runBackupCli } from '../../src/ops/backup.js';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { makeDeps, run, tableCounts } from '../support/core.js';
import { collect, exitOf } from './support/process.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A database with rows in the main tables, like a bot that has been used for a while. */
async function usedDatabase(dir: string) {
  const deps = makeDeps({ dbPath: join(dir, 'bot.sqlite') });
  for (const line of ['subscribe 09:00 Europe/Berlin', 'timezone Europe/Berlin', 'question', 'answer vpc-basics', 'knew']) {
    expect((await run(deps, line, { admin: true })).status, line).toBe('ok');
  }
  await deps.store.transaction(async (tx) => {
    for (let i = 0; i < 2000; i++) await tx.people.touch(`slack:T1:U${i}`, `user ${i}`, deps.clock.now());
  });
  return deps;
}

/** The bot at work: a write every few milliseconds on its own connection. */
function keepWriting(store: SqliteStore) {
  let n = 0;
  const timer = setInterval(() => {
    void store.people.touch(`discord:writer-${n++}`, 'writer', new Date());
  }, 2);
  return { writes: () => n, stop: () => clearInterval(timer) };
}

const restore = (backup: string, dir: string) => {
  const path = join(dir, 'restored.sqlite');
  copyFileSync(backup, path);
  return new SqliteStore(openDatabase(path));
};

describe('online backup', () => {
  it('backs up through `main.js backup` while another connection writes, and restores to the same row counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsbot-backup-'));
    const deps = await usedDatabase(dir);
    const before = tableCounts(deps.store);
    const writer = keepWriting(deps.store);
    const target = join(dir, 'backups', 'bot-backup.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'backup', target], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'bot.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    const writesAtStart = writer.writes();
    const code = await exitOf(child, 30_000);
    const writesDuring = writer.writes() - writesAtStart;
    writer.stop();
    expect(err.text()).toBe('');
    expect(code).toBe(0);
    expect(out.text()).toMatch(/^Backed up .*bot\.sqlite to .*bot-backup\.sqlite \(\d+ bytes; rows: .*users=\d+/);
    expect(writesDuring).toBeGreaterThan(0);
    expect(existsSync(`${target}-wal`)).toBe(false); // a self-contained file

    // A snapshot of one moment between the start and the end of the backup.
    const restored = restore(target, dir);
    const counts = tableCounts(restored);
    const after = tableCounts(deps.store);
    expect(Object.keys(counts)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) {
      expect(counts[table], table).toBeGreaterThanOrEqual(before[table]!);
      expect(counts[table], table).toBeLessThanOrEqual(after[table]!);
    }
    expect(counts.users).toBeGreaterThan(2000);
    restored.db.close();

    // With the writer stopped, a backup matches the live database table for table.
    const quiet = await backupDatabase(join(dir, 'bot.sqlite'), join(dir, 'quiet.sqlite'));
    const exact = restore(quiet.path, mkdtempSync(join(tmpdir(), 'awsbot-restore-')));
    expect(tableCounts(exact)).toEqual(tableCounts(deps.store));
    expect(quiet.tables).toEqual(tableCounts(deps.store));
    exact.db.close();
    deps.store.db.close();
  }, 40_000);

  it('refuses what would lose data or make no sense, with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsbot-backup-'));
    const db = openDatabase(join(dir, 'bot.sqlite'));
    const env = { DATABASE_PATH: join(dir, 'bot.sqlite') };
    const lines: string[] = [];
    const run = (args: string[], e: Record<string, string> = env) => runBackupCli(args, e, (l) => lines.push(l), (l) => lines.push(l));

    expect(await run([])).toBe(2);
    expect(lines.pop()).toMatch(/^Usage: npm run backup -- <backup file>/);
    writeFileSync(join(dir, 'taken.sqlite'), 'x');
    expect(await run([join(dir, 'taken.sqlite')])).toBe(1);
    expect(lines.pop()).toContain('already exists; choose a new name or pass --force');
    expect(await run([join(dir, 'taken.sqlite'), '--force'])).toBe(0);
    expect(await run([join(dir, 'x.sqlite')], { DATABASE_PATH: join(dir, 'missing.sqlite') })).toBe(1);
    expect(lines.pop()).toContain('No database at');
    expect(await run([join(dir, 'bot.sqlite')])).toBe(1);
    expect(lines.pop()).toContain('must not be the database itself');
    // With PostgreSQL the SQLite file is not the data: refuse rather than back up the wrong thing.
    expect(await run([join(dir, 'pg.sqlite')], { ...env, DATABASE_URL: 'postgres://bot@localhost/bot' })).toBe(1);
    expect(lines.pop()).toMatch(/^DATABASE_URL is set: .*pg_dump/);
    db.close();
  });
});
