/**
 * Everything on a clock runs from one node-cron task that ticks at second 0
 * of every minute: deliveries (daily posts, reveals, digests), review
 * reminders, and hourly housekeeping. All zone arithmetic stays in
 * core/schedule.ts.
 *
 * Why not one node-cron task per subscription with its `timezone` option?
 * node-cron (4.x) matches wall-clock fields, so on a spring-forward day a
 * 02:30 America/New_York task never fires (02:30 does not exist) and on a
 * fall-back day a 01:30 task fires twice (test/jobs/cron.test.ts shows
 * both). The per-minute tick plus core's zonedInstant posts at the first
 * valid minute in the gap and once in the overlap, needs no re-sync when a
 * subscription changes (another replica may have changed it), and makes the
 * start-up catch-up the same code path as a normal tick.
 */
import cron from 'node-cron';
import type { CoreDeps } from '../core/context.js';
import { Deliveries, emptySummary, type DeliveryOptions, type RunSummary } from './deliveries.js';
import { runHousekeeping } from './housekeeping.js';
import { runReminders, type ReminderTally } from './reminders.js';

/** The part of node-cron's `schedule` we use; tests pass a fake to trigger ticks by hand. */
export type CronSchedule = (
  expression: string,
  fn: () => void,
  options: { name?: string; unref?: boolean; noOverlap?: boolean },
) => { stop(): void | Promise<void>; destroy(): void | Promise<void> };

export const EVERY_MINUTE = '* * * * *';

export interface JobsOptions extends DeliveryOptions {
  deps: CoreDeps;
  schedule?: CronSchedule;
  /** Review reminders by direct message (off where no platform can DM). Default on. */
  reminders?: boolean;
  /** How long `stop` waits for sends in flight. Default 10 s. */
  stopGraceMs?: number;
}

export interface TickResult {
  deliveries: RunSummary;
  reminders: ReminderTally;
}

export interface RunningJobs {
  deliveries: Deliveries;
  /** The start-up catch-up run (tests await it). */
  started: Promise<TickResult>;
  /** One tick now, as the cron task would do it. */
  tick(): Promise<TickResult>;
  stop(): Promise<void>;
}

export function startJobs(opts: JobsOptions): RunningJobs {
  const { deps } = opts;
  const { clock, logger } = deps;
  const deliveries = new Deliveries(opts);
  let reminding: Promise<ReminderTally> | null = null;
  let lastHousekeeping = 0;
  const remind = async (now: Date): Promise<ReminderTally> => {
    if (opts.reminders === false) return { sent: 0, failed: 0, skipped: 0 };
    // A slow pass (many DMs) must not run twice at once.
    if (reminding) return { sent: 0, failed: 0, skipped: 0 };
    reminding = runReminders(deps, now).finally(() => (reminding = null));
    const tally = await reminding;
    if (tally.sent + tally.failed > 0) logger.info({ ...tally }, 'review reminders');
    return tally;
  };
  const tick = async (): Promise<TickResult> => {
    const now = clock.now();
    const [d, r] = await Promise.all([
      deliveries.runDue(now).catch((err: unknown) => {
        logger.error({ err }, 'delivery run failed; the next tick tries again');
        return emptySummary();
      }),
      remind(now).catch((err: unknown) => {
        logger.error({ err }, 'reminder pass failed; the next minute tries again');
        return { sent: 0, failed: 0, skipped: 0 };
      }),
    ]);
    if (now.getTime() - lastHousekeeping >= 3_600_000) {
      lastHousekeeping = now.getTime();
      await runHousekeeping(deps, now).catch((err: unknown) => logger.warn({ err }, 'housekeeping failed'));
    }
    return { deliveries: d, reminders: r };
  };
  const schedule: CronSchedule = opts.schedule ?? ((expr, fn, options) => cron.schedule(expr, fn, options));
  // Ticks do not wait for each other: a long fan-out keeps going while the next
  // minute's new posts join the same bounded pool (claims keep them apart).
  // unref: the chat adapters' connections keep the process alive, not the timer.
  const task = schedule(EVERY_MINUTE, () => void tick(), { name: 'jobs', unref: true });
  logger.info({ ports: deps.chat.list().map((p) => p.platform) }, 'jobs started');
  const started = tick();
  return {
    deliveries,
    started,
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
      const drained = await deliveries.stop(opts.stopGraceMs ?? 10_000);
      if (!drained) logger.warn({}, 'jobs stopped with sends still in flight; their claims expire and they are retried');
      else logger.info({}, 'jobs stopped');
    },
  };
}
