/**
 * node-cron wiring. One task ticks at second 0 of every minute and calls
 * `runDue(now)`; all zone arithmetic stays in core/schedule.ts.
 *
 * Why not one node-cron task per subscription with its `timezone` option?
 * node-cron (4.x) matches wall-clock fields, so on a spring-forward day a
 * 02:30 America/New_York task never fires (02:30 does not exist) and on a
 * fall-back day a 01:30 task fires twice (test/scheduler/cron.test.ts shows
 * both). The per-minute tick plus core's zonedInstant posts at the first
 * valid minute in the gap and once in the overlap, needs no re-sync when a
 * subscription changes (another process may have changed it), and makes the
 * start-up catch-up the same code path as a normal tick.
 */
import cron from 'node-cron';
import type { PostStore } from '../core/ports.js';
import { DailyPoster, type DailyPosterOptions, type RunSummary } from './daily-poster.js';

/** The part of node-cron's `schedule` we use; tests pass a fake to trigger ticks by hand. */
export type CronSchedule = (
  expression: string,
  fn: () => void,
  options: { name?: string; unref?: boolean },
) => { stop(): void | Promise<void>; destroy(): void | Promise<void> };

export interface SchedulerOptions extends DailyPosterOptions {
  schedule?: CronSchedule;
  /** How long `stop` waits for posts in flight. Default 10 s. */
  stopGraceMs?: number;
}

export interface RunningScheduler {
  poster: DailyPoster;
  /** The start-up catch-up run (tests await it). */
  started: Promise<RunSummary>;
  /** One tick now, as the cron task would do it. */
  tick(): Promise<RunSummary>;
  /** Stops the cron task, then waits (bounded) for posts in flight. */
  stop(): Promise<void>;
}

export const EVERY_MINUTE = '* * * * *';

export function startScheduler(opts: SchedulerOptions): RunningScheduler {
  const { clock, logger } = opts.deps;
  const poster = new DailyPoster(opts);
  const tick = (): Promise<RunSummary> =>
    poster.runDue(clock.now()).catch((err: unknown) => {
      logger.error({ err }, 'daily post run failed; the next tick tries again');
      return { due: 0, sent: 0, retrying: 0, failed: 0, skipped: 0 };
    });
  const schedule: CronSchedule = opts.schedule ?? ((expr, fn, options) => cron.schedule(expr, fn, options));
  // Ticks do not wait for each other: a long fan-out keeps going while the next
  // minute's new posts join the same bounded pool (claims keep them apart).
  // unref: the chat adapters' connections keep the process alive, not the timer.
  const task = schedule(EVERY_MINUTE, () => void tick(), { name: 'daily-posts', unref: true });
  logger.info({ ports: opts.ports.map((p) => p.platform) }, 'scheduler started');
  const started = tick();

  return {
    poster,
    started,
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
      const drained = await poster.stop(opts.stopGraceMs ?? 10_000);
      if (!drained) logger.warn({}, 'scheduler stopped with posts still in flight; their claims expire and they are retried');
      else logger.info({}, 'scheduler stopped');
    },
  };
}

/** The store as a PostStore when it can record daily posts (the SQLite store can). */
export function postStoreOf(store: object): PostStore | null {
  const s = store as Partial<PostStore>;
  return typeof s.claimPost === 'function' && typeof s.completePost === 'function' && typeof s.postsSince === 'function'
    ? (store as PostStore)
    : null;
}
