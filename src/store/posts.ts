/**
 * The `posts` table: the daily post's idempotency record (issue 6).
 *
 * A claim is an INSERT … ON CONFLICT DO NOTHING (or a take-over of a pending
 * row whose `not_before` has passed) inside an IMMEDIATE transaction: the
 * write lock is taken before the read, so two connections or two processes
 * can never both see "unclaimed" and both send.
 */
import type Database from 'better-sqlite3';
import type { LocalDate } from '../core/model.js';
import type { ClaimInput, ClaimResult, PostFailure, PostRecord } from '../core/ports.js';

interface Row {
  id: number;
  subscription_id: number;
  local_date: string;
  question_id: string;
  state: PostRecord['state'];
  message_id: string | null;
  attempts: number;
  last_error: string | null;
  error_kind: PostRecord['errorKind'];
  not_before: string | null;
  claimed_by: string | null;
  last_attempt_at: string | null;
  sent_at: string | null;
}

const toPost = (r: Row): PostRecord => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  localDate: r.local_date,
  questionId: r.question_id,
  state: r.state,
  messageId: r.message_id,
  attempts: r.attempts,
  lastError: r.last_error,
  errorKind: r.error_kind,
  notBefore: r.not_before,
  claimedBy: r.claimed_by,
  lastAttemptAt: r.last_attempt_at,
  sentAt: r.sent_at,
});

/** Keeps stored error text bounded whatever a platform sends back. */
const clip = (text: string): string => (text.length > 500 ? `${text.slice(0, 497)}...` : text);

export class PostQueries {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      byKey: db.prepare('SELECT * FROM posts WHERE subscription_id = ? AND local_date = ?'),
      byId: db.prepare('SELECT * FROM posts WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO posts (subscription_id, local_date, question_id, state, attempts, claimed_by, not_before,
           last_attempt_at, created_at)
         VALUES (@subscriptionId, @localDate, @questionId, 'pending', 1, @owner, @notBefore, @now, @now)
         ON CONFLICT (subscription_id, local_date) DO NOTHING`,
      ),
      // ISO-8601 UTC strings from toISOString() compare correctly as text.
      takeOver: db.prepare(
        `UPDATE posts SET attempts = attempts + 1, claimed_by = @owner, not_before = @notBefore, last_attempt_at = @now
         WHERE id = @id AND state = 'pending' AND (not_before IS NULL OR not_before <= @now)`,
      ),
      complete: db.prepare(
        `UPDATE posts SET state = 'sent', message_id = ?, sent_at = ?, not_before = NULL, last_error = NULL,
           error_kind = NULL WHERE id = ?`,
      ),
      fail: db.prepare(
        `UPDATE posts SET state = @state, last_error = @error, error_kind = @kind, not_before = @retryAt,
           claimed_by = NULL WHERE id = @id`,
      ),
      subOk: db.prepare(
        'UPDATE subscriptions SET last_error = NULL, last_outcome_at = ? WHERE id = (SELECT subscription_id FROM posts WHERE id = ?)',
      ),
      subError: db.prepare(
        `UPDATE subscriptions SET last_error = @error, last_outcome_at = @at,
           status = CASE WHEN @permanent = 1 THEN 'failing' ELSE status END WHERE id = @id`,
      ),
      since: db.prepare('SELECT * FROM posts WHERE local_date >= ?'),
      last: db.prepare('SELECT * FROM posts WHERE subscription_id = ? ORDER BY local_date DESC LIMIT 1'),
    };
  }

  private inImmediate<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).immediate();
  }

  claim(input: ClaimInput): ClaimResult {
    return this.inImmediate(() => {
      const now = input.now.toISOString();
      const params = {
        ...input,
        now,
        notBefore: new Date(input.now.getTime() + input.leaseMs).toISOString(),
      };
      if (this.q.insert.run(params).changes === 1) {
        return { claimed: true, post: this.get(input.subscriptionId, input.localDate)! };
      }
      const existing = this.get(input.subscriptionId, input.localDate)!;
      const taken = this.q.takeOver.run({ ...params, id: existing.id }).changes === 1;
      return taken
        ? { claimed: true, post: this.get(input.subscriptionId, input.localDate)! }
        : { claimed: false, post: existing };
    });
  }

  complete(postId: number, messageId: string, at: Date): void {
    this.inImmediate(() => {
      this.q.complete.run(messageId, at.toISOString(), postId);
      this.q.subOk.run(at.toISOString(), postId);
    });
  }

  recordFailure(postId: number, f: PostFailure): PostRecord {
    return this.inImmediate(() => {
      const error = clip(`${f.reason}: ${f.detail}`);
      const giveUp = f.kind === 'permanent' || f.retryAt === null;
      this.q.fail.run({
        id: postId,
        state: giveUp ? 'failed' : 'pending',
        error,
        kind: f.kind,
        retryAt: giveUp ? null : f.retryAt!.toISOString(),
      });
      const post = this.byId(postId);
      this.q.subError.run({
        id: post.subscriptionId,
        error: giveUp && f.kind === 'transient' ? clip(`gave up after ${post.attempts} attempts: ${error}`) : error,
        at: f.at.toISOString(),
        permanent: f.kind === 'permanent' ? 1 : 0,
      });
      return post;
    });
  }

  since(from: LocalDate): PostRecord[] {
    return (this.q.since.all(from) as Row[]).map(toPost);
  }

  last(subscriptionId: number): PostRecord | null {
    const r = this.q.last.get(subscriptionId) as Row | undefined;
    return r ? toPost(r) : null;
  }

  private get(subscriptionId: number, localDate: LocalDate): PostRecord | null {
    const r = this.q.byKey.get(subscriptionId, localDate) as Row | undefined;
    return r ? toPost(r) : null;
  }

  private byId(postId: number): PostRecord {
    return toPost(this.q.byId.get(postId) as Row);
  }
}
