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

export interface Store {
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
  leaderboard(scope: string, minLastDay: LocalDate, limit: number): LeaderboardRow[];

  // what a user last saw in a channel (for `answer` without an id)
  setLastShown(userKey: string, channelKey: string, questionId: string, at: Date): void;
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
    };

/** Where the scheduler and reminders send messages. One per platform. */
export interface ChatPort {
  readonly platform: Platform;
  postToChannel(channelRef: string, reply: Reply): Promise<PostOutcome>;
  /** A private message to a user (review reminders). */
  sendDirect?(userKey: string, reply: Reply): Promise<PostOutcome>;
}
