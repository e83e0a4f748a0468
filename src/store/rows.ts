/**
 * Rows ↔ domain objects, shared by both engines: the same column names and
 * shapes on SQLite and PostgreSQL, so a record reads back the same whichever
 * stores it. (PostgreSQL's BIGINT and COUNT come back as strings, hence the
 * Number() calls.)
 */
import type { Level, Subscription } from '../core/model.js';
import type { DeliveryKind, PostRecord } from '../core/ports/channels.js';
import type { UserRecord } from '../core/ports/people.js';
import type { ReviewCard } from '../core/ports/practice.js';
import { EMPTY_STREAK, type StreakState } from '../core/streaks.js';

export interface StreakRow {
  current: number;
  longest: number;
  total_days: number;
  last_day: string | null;
  freezes: number;
}

export const toStreak = (r: StreakRow | undefined): StreakState =>
  r ? { current: Number(r.current), longest: Number(r.longest), totalDays: Number(r.total_days), lastDay: r.last_day, freezes: Number(r.freezes) } : EMPTY_STREAK;

/** Keeps stored error text bounded whatever a platform sends back. */
export const clip = (text: string, max = 500): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

export interface UserRow {
  user_key: string;
  display_name: string | null;
  timezone: string | null;
  profile_timezone: string | null;
  remind: number;
  on_boards: number;
  share_details: number;
  keep_notes: number;
}

export const toUser = (r: UserRow): UserRecord => ({
  userKey: r.user_key,
  displayName: r.display_name,
  timezone: r.timezone,
  profileTimezone: r.profile_timezone,
  remind: Number(r.remind) === 1,
  onBoards: Number(r.on_boards) === 1,
  shareDetails: Number(r.share_details) === 1,
  keepNotes: Number(r.keep_notes) === 1,
});

export interface SubscriptionRow {
  id: number;
  platform: string;
  scope: string;
  channel_key: string;
  channel_ref: string;
  post_time: string;
  timezone: string;
  days: string;
  topics: string;
  level: Level | null;
  status: 'ok' | 'failing';
  last_error: string | null;
  last_error_reason: string | null;
  last_outcome_at: string | null;
  updated_at: string;
  thread: number;
  reveal_after_hours: number | null;
  digest_day: number | null;
  digest_time: string | null;
  paused_until: string | null;
  skip_dates: string;
  created_by: string | null;
}

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: Number(r.id),
    platform: r.platform,
    scope: r.scope,
    channelKey: r.channel_key,
    channelRef: r.channel_ref,
    time: r.post_time,
    timezone: r.timezone,
    days: r.days.split(',').filter(Boolean).map(Number),
    topics: r.topics.split(',').filter(Boolean),
    level: r.level,
    status: r.status,
    lastError: r.last_error,
    lastErrorReason: r.last_error_reason,
    lastOutcomeAt: r.last_outcome_at,
    updatedAt: r.updated_at,
    thread: Number(r.thread) === 1,
    revealAfterHours: r.reveal_after_hours === null ? null : Number(r.reveal_after_hours),
    digest: r.digest_day !== null && r.digest_time ? { day: Number(r.digest_day), time: r.digest_time } : null,
    pausedUntil: r.paused_until,
    skipDates: r.skip_dates.split(',').filter(Boolean),
    createdBy: r.created_by,
  };
}

export interface PostRow {
  id: number;
  subscription_id: number;
  kind: DeliveryKind;
  local_date: string;
  question_id: string;
  state: PostRecord['state'];
  message_id: string | null;
  thread_ref: string | null;
  attempts: number;
  last_error: string | null;
  error_kind: PostRecord['errorKind'];
  not_before: string | null;
  claimed_by: string | null;
  last_attempt_at: string | null;
  sent_at: string | null;
}

export const toPost = (r: PostRow): PostRecord => ({
  id: Number(r.id),
  subscriptionId: Number(r.subscription_id),
  kind: r.kind,
  localDate: r.local_date,
  questionId: r.question_id,
  state: r.state,
  messageId: r.message_id,
  threadRef: r.thread_ref,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  errorKind: r.error_kind,
  notBefore: r.not_before,
  claimedBy: r.claimed_by,
  lastAttemptAt: r.last_attempt_at,
  sentAt: r.sent_at,
});

export interface CardRow {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: number | null;
}

export function cardFromRow(r: CardRow): ReviewCard {
  return {
    due: new Date(Number(r.due)),
    stability: Number(r.stability),
    difficulty: Number(r.difficulty),
    elapsed_days: Number(r.elapsed_days),
    scheduled_days: Number(r.scheduled_days),
    learning_steps: Number(r.learning_steps),
    reps: Number(r.reps),
    lapses: Number(r.lapses),
    state: Number(r.state),
    // ts-fsrs's own empty card carries the key with `undefined`; keep that shape.
    last_review: r.last_review === null ? undefined : new Date(Number(r.last_review)),
  };
}

export function cardToRow(card: ReviewCard): CardRow {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ? card.last_review.getTime() : null,
  };
}
