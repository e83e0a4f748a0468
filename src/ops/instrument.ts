/**
 * Thin wrappers that give every command and every post one log line with its
 * latency and outcome, the matching metrics, and in-flight tracking for
 * graceful shutdown — without the core or the adapters knowing about pino or
 * prom-client.
 *
 * The composition root wraps the core's entry point once:
 *   const outcome = await timedHandle(ops, { platform, user }, () => handleEvent(event, deps));
 *   const port = instrumentChatPort(slack.chatPort, ops);     // before handing it to the scheduler
 *   startScheduler({ …, schedule: instrumentCron(ops, heartbeat) });
 *   slackClient.on('rate_limited', (s) => ops.metrics.rateLimitWait('slack', s));
 *   discordClient.rest.on('rateLimited', (i) => ops.metrics.rateLimitWait('discord', i.retryAfter / 1000));
 *
 * What the user typed is never logged: people paste anything into chat.
 */
import cron from 'node-cron';
import type { Reply } from '../core/messages.js';
import type { ChatPort, PostOptions, PostOutcome } from '../core/ports/chat.js';
import type { Outcome } from '../core/ports/inbound.js';
import type { Logger } from '../core/ports/logger.js';
import type { CronSchedule } from '../jobs/cron.js';
import type { Heartbeat } from './health.js';
import type { Metrics } from './metrics.js';

/** Work that shutdown should let finish: interactions being answered, posts being sent. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.pending.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Waits for what is in flight now (and anything that joins meanwhile), at most `timeoutMs`; true when all settled. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.allSettled([...this.pending]), timeout]);
      clearTimeout(timer);
    }
    return true;
  }
}

export interface Instruments {
  logger: Logger;
  metrics: Metrics;
  inFlight: InFlight;
}

export interface CommandFields {
  platform: string;
  /** Platform-scoped user key (not a secret; helps support find a user's trouble). */
  user?: string;
  channel?: string;
}

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;
const millis = (s: number) => Math.round(s * 10_000) / 10;

/** Runs one call of the core's entry point and records it. */
export async function timedHandle(inst: Instruments, fields: CommandFields, run: () => Promise<Outcome>): Promise<Outcome> {
  const start = process.hrtime.bigint();
  let handled: Outcome;
  try {
    handled = await inst.inFlight.track(run());
  } catch (err) {
    // dispatch never throws by design; if it ever does, count and log it before passing it on.
    const s = seconds(start);
    inst.metrics.commandHandled({ platform: fields.platform, command: 'unknown', outcome: 'error', seconds: s });
    inst.logger.error({ ...fields, outcome: 'error', ms: millis(s), err }, 'command threw');
    throw err;
  }
  const s = seconds(start);
  const { command, status: outcome } = handled;
  inst.metrics.commandHandled({ platform: fields.platform, command, outcome, seconds: s });
  if (outcome === 'ok' && (command === 'answer' || command === 'reveal')) inst.metrics.revealed(fields.platform);
  if (outcome === 'ok' && command === 'grade') inst.metrics.graded(fields.platform);
  const line = { ...fields, command, outcome, ms: millis(s) };
  if (outcome === 'error') inst.logger.warn(line, 'command handled');
  else inst.logger.info(line, 'command handled');
  return handled;
}

/** The same port, with one log line, metrics and in-flight tracking per send. */
export function instrumentChatPort(port: ChatPort, inst: Instruments): ChatPort {
  const platform = port.platform;
  const timed = async (what: 'post' | 'direct', target: string, key: string | undefined, send: () => Promise<PostOutcome>) => {
    const start = process.hrtime.bigint();
    let outcome: PostOutcome;
    try {
      outcome = await inst.inFlight.track(send());
    } catch (err) {
      const s = seconds(start);
      inst.metrics.postFailed(platform, { kind: 'transient', reason: 'unknown', seconds: s });
      inst.logger.warn({ platform, what, target, key, outcome: 'failed', ms: millis(s), err }, 'post threw');
      throw err;
    }
    const s = seconds(start);
    const line = { platform, what, target, key, ms: millis(s) };
    if (outcome.ok) {
      inst.metrics.postSent(platform, s);
      inst.logger.info({ ...line, outcome: 'sent', messageId: outcome.messageId }, 'post');
    } else {
      inst.metrics.postFailed(platform, { kind: outcome.kind, reason: outcome.reason, seconds: s });
      if (outcome.reason === 'rate_limited') inst.metrics.rateLimitWait(platform, (outcome.retryAfterMs ?? 0) / 1000);
      inst.logger.warn({ ...line, outcome: 'failed', kind: outcome.kind, reason: outcome.reason, detail: outcome.detail }, 'post');
    }
    return outcome;
  };

  const wrapped: ChatPort = {
    platform,
    postToChannel: (channelRef: string, reply: Reply, opts?: PostOptions) =>
      timed('post', channelRef, opts?.idempotencyKey, () => port.postToChannel(channelRef, reply, opts)),
  };
  if (port.checkAccess) wrapped.checkAccess = port.checkAccess.bind(port);
  if (port.sendDirect) {
    const direct = port.sendDirect.bind(port);
    wrapped.sendDirect = (userKey: string, reply: Reply) => timed('direct', userKey, undefined, () => direct(userKey, reply));
  }
  return wrapped;
}

const defaultSchedule: CronSchedule = (expression, fn, options) => cron.schedule(expression, fn, options);

/**
 * A node-cron `schedule` that records each tick: its lag behind the minute
 * boundary (the scheduler ticks at second 0 of every minute, so anything past
 * that is delay: a blocked event loop, a suspended VM) and a heartbeat for
 * /healthz. Pass it as `startScheduler({ schedule: instrumentCron(ops, beat) })`.
 */
export function instrumentCron(inst: Pick<Instruments, 'metrics'>, heartbeat: Heartbeat, base: CronSchedule = defaultSchedule): CronSchedule {
  return (expression, fn, options) =>
    base(
      expression,
      () => {
        heartbeat.beat();
        inst.metrics.schedulerTick((Date.now() % 60_000) / 1000);
        fn();
      },
      options,
    );
}
