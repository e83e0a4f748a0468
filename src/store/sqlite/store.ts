/**
 * The Store port on better-sqlite3 (the embedded default). Every statement is
 * prepared once. Transactions are BEGIN IMMEDIATE … COMMIT around an async
 * callback, kept apart from other calls by the gate (gate.ts).
 */
import type Database from 'better-sqlite3';
import type { Store, TransactionOptions } from '../../core/ports/store.js';
import { channelQueries, SqliteChannels } from './channels.js';
import { communityQueries, SqliteIdentities, SqliteReports } from './community.js';
import { direct, Gate, type Runner } from './gate.js';
import { inboxQueries, SqliteInbox } from './inbox.js';
import { learningQueries, SqliteMocks, SqliteReminders } from './learning.js';
import { peopleQueries, SqlitePeople } from './people.js';
import { practiceQueries, SqlitePractice } from './practice.js';
import { SqlitePrivacy } from './privacy.js';
import { secretQueries, SqliteSecrets } from './secrets.js';

type Queries = ReturnType<typeof prepareAll>;

function prepareAll(db: Database.Database) {
  return {
    people: peopleQueries(db),
    practice: practiceQueries(db),
    channels: channelQueries(db),
    learning: learningQueries(db),
    inbox: inboxQueries(db),
    community: communityQueries(db),
    secrets: secretQueries(db),
  };
}

/** The feature stores over one connection, with a given runner. */
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

  constructor(db: Database.Database, q: Queries, run: Runner) {
    this.people = new SqlitePeople(q.people, run);
    this.practice = new SqlitePractice(q.practice, run);
    this.channels = new SqliteChannels(db, q.channels, run);
    this.reminders = new SqliteReminders(q.learning, run);
    this.mocks = new SqliteMocks(db, q.learning, run);
    this.inbox = new SqliteInbox(q.inbox, run);
    this.reports = new SqliteReports(q.community, run);
    this.identities = new SqliteIdentities(db, q.community, run);
    this.privacy = new SqlitePrivacy(db, run);
    this.secrets = new SqliteSecrets(q.secrets, run);
  }
}

export class SqliteStore extends Views implements Store {
  readonly engine = 'sqlite';
  private readonly gate: Gate;
  private readonly tx: Store;

  constructor(readonly db: Database.Database) {
    const gate = new Gate();
    const q = prepareAll(db);
    super(db, q, gate.run);
    this.gate = gate;
    const inner = new Views(db, q, direct);
    // Inside a transaction: statements run at once, and a nested transaction joins.
    this.tx = Object.assign(inner, {
      engine: 'sqlite',
      transaction: <T>(fn: (tx: Store) => Promise<T>) => fn(this.tx),
      close: () => Promise.resolve(),
    }) as Store;
  }

  /** One writer at a time: SQLite transactions are serial whatever they are (the options are for server engines). */
  transaction<T>(fn: (tx: Store) => Promise<T>, _opts?: TransactionOptions): Promise<T> {
    return this.gate.exclusive(async () => {
      // IMMEDIATE takes the write lock up front, so read-then-write use cases
      // cannot interleave with another process between the read and the write.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.tx);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  /**
   * Folds the write-ahead log back into the database file and closes it, so
   * the file on the volume is complete on its own and the next start does no
   * recovery. A reader elsewhere (a backup) leaves part of it to SQLite later.
   */
  async close(): Promise<void> {
    await this.gate.run(() => undefined);
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Closing anyway: SQLite recovers the WAL on the next open.
    }
    this.db.close();
  }
}
