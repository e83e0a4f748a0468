/**
 * The Store port on PostgreSQL (node-postgres), for several replicas on one
 * database. Transactions run at SERIALIZABLE isolation: two replicas'
 * read-then-write changes cannot interleave, and a transaction that loses a
 * race is retried from the start (its callback holds only database work and
 * pure computation, so running it again is safe).
 */
import type { Pool, PoolClient } from 'pg';
import type { Store, TransactionOptions } from '../../core/ports/store.js';
import { PgChannels } from './channels.js';
import { PgIdentities, PgPrivacy, PgReports } from './community.js';
import { dbOf, type Db } from './db.js';
import { PgInbox, PgMocks, PgReminders, PgSecrets } from './learning.js';
import { PgPeople } from './people.js';
import { PgPractice } from './practice.js';

/** serialization_failure, deadlock_detected: the transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 10;

class Views {
  readonly people;
  readonly practice;
  readonly channels;
  readonly reminders;
  readonly mocks;
  readonly inbox;
  readonly reports;
  readonly identities;
  readonly privacy;
  readonly secrets;

  constructor(db: Db, atomic: <T>(fn: (db: Db) => Promise<T>) => Promise<T>) {
    this.people = new PgPeople(db);
    this.practice = new PgPractice(db);
    this.channels = new PgChannels(db, atomic);
    this.reminders = new PgReminders(db);
    this.mocks = new PgMocks(db, atomic);
    this.inbox = new PgInbox(db);
    this.reports = new PgReports(db);
    this.identities = new PgIdentities(db, atomic);
    this.privacy = new PgPrivacy(db, atomic);
    this.secrets = new PgSecrets(db);
  }
}

/** A transaction's store: statements on its client; nested transactions join it. */
function txStore(client: PoolClient): Store {
  const db = dbOf(client, true);
  const views = new Views(db, (fn) => fn(db));
  const tx: Store = Object.assign(views, {
    engine: 'postgres',
    transaction: <T>(fn: (t: Store) => Promise<T>) => fn(tx),
    close: () => Promise.resolve(),
  }) as Store;
  return tx;
}

export class PgStore extends Views implements Store {
  readonly engine = 'postgres';

  constructor(readonly pool: Pool) {
    super(dbOf(pool, false), (fn) => this.atomically(fn));
  }

  private async atomically<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.transaction(async (tx) => fn(dbOf((tx as unknown as { client: PoolClient }).client, true)));
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    // Claims are built for READ COMMITTED (ON CONFLICT DO NOTHING, FOR UPDATE SKIP LOCKED); under SERIALIZABLE,
    // replicas claiming the same minute's deliveries failed each other by the thousand (bench/fanout.bench.ts).
    const isolation = opts.kind === 'claim' ? 'READ COMMITTED' : 'SERIALIZABLE';
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      // A connection lost mid-transaction (a failover) must fail this transaction, not crash the process:
      // pg-pool removes its own error listener while a client is checked out.
      const onError = (err: Error) => void err;
      client.on('error', onError);
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
        const tx = Object.assign(txStore(client), { client });
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw err;
        // Lost a race to another replica: back off exponentially, with jitter, and run it again.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 5 * 2 ** attempt)));
      } finally {
        client.off('error', onError);
        client.release();
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
