/** Opens (creating if needed) the SQLite database with the settings the bot relies on. */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_DIR, readMigrations } from '../migrate.js';

export class DatabaseOpenError extends Error {}

const fail = (path: string, what: string) =>
  new DatabaseOpenError(`DATABASE_PATH=${path}: ${what}. Set DATABASE_PATH to a writable file path (in the Docker image: /data/bot.sqlite on a volume writable by uid 1000).`);

/**
 * Creates the folder one level at a time. (Node's recursive mkdir loops
 * forever on paths such as /proc/nope, where every mkdir answers ENOENT.)
 */
function ensureFolder(path: string, dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (!statSync(at).isDirectory()) throw fail(path, `${at} is not a folder`);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (err) {
      throw fail(path, `cannot create the folder ${folder} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw fail(path, `cannot write to the folder ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

export function openDatabase(path: string, migrationsDir = MIGRATIONS_DIR): Database.Database {
  if (path !== ':memory:') ensureFolder(path, dirname(resolve(path)));
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 5000 });
  } catch (err) {
    throw fail(path, `cannot open the database (${(err as Error).message})`);
  }
  try {
    // WAL: readers never block the writer and a crash loses no committed change.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Two processes on one file (e.g. during a rolling restart) wait instead of failing.
    db.pragma('busy_timeout = 5000');
    migrate(db, migrationsDir);
  } catch (err) {
    db.close();
    const message = (err as Error).message;
    if (/not a database|file is encrypted/i.test(message)) throw fail(path, 'the file is not a SQLite database (is it the right file?)');
    throw fail(path, `cannot prepare the database (${message})`);
  }
  return db;
}

/** Returns the names of the migrations applied now. */
export function migrate(db: Database.Database, dir: string): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: string[] = [];
  for (const m of readMigrations(dir)) {
    if (done.has(m.version)) continue;
    // Table rebuilds (ALTER by copy) must not trip foreign keys halfway; checked again after.
    db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE: a second process starting at the same time waits rather than racing.
      db.transaction(() => {
        if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${m.name} leaves ${broken.length} broken foreign key(s)`);
        record.run(m.version, m.name, new Date().toISOString());
        applied.push(m.name);
      }).immediate();
    } finally {
      db.pragma('foreign_keys = ON');
    }
  }
  return applied;
}
