/** Opens (creating if needed) the SQLite database with the settings the bot relies on. */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';

/** db/migrations, found from this file whether it runs from src/ (tsx) or dist/ (node). */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

export class DatabaseOpenError extends Error {}

export function openDatabase(path: string, migrationsDir = MIGRATIONS_DIR): Database.Database {
  if (path !== ':memory:') {
    const dir = dirname(resolve(path));
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    } catch (err) {
      throw new DatabaseOpenError(
        `DATABASE_PATH=${path}: cannot create or write the folder ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}). Set DATABASE_PATH to a writable file path, e.g. ./data/bot.sqlite.`,
      );
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (err) {
    throw new DatabaseOpenError(`DATABASE_PATH=${path}: cannot open the database (${(err as Error).message}).`);
  }
  // WAL: readers never block the writer and a crash loses no committed change.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Two processes on one file (e.g. during a rolling restart) wait instead of failing.
  db.pragma('busy_timeout = 5000');
  migrate(db, migrationsDir);
  return db;
}
