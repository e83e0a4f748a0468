/** An open store as the composition root receives it, whichever the engine. */
import type { Store } from '../core/ports/store.js';

export interface OpenedStore {
  store: Store;
  engine: 'sqlite' | 'postgres';
  /** For /healthz: the database takes writes. */
  writable(): Promise<{ ok: boolean; detail?: string }>;
  /** Flushes and closes (SQLite: WAL checkpoint). */
  close(): Promise<void>;
}
