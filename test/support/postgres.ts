/** A fresh PostgreSQL database per test file, on the server postgres-global.ts started. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { silentLogger } from '../../src/ops/logger.js';
import { openPostgres } from '../../src/store/postgres/open.js';
import type { OpenedStore } from '../../src/store/opened.js';

export function postgresServerUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error('PostgreSQL did not start (test/support/postgres-global.ts)');
  return url;
}

/** Creates an empty database and returns its URL. */
export async function freshDatabase(): Promise<string> {
  const base = postgresServerUrl();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return `${base}/${name}`;
}

/** A migrated PostgreSQL store on a fresh database. */
export async function freshPostgresStore(poolSize = 5): Promise<OpenedStore & { url: string }> {
  const url = await freshDatabase();
  return { ...(await openPostgres(url, poolSize, silentLogger)), url };
}
