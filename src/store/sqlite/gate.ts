/**
 * better-sqlite3 is synchronous and one connection is one transaction at a
 * time, while the Store port is asynchronous: a transaction's callback may
 * await between statements. The gate keeps them apart: while a transaction
 * is open, every other call waits for it to finish, so nothing outside the
 * transaction ever runs inside it. Outside transactions calls run at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The deadlock guard needs AsyncLocalStorage. On Node 22+ that is cheap; on
 * Node 20 it turns on promise hooks that slow every promise in the process
 * (measured: an await loop 2–5× slower), so there it guards only outside
 * production — the tests run every store path with it on.
 */
const GUARDED = Number(process.versions.node.split('.')[0]) >= 22 || process.env.NODE_ENV !== 'production';

export type Runner = <T>(fn: () => T) => Promise<T>;

export class Gate {
  private busy: Promise<void> | null = null;
  /** Marks code running inside a transaction, to catch a call that would wait for itself. */
  private readonly inside = GUARDED ? new AsyncLocalStorage<true>() : null;

  /** Runs `fn` as soon as no transaction is open. */
  readonly run: Runner = async <T>(fn: () => T): Promise<T> => {
    if (this.inside?.getStore()) throw new Error('the outer store was used inside its own transaction: use the transaction store (tx)');
    while (this.busy) await this.busy;
    return fn();
  };

  /** Runs `fn` alone: nothing else passes the gate until it settles. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inside?.getStore()) throw new Error('a transaction was opened on the outer store inside its own transaction: use tx.transaction');
    while (this.busy) await this.busy;
    let release!: () => void;
    this.busy = new Promise<void>((resolve) => (release = resolve));
    try {
      return await (this.inside ? this.inside.run(true, fn) : fn());
    } finally {
      this.busy = null;
      release();
    }
  }
}

/** Inside a transaction: statements run straight away (the gate is already ours). */
export const direct: Runner = async <T>(fn: () => T): Promise<T> => fn();
