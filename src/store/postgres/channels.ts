/**
 * Subscriptions, daily picks, deliveries and the schedule audit on
 * PostgreSQL. A claim is INSERT … ON CONFLICT DO NOTHING, or a take-over of
 * a pending row whose `not_before` has passed; the row is locked (FOR UPDATE
 * SKIP LOCKED) while it is taken over, so replicas split the work instead of
 * waiting on each other.
 */
import type { LocalDate, Subscription, SubscriptionInput } from '../../core/model.js';
import type { ChannelStore, ClaimInput, ClaimResult, DailyPick, DeliveryKind, PostFailure, ScheduleChange } from '../../core/ports/channels.js';
import { clip, toPost, toSubscription, type PostRow, type SubscriptionRow } from '../rows.js';
import { n, type Db } from './db.js';

type Change = Partial<Pick<Subscription, 'pausedUntil' | 'skipDates' | 'thread' | 'revealAfterHours' | 'digest'>>;

export class PgChannels implements ChannelStore {
  constructor(
    private readonly db: Db,
    /** Runs a piece of work as one transaction (joins the caller's). */
    private readonly atomic: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  ) {}

  private async sub(db: Db, channelKey: string): Promise<Subscription | null> {
    const r = await db.one<SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_key = $1', [channelKey]);
    return r ? toSubscription(r) : null;
  }

  upsertSubscription(i: SubscriptionInput, at: Date) {
    return this.atomic(async (db) => {
      await db.run(
        `INSERT INTO subscriptions (platform, scope, channel_key, channel_ref, post_time, timezone, days, topics, level, created_by, created_at, updated_at,
           thread, reveal_after_hours, digest_day, digest_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15)
         ON CONFLICT (channel_key) DO UPDATE SET channel_ref = EXCLUDED.channel_ref, post_time = EXCLUDED.post_time, timezone = EXCLUDED.timezone,
           days = EXCLUDED.days, topics = EXCLUDED.topics, level = EXCLUDED.level, updated_at = EXCLUDED.updated_at, status = 'ok',
           last_error = NULL, last_error_reason = NULL, thread = EXCLUDED.thread, reveal_after_hours = EXCLUDED.reveal_after_hours,
           digest_day = EXCLUDED.digest_day, digest_time = EXCLUDED.digest_time`,
        [i.platform, i.scope, i.channelKey, i.channelRef, i.time, i.timezone, i.days.join(','), i.topics.join(','), i.level, i.createdBy, at.toISOString(), i.thread ? 1 : 0, i.revealAfterHours, i.digest?.day ?? null, i.digest?.time ?? null],
      );
      return (await this.sub(db, i.channelKey))!;
    });
  }

  getSubscription(channelKey: string) {
    return this.sub(this.db, channelKey);
  }

  updateSubscription(channelKey: string, change: Change, at: Date) {
    return this.atomic(async (db) => {
      const current = await this.sub(db, channelKey);
      if (!current) return null;
      const next = { ...current, ...change };
      await db.run(
        // Like a subscribe: a post due before the change is not caught up (`resume` or `skip none` at 10:00 does not bring back 09:00).
        `UPDATE subscriptions SET paused_until = $2, skip_dates = $3, thread = $4, reveal_after_hours = $5, digest_day = $6, digest_time = $7, updated_at = $8 WHERE channel_key = $1`,
        [channelKey, next.pausedUntil, next.skipDates.join(','), next.thread ? 1 : 0, next.revealAfterHours, next.digest?.day ?? null, next.digest?.time ?? null, at.toISOString()],
      );
      return this.sub(db, channelKey);
    });
  }

  async deleteSubscription(channelKey: string) {
    return (await this.db.run('DELETE FROM subscriptions WHERE channel_key = $1', [channelKey])) === 1;
  }

  async listSubscriptions() {
    return (await this.db.rows<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY id')).map(toSubscription);
  }

  async subscriptionsBy(userKey: string) {
    return (await this.db.rows<SubscriptionRow>('SELECT * FROM subscriptions WHERE created_by = $1 ORDER BY id', [userKey])).map(toSubscription);
  }

  async getDaily(channelKey: string, date: LocalDate) {
    const r = await this.db.one<{ question_id: string; cycle: number }>('SELECT question_id, cycle FROM channel_daily WHERE channel_key = $1 AND local_date = $2', [channelKey, date]);
    return r ? ({ questionId: r.question_id, cycle: n(r.cycle) } satisfies DailyPick) : null;
  }

  putDailyIfAbsent(channelKey: string, date: LocalDate, pick: DailyPick) {
    return this.atomic(async (db) => {
      await db.run('INSERT INTO channel_daily (channel_key, local_date, question_id, cycle) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [channelKey, date, pick.questionId, pick.cycle]);
      const r = (await db.one<{ question_id: string; cycle: number }>('SELECT question_id, cycle FROM channel_daily WHERE channel_key = $1 AND local_date = $2', [channelKey, date]))!;
      return { questionId: r.question_id, cycle: n(r.cycle) };
    });
  }

  async dailyHistory(channelKey: string) {
    const cycle = n((await this.db.one<{ c: number | null }>('SELECT MAX(cycle) AS c FROM channel_daily WHERE channel_key = $1', [channelKey]))?.c);
    const used = await this.db.rows<{ question_id: string }>('SELECT question_id FROM channel_daily WHERE channel_key = $1 AND cycle = $2', [channelKey, cycle]);
    return { cycle, used: new Set(used.map((r) => r.question_id)) };
  }

  async setChannelShown(channelKey: string, questionId: string, at: Date) {
    await this.db.run(
      `INSERT INTO channel_shown (channel_key, question_id, shown_at) VALUES ($1, $2, $3)
       ON CONFLICT (channel_key) DO UPDATE SET question_id = EXCLUDED.question_id, shown_at = EXCLUDED.shown_at`,
      [channelKey, questionId, at.toISOString()],
    );
  }

  async getChannelShown(channelKey: string) {
    const r = await this.db.one<{ question_id: string; shown_at: string }>('SELECT question_id, shown_at FROM channel_shown WHERE channel_key = $1', [channelKey]);
    return r ? { questionId: r.question_id, at: new Date(r.shown_at) } : null;
  }

  claimPost(input: ClaimInput) {
    return this.atomic(async (db): Promise<ClaimResult> => {
      const now = input.now.toISOString();
      const notBefore = new Date(input.now.getTime() + input.leaseMs).toISOString();
      const inserted = await db.one<PostRow>(
        `INSERT INTO posts (subscription_id, kind, local_date, question_id, state, attempts, claimed_by, not_before, last_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', 1, $5, $6, $7, $7) ON CONFLICT (subscription_id, kind, local_date) DO NOTHING RETURNING *`,
        [input.subscriptionId, input.kind, input.localDate, input.questionId, input.owner, notBefore, now],
      );
      if (inserted) return { claimed: true, post: toPost(inserted) };
      // Someone else may be taking it over right now: skip it rather than wait.
      const taken = await db.one<PostRow>(
        `UPDATE posts SET attempts = attempts + 1, claimed_by = $4, not_before = $5, last_attempt_at = $6
         WHERE id = (SELECT id FROM posts WHERE subscription_id = $1 AND kind = $2 AND local_date = $3 AND state = 'pending'
                       AND (not_before IS NULL OR not_before <= $6) FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [input.subscriptionId, input.kind, input.localDate, input.owner, notBefore, now],
      );
      if (taken) return { claimed: true, post: toPost(taken) };
      const existing = await db.one<PostRow>('SELECT * FROM posts WHERE subscription_id = $1 AND kind = $2 AND local_date = $3', [input.subscriptionId, input.kind, input.localDate]);
      return { claimed: false, post: existing ? toPost(existing) : null };
    });
  }

  completePost(postId: number, messageId: string, threadRef: string | null, at: Date) {
    return this.atomic(async (db) => {
      await db.run(`UPDATE posts SET state = 'sent', message_id = $2, thread_ref = $3, sent_at = $4, not_before = NULL, last_error = NULL, error_kind = NULL WHERE id = $1`, [
        postId,
        messageId,
        threadRef,
        at.toISOString(),
      ]);
      await db.run('UPDATE subscriptions SET last_error = NULL, last_error_reason = NULL, last_outcome_at = $2 WHERE id = (SELECT subscription_id FROM posts WHERE id = $1)', [
        postId,
        at.toISOString(),
      ]);
    });
  }

  recordPostFailure(postId: number, f: PostFailure) {
    return this.atomic(async (db) => {
      const giveUp = f.kind === 'permanent' || f.retryAt === null;
      const error = clip(`${f.reason}: ${f.detail}`);
      const post = toPost(
        (await db.one<PostRow>(`UPDATE posts SET state = $2, last_error = $3, error_kind = $4, not_before = $5, claimed_by = NULL WHERE id = $1 RETURNING *`, [
          postId,
          giveUp ? 'failed' : 'pending',
          error,
          f.kind,
          giveUp ? null : f.retryAt!.toISOString(),
        ]))!,
      );
      await db.run(
        `UPDATE subscriptions SET last_error = $2, last_error_reason = $3, last_outcome_at = $4, status = CASE WHEN $5 THEN 'failing' ELSE status END WHERE id = $1`,
        [post.subscriptionId, giveUp && f.kind === 'transient' ? clip(`gave up after ${post.attempts} attempts: ${error}`) : error, f.reason, f.at.toISOString(), f.kind === 'permanent'],
      );
      return post;
    });
  }

  async postsSince(from: LocalDate) {
    return (await this.db.rows<PostRow>('SELECT * FROM posts WHERE local_date >= $1', [from])).map(toPost);
  }

  async lastPost(subscriptionId: number, kind: DeliveryKind = 'daily') {
    const r = await this.db.one<PostRow>('SELECT * FROM posts WHERE subscription_id = $1 AND kind = $2 ORDER BY local_date DESC LIMIT 1', [subscriptionId, kind]);
    return r ? toPost(r) : null;
  }

  async findPost(subscriptionId: number, kind: DeliveryKind, localDate: LocalDate) {
    const r = await this.db.one<PostRow>('SELECT * FROM posts WHERE subscription_id = $1 AND kind = $2 AND local_date = $3', [subscriptionId, kind, localDate]);
    return r ? toPost(r) : null;
  }

  suspendScope(scope: string, detail: string, at: Date) {
    return this.db.run(`UPDATE subscriptions SET status = 'failing', last_error = $2, last_error_reason = 'uninstalled', last_outcome_at = $3 WHERE scope = $1`, [
      scope,
      clip(detail),
      at.toISOString(),
    ]);
  }

  resumeScope(scope: string, at: Date) {
    return this.db.run(`UPDATE subscriptions SET status = 'ok', last_error = NULL, last_error_reason = NULL, updated_at = $2 WHERE scope = $1 AND last_error_reason = 'uninstalled'`, [
      scope,
      at.toISOString(),
    ]);
  }

  purgeSuspended(before: Date) {
    return this.db.run(`DELETE FROM subscriptions WHERE last_error_reason = 'uninstalled' AND last_outcome_at < $1`, [before.toISOString()]);
  }

  async recordScheduleChange(c: ScheduleChange) {
    await this.db.run('INSERT INTO schedule_changes (channel_key, actor, action, detail, at) VALUES ($1, $2, $3, $4, $5)', [c.channelKey, c.actor, c.action, clip(c.detail), c.at.toISOString()]);
  }

  async scheduleHistory(channelKey: string, limit: number) {
    return (
      await this.db.rows<{ channel_key: string; actor: string | null; action: string; detail: string; at: string }>(
        'SELECT channel_key, actor, action, detail, at FROM schedule_changes WHERE channel_key = $1 ORDER BY id DESC LIMIT $2',
        [channelKey, limit],
      )
    ).map((r): ScheduleChange => ({ channelKey: r.channel_key, actor: r.actor ?? '(forgotten)', action: r.action, detail: r.detail, at: new Date(r.at) }));
  }
}
