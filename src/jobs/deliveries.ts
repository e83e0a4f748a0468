/**
 * Everything posted on a clock, exactly once: `runDue(now)` is what every
 * trigger calls (the per-minute tick, the start-up catch-up, a test). Per due
 * item (due.ts) it
 *   1. claims the (subscription, kind, period) row — before anything is sent;
 *   2. builds the message (the day's question is picked in the same
 *      transaction as the claim, so the post and `answer` agree);
 *   3. sends through the ChatPort of the subscription's platform (Discord
 *      gets the key as an enforced nonce);
 *   4. records the outcome: sent (message and thread id), transient (retry
 *      later with backoff, bounded), permanent (channel marked failing).
 * Sends run concurrently through one bounded pool; the platform libraries'
 * rate-limit queues do any waiting. Several processes or replicas may run
 * this at once: the claims split the work between them.
 */
import { hostname } from 'node:os';
import { publicAnswerCard, questionCard } from '../core/cards.js';
import type { CoreDeps } from '../core/context.js';
import { addDays } from '../core/dates.js';
import type { Reply } from '../core/messages.js';
import type { Question } from '../core/model.js';
import type { ChatPort, PostOptions, PostOutcome } from '../core/ports/chat.js';
import type { PostRecord } from '../core/ports/channels.js';
import { catchUpMs, postKey, retryDelayMs } from '../core/schedule.js';
import { dailyQuestion } from '../core/usecases/daily.js';
import { digestReply } from '../core/usecases/digest.js';
import { findDue, type DueItem } from './due.js';
import { WorkPool } from './pool.js';

export const DAILY_TITLE = "Today's AWS interview question";
export const THREAD_INVITATION = '💬 Answer here before you peek — then press *Reveal answer* on the post to check yourself privately.';

export interface DeliveryOptions {
  deps: CoreDeps;
  /** CATCH_UP_HOURS: how late a missed post is still sent the same local day. Default 12. */
  catchUpHours?: number;
  /** Sends handed to the platform libraries at once. Default 32. */
  concurrency?: number;
  /** Sends per delivery and period before giving up on transient failures. Default 5. */
  maxAttempts?: number;
  /** A send that has not answered by then counts as a transient timeout. Default 60 s. */
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

export const emptySummary = (): RunSummary => ({ due: 0, sent: 0, retrying: 0, failed: 0, skipped: 0 });

export class Deliveries {
  private readonly pool: WorkPool;
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly windowMs: number;
  private readonly maxAttempts: number;
  private readonly sendTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly owner: string;
  private stopping = false;

  constructor(private readonly opts: DeliveryOptions) {
    this.pool = new WorkPool(opts.concurrency ?? 32);
    this.windowMs = catchUpMs(opts.catchUpHours ?? 12);
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 60_000;
    this.leaseMs = opts.leaseMs ?? this.sendTimeoutMs + 30_000;
    this.owner = opts.instanceId ?? `${hostname()}:${process.pid}`;
    // A lease shorter than a send would let another claimer re-send a post still in flight.
    if (this.leaseMs <= this.sendTimeoutMs) throw new RangeError('leaseMs must be longer than sendTimeoutMs');
  }

  /** Sends everything due at `now` that is not sent yet; resolves when those sends are settled. */
  async runDue(now: Date = this.opts.deps.clock.now()): Promise<RunSummary> {
    const summary = emptySummary();
    if (this.stopping) return summary;
    const { deps } = this.opts;
    // Local dates lie within a day of the UTC date; digests look back to the week's Monday.
    const rows = await deps.store.channels.postsSince(addDays(now.toISOString().slice(0, 10), -8));
    const subs = (await deps.store.channels.listSubscriptions()).filter((s) => deps.chat.get(s.platform));
    const work = startAnywhere(findDue(subs, rows, now, this.windowMs))
      .filter((item) => !this.inFlight.has(this.key(item)))
      .map((item) => {
        const key = this.key(item);
        this.inFlight.add(key);
        const p = this.pool.run(() => this.deliver(item, rows)).finally(() => this.inFlight.delete(key));
        this.track(p);
        return p;
      });
    summary.due = work.length;
    for (const result of await Promise.all(work)) summary[result]++;
    if (summary.due > 0) deps.logger.info({ ...summary, at: now.toISOString() }, 'deliveries run');
    return summary;
  }

  /** Stops taking new work and waits up to `graceMs` for sends in flight; true when all settled. */
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

  private key(item: DueItem): string {
    return postKey(item.sub.id, item.date, item.kind);
  }

  private async deliver(item: DueItem, rows: readonly PostRecord[]): Promise<PostResult> {
    if (this.stopping) return 'skipped';
    const { deps } = this.opts;
    const { sub, kind, date } = item;
    const log = { channelKey: sub.channelKey, platform: sub.platform, kind, date };
    const port = deps.chat.get(sub.platform);
    if (!port) return 'skipped';
    let claim;
    try {
      claim = await deps.store.transaction(async (tx) => {
        const picked = kind === 'digest' ? null : await dailyQuestion({ ...deps, store: tx }, sub.channelKey, date, { topics: sub.topics, level: sub.level });
        if (kind !== 'digest' && !picked) return null;
        const result = await tx.channels.claimPost({ subscriptionId: sub.id, kind, localDate: date, questionId: picked?.id ?? '-', owner: this.owner, now: deps.clock.now(), leaseMs: this.leaseMs });
        return { picked, result };
      }, { kind: 'claim' });
    } catch (err) {
      deps.logger.error({ ...log, err }, 'could not claim the delivery; the next tick tries again');
      return 'skipped';
    }
    if (!claim) {
      deps.logger.error(log, 'nothing to post: the question bank is empty');
      return 'skipped';
    }
    if (!claim.result.claimed) return 'skipped';
    const post = claim.result.post;
    if (post.attempts > this.maxAttempts) {
      // Earlier claims never recorded an outcome (crash or hang each time): stop here.
      return this.record(post, { ok: false, kind: 'transient', reason: 'unknown', detail: `still unsent after ${post.attempts - 1} attempts that never finished` }, null);
    }
    let message: { reply: Reply; opts: PostOptions };
    try {
      message = await this.message(item, post, claim.picked, rows);
    } catch (err) {
      deps.logger.error({ ...log, err }, 'could not build the message; the next tick tries again');
      return this.record(post, { ok: false, kind: 'transient', reason: 'unknown', detail: 'could not build the message' }, null);
    }
    const outcome = await this.send(port, sub.channelRef, message.reply, { ...message.opts, idempotencyKey: this.key(item), scope: sub.scope });
    if (outcome.ok && kind === 'daily') await deps.store.channels.setChannelShown(sub.channelKey, post.questionId, deps.clock.now()).catch(() => undefined);
    return this.record(post, outcome, outcome.ok ? (outcome.threadRef ?? null) : null);
  }

  private async message(item: DueItem, post: PostRecord, picked: Question | null, rows: readonly PostRecord[]): Promise<{ reply: Reply; opts: PostOptions }> {
    const { deps } = this.opts;
    const { sub } = item;
    const platform = deps.platforms.info(sub.platform);
    if (item.kind === 'digest') return { reply: await digestReply(deps, sub, deps.clock.now()), opts: {} };
    const question = deps.bank.get(post.questionId) ?? picked!;
    if (item.kind === 'reveal') {
      const daily = rows.find((r) => r.subscriptionId === sub.id && r.kind === 'daily' && r.localDate === item.date);
      // In the post's discussion thread; without one, as a reply to the post itself.
      const opts: PostOptions = daily?.threadRef ? { threadRef: daily.threadRef } : daily?.messageId ? { replyTo: daily.messageId } : {};
      return { reply: publicAnswerCard(deps.bank, question), opts };
    }
    const reply = questionCard(deps.bank, question, { title: DAILY_TITLE, visibility: 'channel', source: 'd', ...(platform ? { platform } : {}) });
    const threads = sub.thread && (platform?.capabilities.threads ?? false);
    return { reply, opts: threads ? { openThread: { name: `Discuss: ${question.question}`, invitation: THREAD_INVITATION } } : {} };
  }

  private async send(port: ChatPort, channelRef: string, reply: Reply, opts: PostOptions): Promise<PostOutcome & { threadRef?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const ms = this.sendTimeoutMs;
    const timeout = new Promise<PostOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, kind: 'transient', reason: 'timeout', detail: `no answer within ${ms} ms` }), ms);
    });
    const sent = port.postToChannel(channelRef, reply, opts).catch(
      (err: unknown): PostOutcome => ({ ok: false, kind: 'transient', reason: 'unknown', detail: err instanceof Error ? err.message : String(err) }),
    );
    try {
      return await Promise.race([sent, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async record(post: PostRecord, outcome: PostOutcome, threadRef: string | null): Promise<PostResult> {
    const { deps } = this.opts;
    const at = deps.clock.now();
    const log = { kind: post.kind, subscriptionId: post.subscriptionId, date: post.localDate, attempt: post.attempts };
    try {
      if (outcome.ok) {
        await deps.store.channels.completePost(post.id, outcome.messageId, threadRef, at);
        deps.logger.info({ ...log, messageId: outcome.messageId }, 'delivery sent');
        return 'sent';
      }
      const failure = { kind: outcome.kind, reason: outcome.reason, detail: outcome.detail, at };
      if (outcome.kind === 'permanent') {
        await deps.store.channels.recordPostFailure(post.id, { ...failure, retryAt: null });
        deps.logger.error({ ...log, reason: outcome.reason, detail: outcome.detail }, 'delivery failed permanently: channel marked failing until an admin subscribes again');
        return 'failed';
      }
      const giveUp = post.attempts >= this.maxAttempts;
      const retryAt = giveUp ? null : retryTime(at, post.attempts, outcome.retryAfterMs);
      await deps.store.channels.recordPostFailure(post.id, { ...failure, retryAt });
      const details = { ...log, reason: outcome.reason, detail: outcome.detail, retryAt: retryAt?.toISOString() };
      if (giveUp) deps.logger.error(details, 'delivery failed; giving up for this period');
      else deps.logger.warn(details, 'delivery failed; will retry');
      return giveUp ? 'failed' : 'retrying';
    } catch (err) {
      // If the platform took the message but we could not record it, the row
      // stays pending and is re-sent after the lease: a possible duplicate.
      deps.logger.error({ ...log, err, outcome }, 'could not record the delivery outcome');
      return outcome.ok ? 'sent' : 'retrying';
    }
  }

  private track(p: Promise<unknown>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p)).catch(() => {});
  }
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

/**
 * The due list, rotated to start at a random place: replicas that all run the
 * same minute then start on different channels and mostly claim different
 * ones, instead of walking the list in step and losing most claims to each
 * other. The order within one run carries no meaning.
 */
function startAnywhere<T>(items: T[]): T[] {
  if (items.length < 2) return items;
  const at = Math.floor(Math.random() * items.length);
  return [...items.slice(at), ...items.slice(0, at)];
}
