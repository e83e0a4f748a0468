/**
 * WAL checkpoints off the request path.
 *
 * SQLite's default is an automatic checkpoint inside whichever commit pushes
 * the WAL past 1,000 pages: that commit copies ~4 MB back into the database
 * and fsyncs it, so roughly one grade in a hundred took 10–50 ms instead of
 * half a millisecond (bench/core.bench.ts). Here a worker thread with its own
 * connection runs a PASSIVE checkpoint every `intervalMs` — passive never
 * blocks the bot's readers or writer — and the main connection's automatic
 * checkpoint stays only as a backstop, at a much larger WAL, should the
 * worker stall or die.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface CheckpointerOptions {
  intervalMs?: number;
  /** The main connection's own automatic checkpoint threshold, in pages. */
  backstopPages?: number;
  /** A failed checkpoint (e.g. a long reader); the next tick tries again. */
  onError?: (message: string) => void;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

// Plain CommonJS so the worker runs the same under tsx and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message || err)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export function startCheckpointer(db: Database.Database, opts: CheckpointerOptions = {}): Checkpointer {
  // In-memory databases have no WAL file and no second connection can reach them.
  if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return { stop: async () => {} };
  db.pragma(`wal_autocheckpoint = ${opts.backstopPages ?? 10_000}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path: db.name, intervalMs: opts.intervalMs ?? 500, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.on('message', (message: string) => opts.onError?.(message));
  worker.on('error', (err: Error) => opts.onError?.(err.message));
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.ref(); // keep the process alive until the worker has closed its connection
        worker.postMessage('stop');
      }),
  };
}
