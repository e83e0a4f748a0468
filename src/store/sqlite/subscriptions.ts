/** Subscription rows ↔ the core's Subscription. */
import type { Level, Subscription } from '../../core/model.js';

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
