/** Subscription rows <-> the core's Subscription type. */
import type Database from 'better-sqlite3';
import type { Level, Platform, Subscription } from '../core/model.js';
import type { SubscriptionInput } from '../core/ports.js';

interface Row {
  id: number;
  platform: Platform;
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
  last_outcome_at: string | null;
  updated_at: string;
}

export function toSubscription(r: Row): Subscription {
  return {
    id: r.id,
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
    lastOutcomeAt: r.last_outcome_at,
    updatedAt: r.updated_at,
  };
}

export class SubscriptionQueries {
  private readonly upsertStmt;
  private readonly byChannelStmt;
  private readonly deleteStmt;
  private readonly listStmt;

  constructor(db: Database.Database) {
    // Subscribing again updates the schedule and clears a failing status:
    // an admin re-subscribing is the natural way to say "fixed, try again".
    this.upsertStmt = db.prepare(
      `INSERT INTO subscriptions (platform, scope, channel_key, channel_ref, post_time, timezone, days, topics, level,
         created_by, created_at, updated_at)
       VALUES (@platform, @scope, @channelKey, @channelRef, @time, @timezone, @days, @topics, @level, @createdBy, @at, @at)
       ON CONFLICT (channel_key) DO UPDATE SET channel_ref = excluded.channel_ref, post_time = excluded.post_time,
         timezone = excluded.timezone, days = excluded.days, topics = excluded.topics, level = excluded.level,
         updated_at = excluded.updated_at, status = 'ok', last_error = NULL`,
    );
    this.byChannelStmt = db.prepare('SELECT * FROM subscriptions WHERE channel_key = ?');
    this.deleteStmt = db.prepare('DELETE FROM subscriptions WHERE channel_key = ?');
    this.listStmt = db.prepare('SELECT * FROM subscriptions ORDER BY id');
  }

  upsert(input: SubscriptionInput, at: Date): Subscription {
    this.upsertStmt.run({
      ...input,
      days: input.days.join(','),
      topics: input.topics.join(','),
      at: at.toISOString(),
    });
    return this.byChannel(input.channelKey)!;
  }

  byChannel(channelKey: string): Subscription | null {
    const r = this.byChannelStmt.get(channelKey) as Row | undefined;
    return r ? toSubscription(r) : null;
  }

  delete(channelKey: string): boolean {
    return this.deleteStmt.run(channelKey).changes === 1;
  }

  list(): Subscription[] {
    return (this.listStmt.all() as Row[]).map(toSubscription);
  }
}
