/**
 * The Store port: asynchronous, split by feature, with one transaction
 * boundary that works on an embedded and on a server database. A use case
 * that reads, computes and writes as one change runs inside
 * `store.transaction(async (tx) => …)` and uses only `tx` there.
 */
import type { ChannelStore } from './channels.js';
import type { IdentityStore, PrivacyStore, ReportStore } from './community.js';
import type { InboxStore } from './inbox.js';
import type { MockStore, ReminderStore } from './learning.js';
import type { PeopleStore } from './people.js';
import type { PracticeStore } from './practice.js';
import type { SecretStore } from './secrets.js';

export interface Stores {
  readonly people: PeopleStore;
  readonly practice: PracticeStore;
  readonly channels: ChannelStore;
  readonly reminders: ReminderStore;
  readonly mocks: MockStore;
  readonly inbox: InboxStore;
  readonly reports: ReportStore;
  readonly identities: IdentityStore;
  readonly privacy: PrivacyStore;
  readonly secrets: SecretStore;
}

export interface TransactionOptions {
  /**
   * `claim`: a short claim written to be safe at the database's weakest
   * useful isolation (insert-if-absent, take-over with skipped locks). Many
   * replicas claim the same minute's deliveries at once; a server database
   * runs these at READ COMMITTED so they wait for each other instead of
   * failing each other. Everything else keeps the strictest isolation.
   */
  kind?: 'claim';
}

export interface Store extends Stores {
  /**
   * Runs `fn` as one atomic change: it commits when `fn` resolves and rolls
   * back when it throws. Inside, use `tx` (calling the outer store would
   * wait for this very transaction). A transaction inside a transaction
   * joins it.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /** Which engine, for logs and /metrics (sqlite, postgres). */
  readonly engine: string;
  close(): Promise<void>;
}

export type { ChannelStore, ClaimInput, ClaimResult, DailyPick, DeliveryKind, PostFailure, PostRecord, ScheduleChange } from './channels.js';
export type { InboxEntry, InboxStore } from './inbox.js';
export type { IdentityStore, LinkCode, PrivacyStore, ReportInput, ReportRecord, ReportStore } from './community.js';
export type { MockItem, MockSession, MockState, MockStore, ReminderCandidate, ReminderStore } from './learning.js';
export type { BoardRow, PeopleStore, Preferences, UserRecord } from './people.js';
export type { SealedSecret, SecretStore, Vault } from './secrets.js';
export type { AttemptInput, DueReview, LastShown, LatestGrade, PracticeStore, ReviewCard, TopicStat, WrittenAnswer } from './practice.js';
