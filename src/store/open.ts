/**
 * Opens the store the configuration asks for: PostgreSQL when DATABASE_URL
 * is set (several replicas can share it), else SQLite at DATABASE_PATH (the
 * embedded default). Also returns the engine's health check and what to do
 * on shutdown.
 */
import type { Config } from '../config.js';
import type { Logger } from '../core/ports/logger.js';
import { startCheckpointer } from './sqlite/checkpointer.js';
import { openDatabase } from './sqlite/open.js';
import { SqliteStore } from './sqlite/store.js';
import type { OpenedStore } from './opened.js';


export async function openStore(config: Pick<Config, 'DATABASE_PATH' | 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>, logger: Logger): Promise<OpenedStore> {
  if (config.DATABASE_URL) {
    // Loaded only when asked for: the embedded default does not pay for the driver.
    const { openPostgres } = await import('./postgres/open.js');
    return openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE, logger);
  }
  const db = openDatabase(config.DATABASE_PATH);
  const store = new SqliteStore(db);
  const checkpointer = startCheckpointer(db, { onError: (detail) => logger.warn({ detail }, 'WAL checkpoint failed; the next one tries again') });
  return {
    store,
    engine: 'sqlite',
    writable: async () => sqliteWritable(db),
    async close() {
      await checkpointer.stop();
      await store.close();
    },
  };
}

/**
 * The store takes SQLite's write lock and gives it back (BEGIN IMMEDIATE;
 * ROLLBACK). It writes nothing, so it is cheap enough for a probe every few
 * seconds, and it fails when the connection is closed, the file is read-only,
 * or another process holds the write lock for too long.
 */
function sqliteWritable(db: import('better-sqlite3').Database, lockWaitMs = 250): { ok: boolean; detail?: string } {
  if (!db.open) return { ok: false, detail: 'database connection is closed' };
  if (db.readonly) return { ok: false, detail: 'database is open read-only' };
  // A transaction open now is our own code mid-write: writable.
  if (db.inTransaction) return { ok: true };
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${lockWaitMs}`);
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: (err as Error).message.slice(0, 200) };
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma(`busy_timeout = ${previous}`);
  }
}
