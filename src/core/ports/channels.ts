/**
 * Channels: subscriptions (a channel's schedule), the question of the day,
 * and the claims that make every post on a clock go out exactly once.
 */
import type { LocalDate, Subscription, SubscriptionInput } from '../model.js';

export interface DailyPick {
  questionId: string;
  cycle: number;
}

/** What goes out on a clock: the daily question, its public reveal, the weekly digest. */
export type DeliveryKind = 'daily' | 'reveal' | 'digest';

/** One claimed delivery: unique per (subscription, kind, local period). */
export interface PostRecord {
  id: number;
  subscriptionId: number;
  kind: DeliveryKind;
  /** The local day (daily, reveal) or the Monday of the local week (digest). */
  localDate: LocalDate;
  questionId: string;
  state: 'pending' | 'sent' | 'failed';
  messageId: string | null;
  /** The discussion thread opened on a daily post (where its reveal goes). */
  threadRef: string | null;
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
  kind: DeliveryKind;
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
  /** When a transient failure may be retried; null gives up for the period (state failed). */
  retryAt: Date | null;
}

export interface ScheduleChange {
  channelKey: string;
  actor: string;
  /** e.g. subscribe, unsubscribe, pause, resume, skip. */
  action: string;
  detail: string;
  at: Date;
}

export interface ChannelStore {
  upsertSubscription(input: SubscriptionInput, at: Date): Promise<Subscription>;
  getSubscription(channelKey: string): Promise<Subscription | null>;
  /** Applies a partial change (pause, skip, options) to an existing subscription. */
  updateSubscription(channelKey: string, change: Partial<Pick<Subscription, 'pausedUntil' | 'skipDates' | 'thread' | 'revealAfterHours' | 'digest'>>, at: Date): Promise<Subscription | null>;
  deleteSubscription(channelKey: string): Promise<boolean>;
  listSubscriptions(): Promise<Subscription[]>;
  /** Subscriptions created by this person (for export and forget-me). */
  subscriptionsBy(userKey: string): Promise<Subscription[]>;

  getDaily(channelKey: string, date: LocalDate): Promise<DailyPick | null>;
  /** Records the pick unless one exists; returns the pick that stands. */
  putDailyIfAbsent(channelKey: string, date: LocalDate, pick: DailyPick): Promise<DailyPick>;
  /** The highest cycle and the ids used in it. */
  dailyHistory(channelKey: string): Promise<{ cycle: number; used: Set<string> }>;

  /** The question most recently shown in the channel to everyone (a question posted there, a daily post). */
  setChannelShown(channelKey: string, questionId: string, at: Date): Promise<void>;
  getChannelShown(channelKey: string): Promise<{ questionId: string; at: Date } | null>;

  /**
   * Creates the delivery row, or takes over a pending one whose `notBefore`
   * has passed; `claimed: false` when it is sent, failed, or someone else's.
   */
  claimPost(input: ClaimInput): Promise<ClaimResult>;
  /** Marks the delivery sent and the subscription's last outcome ok. */
  completePost(postId: number, messageId: string, threadRef: string | null, at: Date): Promise<void>;
  /** Records a failed send; a permanent one also marks the subscription failing. */
  recordPostFailure(postId: number, failure: PostFailure): Promise<PostRecord>;
  /** Every delivery with local_date >= `from` (the jobs read the last days each minute). */
  postsSince(from: LocalDate): Promise<PostRecord[]>;
  lastPost(subscriptionId: number, kind?: DeliveryKind): Promise<PostRecord | null>;
  findPost(subscriptionId: number, kind: DeliveryKind, localDate: LocalDate): Promise<PostRecord | null>;

  /** A workspace removed the app: its subscriptions stop (kept for a re-install); returns how many. */
  suspendScope(scope: string, detail: string, at: Date): Promise<number>;
  /** The app was installed again: suspended subscriptions of the workspace resume. */
  resumeScope(scope: string, at: Date): Promise<number>;
  /** Deletes subscriptions suspended before `before` (never re-installed). */
  purgeSuspended(before: Date): Promise<number>;

  recordScheduleChange(change: ScheduleChange): Promise<void>;
  scheduleHistory(channelKey: string, limit: number): Promise<ScheduleChange[]>;
}
