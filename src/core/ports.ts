/**
 * What the core needs from the outside world. Implementations live in
 * src/store (SQLite), src/adapters (chat platforms) and main.ts (clock, logs).
 *
 * The Store is synchronous on purpose: better-sqlite3 is synchronous, and a
 * synchronous `transaction(fn)` lets a use case read, compute with pure
 * functions and write as one atomic change.
 */
import type { Grade, Level, LocalDate, Platform, Subscription } from './model.js';
import type { Reply } from './messages.js';
import type { StreakState } from './streaks.js';
import type { LearningStore } from './learning/store.js';

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface UserRecord {
  userKey: string;
  displayName: string | null;
  timezone: string | null;
  remind: boolean;
}

export interface AttemptInput {
  userKey: string;
  scope: string;
  channelKey: string;
  questionId: string;
  localDate: LocalDate;
  grade: Grade;
  at: Date;
}

export interface LeaderboardRow {
  userKey: string;
  displayName: string | null;
  timezone: string | null;
  streak: StreakState;
}

export interface TopicStat {
  topic: string;
  knew: number;
  partly: number;
  missed: number;
}

export interface SubscriptionInput {
  platform: Platform;
  scope: string;
  channelKey: string;
  channelRef: string;
  time: string;
  timezone: string;
  days: number[];
  topics: string[];
  level: Level | null;
  createdBy: string;
}

export interface DailyPick {
  questionId: string;
  cycle: number;
}

/** Issue 7's review cards, reminders, mock sessions and notes live in learning/store.ts. */
export interface Store extends LearningStore {
  transaction<T>(fn: () => T): T;

  // users
  getUser(userKey: string): UserRecord | null;
  /** Creates the user if missing; updates the display name when given. */
  touchUser(userKey: string, displayName: string | null, at: Date): void;
  setTimezone(userKey: string, timezone: string): void;
  addMembership(scope: string, userKey: string): void;

  // grades and streaks
  /** Inserts a self-grade; false when this user already graded this question on this local day. */
  insertAttempt(input: AttemptInput): boolean;
  getStreak(userKey: string): StreakState;
  saveStreak(userKey: string, state: StreakState, at: Date): void;
  countAttempts(userKey: string): number;
  topicStats(userKey: string, questionTopic: (questionId: string) => string | undefined): TopicStat[];
  /** Distinct practised local dates on or after `from`. */
  practisedDays(userKey: string, from: LocalDate): LocalDate[];
  /** Members of `scope` active since `minLastDay`, by stored current streak then total; `offset` pages on. */
  leaderboard(scope: string, minLastDay: LocalDate, limit: number, offset?: number): LeaderboardRow[];

  // what a user last saw in a channel (for `answer` without an id)
  /** `source` (d, r, m<n>) lets the text path continue a review or mock; see actions.ts. */
  setLastShown(userKey: string, channelKey: string, questionId: string, at: Date, source?: string): void;
  getLastShown(userKey: string, channelKey: string): string | null;

  // a channel's question of the day
  getDaily(channelKey: string, date: LocalDate): DailyPick | null;
  /** Records the pick unless one exists; returns the pick that stands. */
  putDailyIfAbsent(channelKey: string, date: LocalDate, pick: DailyPick): DailyPick;
  /** The highest cycle and the ids used in it. */
  dailyHistory(channelKey: string): { cycle: number; used: Set<string> };

  // subscriptions
  upsertSubscription(input: SubscriptionInput, at: Date): Subscription;
  getSubscriptionByChannel(channelKey: string): Subscription | null;
  deleteSubscription(channelKey: string): boolean;
  listSubscriptions(): Subscription[];
  /** The subscription's most recent daily post (for `schedule`); optional so other stores stay valid. */
  lastPost?(subscriptionId: number): PostRecord | null;
}

// ---- daily posts (issue 6) --------------------------------------------------

/** One row of `posts`: the daily post of a subscription on one local day. */
export interface PostRecord {
  id: number;
  subscriptionId: number;
  localDate: LocalDate;
  questionId: string;
  state: 'pending' | 'sent' | 'failed';
  messageId: string | null;
  /** Sends started (counted at claim time, so a send that crashed the process counts too). */
  attempts: number;
  lastError: string | null;
  errorKind: 'permanent' | 'transient' | null;
  /** ISO instant: a pending row is claimable by anyone at or after it (lease end or retry time). */
  notBefore: string | null;
  claimedBy: string | null;
  lastAttemptAt: string | null;
  sentAt: string | null;
}

export interface ClaimInput {
  subscriptionId: number;
  localDate: LocalDate;
  questionId: string;
  /** Who claims: diagnostic only (e.g. host:pid). */
  owner: string;
  now: Date;
  /** How long the claim is ours; must outlast one send including its timeout. */
  leaseMs: number;
}

export type ClaimResult = { claimed: true; post: PostRecord } | { claimed: false; post: PostRecord | null };

export interface PostFailure {
  kind: 'permanent' | 'transient';
  reason: string;
  detail: string;
  at: Date;
  /** When a transient failure may be retried; null gives up for the day (state failed). */
  retryAt: Date | null;
}

/**
 * The scheduler's view of `posts`. Claiming is atomic across connections and
 * processes: the row is written before the message is sent, and only one
 * claimer can hold a (subscription, local date) row at a time.
 */
export interface PostStore {
  /**
   * Creates the post row, or takes over a pending one whose `notBefore` has
   * passed; `claimed: false` when it is sent, failed, or someone else's.
   */
  claimPost(input: ClaimInput): ClaimResult;
  /** Marks the post sent and the subscription's last outcome ok. */
  completePost(postId: number, messageId: string, at: Date): void;
  /** Records a failed send; a permanent one also marks the subscription failing. */
  recordPostFailure(postId: number, failure: PostFailure): PostRecord;
  /** Every post row with local_date >= `from` (the scheduler reads the last two days each minute). */
  postsSince(from: LocalDate): PostRecord[];
  lastPost(subscriptionId: number): PostRecord | null;
  listSubscriptions(): Subscription[];
}

/** Typed outcome of posting to a channel, which the scheduler acts on. */
export type PostOutcome =
  | { ok: true; messageId: string }
  | {
      ok: false;
      /** permanent: stop trying this channel until an admin fixes it; transient: retry later. */
      kind: 'permanent' | 'transient';
      reason:
        | 'channel_not_found'
        | 'no_access'
        | 'archived'
        | 'missing_permissions'
        | 'invalid_auth'
        | 'rate_limited'
        | 'server_error'
        | 'timeout'
        | 'unknown';
      detail: string;
      /** A server-given wait (e.g. Retry-After) before a retry makes sense. */
      retryAfterMs?: number;
    };

export interface PostOptions {
  /**
   * Stable per (subscription, local day), at most 25 characters. Ports whose
   * platform can de-duplicate with it (Discord: message `nonce` with
   * `enforce_nonce`) should pass it on; others may ignore it.
   */
  idempotencyKey?: string;
}

/** Where the scheduler and reminders send messages. One per platform. */
export interface ChatPort {
  readonly platform: Platform;
  postToChannel(channelRef: string, reply: Reply, opts?: PostOptions): Promise<PostOutcome>;
  /** A private message to a user (review reminders). */
  sendDirect?(userKey: string, reply: Reply): Promise<PostOutcome>;
}
