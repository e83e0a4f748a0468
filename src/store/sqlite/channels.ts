/**
 * Subscriptions, the question of the day, what a channel was last shown,
 * delivery claims and the schedule audit on SQLite.
 *
 * A claim is an INSERT … ON CONFLICT DO NOTHING (or a take-over of a pending
 * row whose `not_before` has passed) inside an IMMEDIATE transaction: the
 * write lock is taken before the read, so two connections or two processes
 * can never both see "unclaimed" and both send.
 */
import type Database from 'better-sqlite3';
import type { LocalDate, Subscription, SubscriptionInput } from '../../core/model.js';
import type { ChannelStore, ClaimInput, ClaimResult, DailyPick, DeliveryKind, PostFailure, PostRecord, ScheduleChange } from '../../core/ports/channels.js';
import type { Runner } from './gate.js';
import { clip, toPost, toSubscription, type PostRow, type SubscriptionRow } from '../rows.js';


export function channelQueries(db: Database.Database) {
  return {
    // Subscribing again updates the schedule and clears a failing status:
    // an admin re-subscribing is the natural way to say "fixed, try again".
    upsertSub: db.prepare(
      `INSERT INTO subscriptions (platform, scope, channel_key, channel_ref, post_time, timezone, days, topics, level,
         created_by, created_at, updated_at, thread, reveal_after_hours, digest_day, digest_time)
       VALUES (@platform, @scope, @channelKey, @channelRef, @time, @timezone, @days, @topics, @level, @createdBy, @at, @at,
         @thread, @revealAfterHours, @digestDay, @digestTime)
       ON CONFLICT (channel_key) DO UPDATE SET channel_ref = excluded.channel_ref, post_time = excluded.post_time,
         timezone = excluded.timezone, days = excluded.days, topics = excluded.topics, level = excluded.level,
         updated_at = excluded.updated_at, status = 'ok', last_error = NULL, last_error_reason = NULL,
         thread = excluded.thread, reveal_after_hours = excluded.reveal_after_hours,
         digest_day = excluded.digest_day, digest_time = excluded.digest_time`,
    ),
    subByChannel: db.prepare('SELECT * FROM subscriptions WHERE channel_key = ?'),
    updateSub: db.prepare(
      `UPDATE subscriptions SET paused_until = @pausedUntil, skip_dates = @skipDates, thread = @thread,
         reveal_after_hours = @revealAfterHours, digest_day = @digestDay, digest_time = @digestTime, updated_at = @at
       WHERE channel_key = @channelKey`,
    ),
    deleteSub: db.prepare('DELETE FROM subscriptions WHERE channel_key = ?'),
    listSubs: db.prepare('SELECT * FROM subscriptions ORDER BY id'),
    subsBy: db.prepare('SELECT * FROM subscriptions WHERE created_by = ? ORDER BY id'),
    getDaily: db.prepare('SELECT question_id, cycle FROM channel_daily WHERE channel_key = ? AND local_date = ?'),
    putDaily: db.prepare('INSERT OR IGNORE INTO channel_daily (channel_key, local_date, question_id, cycle) VALUES (?, ?, ?, ?)'),
    maxCycle: db.prepare('SELECT MAX(cycle) AS c FROM channel_daily WHERE channel_key = ?'),
    usedInCycle: db.prepare('SELECT question_id FROM channel_daily WHERE channel_key = ? AND cycle = ?'),
    setShown: db.prepare(
      `INSERT INTO channel_shown (channel_key, question_id, shown_at) VALUES (?, ?, ?)
       ON CONFLICT (channel_key) DO UPDATE SET question_id = excluded.question_id, shown_at = excluded.shown_at`,
    ),
    getShown: db.prepare('SELECT question_id, shown_at FROM channel_shown WHERE channel_key = ?'),
    postByKey: db.prepare('SELECT * FROM posts WHERE subscription_id = ? AND kind = ? AND local_date = ?'),
    postById: db.prepare('SELECT * FROM posts WHERE id = ?'),
    insertPost: db.prepare(
      `INSERT INTO posts (subscription_id, kind, local_date, question_id, state, attempts, claimed_by, not_before, last_attempt_at, created_at)
       VALUES (@subscriptionId, @kind, @localDate, @questionId, 'pending', 1, @owner, @notBefore, @now, @now)
       ON CONFLICT (subscription_id, kind, local_date) DO NOTHING`,
    ),
    // ISO-8601 UTC strings from toISOString() compare correctly as text.
    takeOver: db.prepare(
      `UPDATE posts SET attempts = attempts + 1, claimed_by = @owner, not_before = @notBefore, last_attempt_at = @now
       WHERE id = @id AND state = 'pending' AND (not_before IS NULL OR not_before <= @now)`,
    ),
    complete: db.prepare(
      `UPDATE posts SET state = 'sent', message_id = ?, thread_ref = ?, sent_at = ?, not_before = NULL, last_error = NULL, error_kind = NULL WHERE id = ?`,
    ),
    fail: db.prepare(`UPDATE posts SET state = @state, last_error = @error, error_kind = @kind, not_before = @retryAt, claimed_by = NULL WHERE id = @id`),
    subOk: db.prepare(
      `UPDATE subscriptions SET last_error = NULL, last_error_reason = NULL, last_outcome_at = ? WHERE id = (SELECT subscription_id FROM posts WHERE id = ?)`,
    ),
    subError: db.prepare(
      `UPDATE subscriptions SET last_error = @error, last_error_reason = @reason, last_outcome_at = @at,
         status = CASE WHEN @permanent = 1 THEN 'failing' ELSE status END WHERE id = @id`,
    ),
    since: db.prepare('SELECT * FROM posts WHERE local_date >= ?'),
    last: db.prepare('SELECT * FROM posts WHERE subscription_id = ? AND kind = ? ORDER BY local_date DESC LIMIT 1'),
    suspendScope: db.prepare(
      `UPDATE subscriptions SET status = 'failing', last_error = ?, last_error_reason = 'uninstalled', last_outcome_at = ? WHERE scope = ?`,
    ),
    resumeScope: db.prepare(
      `UPDATE subscriptions SET status = 'ok', last_error = NULL, last_error_reason = NULL, updated_at = ? WHERE scope = ? AND last_error_reason = 'uninstalled'`,
    ),
    purgeSuspended: db.prepare(`DELETE FROM subscriptions WHERE last_error_reason = 'uninstalled' AND last_outcome_at < ?`),
    recordChange: db.prepare('INSERT INTO schedule_changes (channel_key, actor, action, detail, at) VALUES (?, ?, ?, ?, ?)'),
    history: db.prepare('SELECT channel_key, actor, action, detail, at FROM schedule_changes WHERE channel_key = ? ORDER BY id DESC LIMIT ?'),
  };
}

export class SqliteChannels implements ChannelStore {
  constructor(
    private readonly db: Database.Database,
    private readonly q: ReturnType<typeof channelQueries>,
    private readonly run: Runner,
  ) {}

  /** IMMEDIATE when alone; joins the caller's transaction otherwise. */
  private immediate<T>(fn: () => T): Promise<T> {
    return this.run(() => (this.db.inTransaction ? fn() : this.db.transaction(fn).immediate()));
  }

  private sub(channelKey: string): Subscription | null {
    const r = this.q.subByChannel.get(channelKey) as SubscriptionRow | undefined;
    return r ? toSubscription(r) : null;
  }

  upsertSubscription(input: SubscriptionInput, at: Date) {
    return this.immediate(() => {
      this.q.upsertSub.run({
        ...input,
        days: input.days.join(','),
        topics: input.topics.join(','),
        at: at.toISOString(),
        thread: input.thread ? 1 : 0,
        revealAfterHours: input.revealAfterHours,
        digestDay: input.digest?.day ?? null,
        digestTime: input.digest?.time ?? null,
      });
      return this.sub(input.channelKey)!;
    });
  }

  getSubscription(channelKey: string) {
    return this.run(() => this.sub(channelKey));
  }

  updateSubscription(channelKey: string, change: Partial<Pick<Subscription, 'pausedUntil' | 'skipDates' | 'thread' | 'revealAfterHours' | 'digest'>>, at: Date) {
    return this.immediate(() => {
      const current = this.sub(channelKey);
      if (!current) return null;
      const next = { ...current, ...change };
      this.q.updateSub.run({
        channelKey,
        pausedUntil: next.pausedUntil,
        skipDates: next.skipDates.join(','),
        thread: next.thread ? 1 : 0,
        revealAfterHours: next.revealAfterHours,
        digestDay: next.digest?.day ?? null,
        digestTime: next.digest?.time ?? null,
        // Like a subscribe: a post due before the change is not caught up (`resume` or `skip none` at 10:00 does not bring back 09:00).
        at: at.toISOString(),
      });
      return this.sub(channelKey);
    });
  }

  deleteSubscription(channelKey: string) {
    return this.run(() => this.q.deleteSub.run(channelKey).changes === 1);
  }

  listSubscriptions() {
    return this.run(() => (this.q.listSubs.all() as SubscriptionRow[]).map(toSubscription));
  }

  subscriptionsBy(userKey: string) {
    return this.run(() => (this.q.subsBy.all(userKey) as SubscriptionRow[]).map(toSubscription));
  }

  getDaily(channelKey: string, date: LocalDate) {
    return this.run(() => {
      const r = this.q.getDaily.get(channelKey, date) as { question_id: string; cycle: number } | undefined;
      return r ? ({ questionId: r.question_id, cycle: r.cycle } satisfies DailyPick) : null;
    });
  }

  putDailyIfAbsent(channelKey: string, date: LocalDate, pick: DailyPick) {
    return this.immediate(() => {
      this.q.putDaily.run(channelKey, date, pick.questionId, pick.cycle);
      const r = this.q.getDaily.get(channelKey, date) as { question_id: string; cycle: number };
      return { questionId: r.question_id, cycle: r.cycle };
    });
  }

  dailyHistory(channelKey: string) {
    return this.run(() => {
      const cycle = (this.q.maxCycle.get(channelKey) as { c: number | null }).c ?? 0;
      const used = (this.q.usedInCycle.all(channelKey, cycle) as { question_id: string }[]).map((r) => r.question_id);
      return { cycle, used: new Set(used) };
    });
  }

  setChannelShown(channelKey: string, questionId: string, at: Date) {
    return this.run(() => void this.q.setShown.run(channelKey, questionId, at.toISOString()));
  }

  getChannelShown(channelKey: string) {
    return this.run(() => {
      const r = this.q.getShown.get(channelKey) as { question_id: string; shown_at: string } | undefined;
      return r ? { questionId: r.question_id, at: new Date(r.shown_at) } : null;
    });
  }

  claimPost(input: ClaimInput) {
    return this.immediate((): ClaimResult => {
      const params = { ...input, now: input.now.toISOString(), notBefore: new Date(input.now.getTime() + input.leaseMs).toISOString() };
      const get = () => toPost(this.q.postByKey.get(input.subscriptionId, input.kind, input.localDate) as PostRow);
      if (this.q.insertPost.run(params).changes === 1) return { claimed: true, post: get() };
      const existing = get();
      const taken = this.q.takeOver.run({ ...params, id: existing.id }).changes === 1;
      return taken ? { claimed: true, post: get() } : { claimed: false, post: existing };
    });
  }

  completePost(postId: number, messageId: string, threadRef: string | null, at: Date) {
    return this.immediate(() => {
      this.q.complete.run(messageId, threadRef, at.toISOString(), postId);
      this.q.subOk.run(at.toISOString(), postId);
    });
  }

  recordPostFailure(postId: number, f: PostFailure) {
    return this.immediate(() => {
      const giveUp = f.kind === 'permanent' || f.retryAt === null;
      const error = clip(`${f.reason}: ${f.detail}`);
      this.q.fail.run({ id: postId, state: giveUp ? 'failed' : 'pending', error, kind: f.kind, retryAt: giveUp ? null : f.retryAt!.toISOString() });
      const post = toPost(this.q.postById.get(postId) as PostRow);
      this.q.subError.run({
        id: post.subscriptionId,
        error: giveUp && f.kind === 'transient' ? clip(`gave up after ${post.attempts} attempts: ${error}`) : error,
        reason: f.reason,
        at: f.at.toISOString(),
        permanent: f.kind === 'permanent' ? 1 : 0,
      });
      return post;
    });
  }

  postsSince(from: LocalDate) {
    return this.run(() => (this.q.since.all(from) as PostRow[]).map(toPost));
  }

  lastPost(subscriptionId: number, kind: DeliveryKind = 'daily') {
    return this.run(() => {
      const r = this.q.last.get(subscriptionId, kind) as PostRow | undefined;
      return r ? toPost(r) : null;
    });
  }

  findPost(subscriptionId: number, kind: DeliveryKind, localDate: LocalDate) {
    return this.run(() => {
      const r = this.q.postByKey.get(subscriptionId, kind, localDate) as PostRow | undefined;
      return r ? toPost(r) : null;
    });
  }

  suspendScope(scope: string, detail: string, at: Date) {
    return this.run(() => this.q.suspendScope.run(clip(detail), at.toISOString(), scope).changes);
  }

  resumeScope(scope: string, at: Date) {
    return this.run(() => this.q.resumeScope.run(at.toISOString(), scope).changes);
  }

  purgeSuspended(before: Date) {
    return this.run(() => this.q.purgeSuspended.run(before.toISOString()).changes);
  }

  recordScheduleChange(c: ScheduleChange) {
    return this.run(() => void this.q.recordChange.run(c.channelKey, c.actor, c.action, clip(c.detail), c.at.toISOString()));
  }

  scheduleHistory(channelKey: string, limit: number) {
    return this.run(() =>
      (this.q.history.all(channelKey, limit) as { channel_key: string; actor: string | null; action: string; detail: string; at: string }[]).map(
        (r): ScheduleChange => ({ channelKey: r.channel_key, actor: r.actor ?? '(forgotten)', action: r.action, detail: r.detail, at: new Date(r.at) }),
      ),
    );
  }
}
