/**
 * Online backups of the SQLite database while the bot runs, with SQLite's
 * backup API (better-sqlite3 `db.backup`). The copy is a consistent snapshot
 * of one moment — WAL mode lets the bot keep writing meanwhile — written to a
 * temporary name, checked with `PRAGMA quick_check`, then renamed into place,
 * so a backup file that exists is always complete.
 *
 *   npm run backup -- backups/bot-2026-03-10.sqlite        (development)
 *   node dist/backup.js /data/backups/bot-2026-03-10.sqlite (Docker image)
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export class BackupError extends Error {}

export interface BackupResult {
  path: string;
  bytes: number;
  /** Rows per table in the backup. */
  tables: Record<string, number>;
}

/** Rows per table (SQLite's own tables excluded), to compare a backup with its source. */
export function tableRowCounts(db: Database.Database): Record<string, number> {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(names.map((n) => [n, db.prepare(`SELECT COUNT(*) FROM "${n.replaceAll('"', '""')}"`).pluck().get() as number]));
}

export async function backupDatabase(sourcePath: string, targetPath: string, opts: { overwrite?: boolean } = {}): Promise<BackupResult> {
  const source = resolve(sourcePath);
  const target = resolve(targetPath);
  if (source === target) throw new BackupError('The backup file must not be the database itself.');
  if (!existsSync(source)) throw new BackupError(`No database at ${sourcePath} (set DATABASE_PATH to the bot's database file).`);
  if (existsSync(target) && !opts.overwrite) throw new BackupError(`${targetPath} already exists; choose a new name or pass --force.`);
  mkdirSync(dirname(target), { recursive: true });

  const partial = `${target}.partial-${process.pid}`;
  // A plain connection: no migrations, no pragmas that change the file. It only reads.
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All pages in one step: a step holds a read snapshot, so the copy is of a single
    // moment; with several steps, every write by the bot in between would restart it.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (err) {
    rmSync(partial, { force: true });
    throw new BackupError(`Backup failed: ${(err as Error).message}`);
  } finally {
    db.close();
  }

  const copy = new Database(partial, { fileMustExist: true });
  let tables: Record<string, number>;
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The backup failed its integrity check (${String(check)}); nothing was written.`);
    // A self-contained file: no WAL to carry around with it.
    copy.pragma('journal_mode = DELETE');
    tables = tableRowCounts(copy);
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    throw err;
  }
  copy.close();
  renameSync(partial, target);
  return { path: target, bytes: statSync(target).size, tables };
}

const USAGE = `Usage: npm run backup -- <backup file> [--force]
  Copies the database at DATABASE_PATH (default ./data/bot.sqlite) while the bot runs.
  Restore: stop the bot, copy the backup over DATABASE_PATH, delete any DATABASE_PATH-wal
  and -shm files, start the bot.`;

/** The command line: returns the exit code, writes to the given streams. */
export async function runBackupCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const force = argv.includes('--force');
  const files = argv.filter((a) => a !== '--force');
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    err(USAGE);
    return 2;
  }
  if (env.DATABASE_URL) {
    // The SQLite backup API cannot reach a server database; pretending to back up the unused file would mislead.
    err('DATABASE_URL is set: the bot keeps its data in PostgreSQL. Back it up with pg_dump (or your provider\'s snapshots); `backup` copies the SQLite file only.');
    return 1;
  }
  const source = env.DATABASE_PATH || './data/bot.sqlite';
  try {
    const result = await backupDatabase(source, files[0]!, { overwrite: force });
    const rows = Object.entries(result.tables).map(([t, n]) => `${t}=${n}`).join(' ');
    out(`Backed up ${source} to ${result.path} (${result.bytes} bytes; rows: ${rows})`);
    return 0;
  } catch (e) {
    if (e instanceof BackupError) {
      err(e.message);
      return 1;
    }
    throw e;
  }
}
