/**
 * Opens PostgreSQL from DATABASE_URL (TLS from the URL's sslmode, e.g.
 * `?sslmode=require` for RDS/Aurora; pool size DATABASE_POOL_SIZE) and applies
 * the PostgreSQL migrations under an advisory lock, so replicas that start
 * together take turns instead of racing.
 */
import pg from 'pg';
import type { Logger } from '../../core/ports/logger.js';
import { MIGRATIONS_DIR, readMigrations } from '../migrate.js';
import type { OpenedStore } from '../opened.js';
import { DatabaseOpenError } from '../sqlite/open.js';
import { PgStore } from './store.js';
import { join } from 'node:path';

/** Any fixed number: all replicas of this bot take the same lock. */
export const MIGRATION_LOCK = 7_361_220_017;
export const POSTGRES_MIGRATIONS_DIR = join(MIGRATIONS_DIR, 'postgres');

export async function migratePostgres(pool: pg.Pool, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
    for (const m of readMigrations(dir)) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        await client.query('COMMIT');
        applied.push(m.name);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

export async function openPostgres(url: string, poolSize: number, logger: Logger): Promise<OpenedStore> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (a failover) is reported, not thrown.
  pool.on('error', (err) => logger.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'PostgreSQL connection lost; the pool reconnects'));
  try {
    const applied = await migratePostgres(pool);
    if (applied.length) logger.info({ applied }, 'PostgreSQL migrations applied');
  } catch (err) {
    await pool.end().catch(() => undefined);
    const e = err as { code?: string; message: string };
    throw new DatabaseOpenError(`DATABASE_URL: cannot use the PostgreSQL database (${e.code ?? 'error'}: ${e.message.slice(0, 200)}). Check the host, credentials, database name and sslmode.`);
  }
  const store = new PgStore(pool);
  return {
    store,
    engine: 'postgres',
    async writable() {
      try {
        await pool.query('SELECT 1');
        return { ok: true };
      } catch (err) {
        return { ok: false, detail: ((err as Error).message ?? 'error').slice(0, 200) };
      }
    },
    close: () => store.close(),
  };
}
