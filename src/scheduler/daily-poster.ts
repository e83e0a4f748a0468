/**
 * The daily post's decisions and fan-out, free of node-cron and clock-injected:
 * `runDue(now)` is what every trigger calls (the per-minute tick, the start-up
 * catch-up, a test). Per due subscription it
 *   1. claims the (subscription, local day) post row — before anything is sent;
 *   2. picks the question with dailyQuestion, in the same transaction, so the
 *      post and `/aws answer` agree;
 *   3. sends through the ChatPort of the subscription's platform;
 *   4. records the outcome: sent (message id), transient (retry later with
 *      backoff, bounded), permanent (channel marked failing).
 * Posts run concurrently through one bounded pool shared by all runs; the
 * platform libraries' rate-limit queues do any waiting.
 */
import { hostname } from 'node:os';
import { questionCard } from '../core/cards.js';
import type { CoreDeps } from '../core/context.js';
import { addDays } from '../core/dates.js';
import type { LocalDate, Question, Subscription } from '../core/model.js';
import type { ChatPort, PostOutcome, PostRecord, PostStore } from '../core/ports.js';
import type { Reply } from '../core/messages.js';
import { catchUpMs, duePost, postKey, retryDelayMs } from '../core/schedule.js';
import { dailyQuestion } from '../core/usecases/daily.js';
import { WorkPool } from './pool.js';

export const DAILY_TITLE = "Today's AWS interview question";

export interface DailyPosterOptions {
  deps: CoreDeps;
  posts: PostStore;
  /** The running platforms' ports, looked up by platform at each run. */
  ports: readonly ChatPort[];
  /** CATCH_UP_HOURS: how late a missed post is still sent the same local day. Default 12. */
  catchUpHours?: number;
  /** Posts handed to the platform libraries at once. Default 32. */
  concurrency?: number;
  /** Sends per post and day before giving up on transient failures. Default 5. */
  maxAttempts?: number;
  /**
   * A send that has not answered by then counts as a transient timeout.
   * Default 60 s: discord.js gives each request 15 s and retries a 5xx 3 times.
   */
  sendTimeoutMs?: number;
  /**
   * How long a claim is exclusive; must outlast a send. Default sendTimeoutMs + 30 s,
   * so a post orphaned by a crash is re-sent about two minutes later: inside the
   * few minutes Discord remembers a message nonce for.
   */
  leaseMs?: number;
  /** Recorded as the claimer (diagnostics). Default host:pid. */
  instanceId?: string;
}

export type PostResult = 'sent' | 'retrying' | 'failed' | 'skipped';
export type RunSummary = Record<PostResult | 'due', number>;

const emptySummary = (): RunSummary => ({ due: 0, sent: 0, retrying: 0, failed: 0, skipped: 0 });

interface DueItem {
  sub: Subscription;
  date: LocalDate;
  port: ChatPort;
}

export class DailyPoster {
  private readonly pool: WorkPool;
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly windowMs: number;
  private readonly maxAttempts: number;
  private readonly sendTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly owner: string;
  private stopping = false;

  constructor(private readonly opts: DailyPosterOptions) {
    this.pool = new WorkPool(opts.concurrency ?? 32);
    this.windowMs = catchUpMs(opts.catchUpHours ?? 12);
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 60_000;
    this.leaseMs = opts.leaseMs ?? this.sendTimeoutMs + 30_000;
    this.owner = opts.instanceId ?? `${hostname()}:${process.pid}`;
    // A lease shorter than a send would let another claimer re-send a post still in flight.
    if (this.leaseMs <= this.sendTimeoutMs) throw new RangeError('leaseMs must be longer than sendTimeoutMs');
  }

  /** Posts everything due at `now` that is not posted yet; resolves when those posts are settled. */
  async runDue(now: Date = this.opts.deps.clock.now()): Promise<RunSummary> {
    const summary = emptySummary();
    if (this.stopping) return summary;
    const work = this.findDue(now).map((item) => {
      const key = postKey(item.sub.id, item.date);
      this.inFlight.add(key);
      const p = this.pool.run(() => this.postOne(item)).finally(() => this.inFlight.delete(key));
      this.track(p);
      return p;
    });
    summary.due = work.length;
    for (const result of await Promise.all(work)) summary[result]++;
    if (summary.due > 0) this.opts.deps.logger.info({ ...summary, at: now.toISOString() }, 'daily posts run');
    return summary;
  }

  /** Stops taking new posts and waits up to `graceMs` for the ones in flight; true when all settled. */
  async stop(graceMs = 10_000): Promise<boolean> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const drained = Promise.allSettled([...this.running]).then(() => true as const);
    try {
      return await Promise.race([drained, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Due subscriptions with a running platform whose post today is neither done nor held by a live claim. */
  private findDue(now: Date): DueItem[] {
    const ports = new Map(this.opts.ports.map((p) => [p.platform, p]));
    // Local dates lie within a day of the UTC date, so two days of rows cover every zone.
    const rows = this.opts.posts.postsSince(addDays(now.toISOString().slice(0, 10), -1));
    const posted = new Map(rows.map((r) => [`${r.subscriptionId} ${r.localDate}`, r]));
    const items: DueItem[] = [];
    for (const sub of this.opts.posts.listSubscriptions()) {
      const port = ports.get(sub.platform);
      if (sub.status !== 'ok' || !port) continue;
      const due = duePost(sub, now, { catchUpMs: this.windowMs, notBefore: sub.updatedAt ? new Date(sub.updatedAt) : null });
      if (!due || this.inFlight.has(postKey(sub.id, due.date))) continue;
      const row = posted.get(`${sub.id} ${due.date}`);
      if (row && !isClaimable(row, now)) continue;
      items.push({ sub, date: due.date, port });
    }
    return items;
  }

  private async postOne({ sub, date, port }: DueItem): Promise<PostResult> {
    if (this.stopping) return 'skipped';
    const { deps, posts } = this.opts;
    const log = { channelKey: sub.channelKey, platform: sub.platform, date };
    let claim;
    try {
      claim = deps.store.transaction(() => {
        const picked = dailyQuestion(deps, sub.channelKey, date, { topics: sub.topics, level: sub.level });
        if (!picked) return null;
        const input = { subscriptionId: sub.id, localDate: date, questionId: picked.id, owner: this.owner };
        return { picked, result: posts.claimPost({ ...input, now: deps.clock.now(), leaseMs: this.leaseMs }) };
      });
    } catch (err) {
      deps.logger.error({ ...log, err }, 'could not claim the daily post; the next tick tries again');
      return 'skipped';
    }
    if (!claim) {
      deps.logger.error(log, 'no question to post: the question bank is empty');
      return 'skipped';
    }
    if (!claim.result.claimed) return 'skipped';
    const post = claim.result.post;
    if (post.attempts > this.maxAttempts) {
      // Earlier claims never recorded an outcome (crash or hang each time): stop here.
      const detail = `still unsent after ${post.attempts - 1} attempts that never finished`;
      return this.record(sub, post, { ok: false, kind: 'transient', reason: 'unknown', detail });
    }
    const question: Question = deps.bank.get(post.questionId) ?? claim.picked;
    const reply = questionCard(deps.bank, question, { title: DAILY_TITLE, visibility: 'channel', source: 'd' });
    const outcome = await this.send(port, sub.channelRef, reply, postKey(sub.id, date));
    return this.record(sub, post, outcome);
  }

  private async send(port: ChatPort, channelRef: string, reply: Reply, idempotencyKey: string): Promise<PostOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const ms = this.sendTimeoutMs;
    const timeout = new Promise<PostOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, kind: 'transient', reason: 'timeout', detail: `no answer within ${ms} ms` }), ms);
    });
    const sent = port.postToChannel(channelRef, reply, { idempotencyKey }).catch(
      (err: unknown): PostOutcome => ({ ok: false, kind: 'transient', reason: 'unknown', detail: errorText(err) }),
    );
    try {
      return await Promise.race([sent, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private record(sub: Subscription, post: PostRecord, outcome: PostOutcome): PostResult {
    const { deps, posts } = this.opts;
    const at = deps.clock.now();
    const log = { channelKey: sub.channelKey, platform: sub.platform, date: post.localDate, attempt: post.attempts };
    try {
      if (outcome.ok) {
        posts.completePost(post.id, outcome.messageId, at);
        deps.logger.info({ ...log, messageId: outcome.messageId }, 'daily question posted');
        return 'sent';
      }
      const failure = { kind: outcome.kind, reason: outcome.reason, detail: outcome.detail, at };
      if (outcome.kind === 'permanent') {
        posts.recordPostFailure(post.id, { ...failure, retryAt: null });
        deps.logger.error(
          { ...log, reason: outcome.reason, detail: outcome.detail },
          'daily post failed permanently: channel marked failing until an admin subscribes again',
        );
        return 'failed';
      }
      const giveUp = post.attempts >= this.maxAttempts;
      const retryAt = giveUp ? null : retryTime(at, post.attempts, outcome.retryAfterMs);
      posts.recordPostFailure(post.id, { ...failure, retryAt });
      const details = { ...log, reason: outcome.reason, detail: outcome.detail, retryAt: retryAt?.toISOString() };
      if (giveUp) deps.logger.error(details, 'daily post failed; giving up for today');
      else deps.logger.warn(details, 'daily post failed; will retry');
      return giveUp ? 'failed' : 'retrying';
    } catch (err) {
      // If the platform took the message but we could not record it, the row
      // stays pending and is re-sent after the lease: a possible duplicate.
      deps.logger.error({ ...log, err, outcome }, 'could not record the daily post outcome');
      return outcome.ok ? 'sent' : 'retrying';
    }
  }

  private track(p: Promise<unknown>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p)).catch(() => {});
  }
}

/** A pending row whose lease or retry time has passed (or a crash orphaned). */
export function isClaimable(row: PostRecord, now: Date): boolean {
  return row.state === 'pending' && (row.notBefore === null || row.notBefore <= now.toISOString());
}

/**
 * The backoff rounded down to a whole minute, so a one-minute backoff is
 * picked up by the very next tick rather than the one after; a server's
 * Retry-After is still never cut short.
 */
function retryTime(at: Date, attempts: number, retryAfterMs = 0): Date {
  const backoffAt = at.getTime() + retryDelayMs(attempts);
  return new Date(Math.max(backoffAt - (backoffAt % 60_000), at.getTime() + retryAfterMs));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
