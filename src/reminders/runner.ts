/**
 * Sends review reminders: every minute, the nudges due now (core rule: opted
 * in, reviews due, past the morning hour locally, not yet nudged that local
 * day) go out as a private message on the user's platform (`slack:…` →
 * Slack DM, `discord:…` → Discord DM). Console users see theirs as a
 * greeting line instead, so they are left to the console.
 *
 * Each nudge is claimed in the store (unique user × local day) before it is
 * sent: a restart, an overlapping tick or a second process cannot nudge
 * twice. The price is at-most-once — a failed send is recorded, not retried;
 * a missed nudge is better than a duplicate one.
 */
import cron from 'node-cron';
import type { CoreDeps } from '../core/context.js';
import { platformOf } from '../core/learning/reminders.js';
import type { ChatPort, Logger, PostOutcome } from '../core/ports.js';
import { nudgeReply, plannedNudges } from '../core/usecases/remind.js';

export interface ReminderTally {
  sent: number;
  failed: number;
  /** Due but not sent now: no port for the platform yet, or claimed by someone else. */
  skipped: number;
}

/** One pass at instant `now`; exported for tests and for a manual run. */
export async function runReminders(deps: CoreDeps, ports: readonly ChatPort[], now: Date, logger: Logger): Promise<ReminderTally> {
  const tally: ReminderTally = { sent: 0, failed: 0, skipped: 0 };
  for (const plan of plannedNudges(deps, now)) {
    const platform = platformOf(plan.userKey);
    if (platform === 'console' || platform === null) continue;
    const port = ports.find((p) => p.platform === platform && p.sendDirect);
    // Not claimed: if the platform comes up later today, the nudge still goes out.
    if (!port?.sendDirect) {
      tally.skipped++;
      continue;
    }
    if (!deps.store.claimNudge(plan.userKey, plan.localDate, plan.dueCount, now)) {
      tally.skipped++;
      continue;
    }
    let outcome: PostOutcome;
    try {
      outcome = await port.sendDirect(plan.userKey, nudgeReply(deps, plan, now));
    } catch (err) {
      outcome = { ok: false, kind: 'transient', reason: 'unknown', detail: (err as Error).message ?? String(err) };
    }
    const at = deps.clock.now();
    if (outcome.ok) {
      deps.store.finishNudge(plan.userKey, plan.localDate, 'sent', null, at);
      tally.sent++;
    } else {
      deps.store.finishNudge(plan.userKey, plan.localDate, 'failed', `${outcome.reason}: ${outcome.detail}`, at);
      logger.warn({ user: plan.userKey, reason: outcome.reason }, 'review reminder not delivered');
      tally.failed++;
    }
  }
  return tally;
}

/** The part of node-cron's `schedule` used here; tests pass a fake to tick by hand. */
export type ScheduleFn = (
  expression: string,
  fn: () => void,
  options: { name?: string; noOverlap?: boolean; unref?: boolean },
) => { stop(): void | Promise<void>; destroy(): void | Promise<void> };

export interface ReminderOptions {
  deps: CoreDeps;
  /** Read at every tick, so ports added after start-up are used. */
  ports: readonly ChatPort[];
  logger: Logger;
  schedule?: ScheduleFn;
}

export interface ReminderTask {
  /** One pass now, as the cron task does it. */
  tick(): Promise<ReminderTally>;
  stop(): Promise<void>;
}

/** Runs a reminder pass at the top of every minute until stopped. */
export function startReminders(opts: ReminderOptions): ReminderTask {
  const { deps, ports, logger } = opts;
  const tick = async (): Promise<ReminderTally> => {
    try {
      const tally = await runReminders(deps, ports, deps.clock.now(), logger);
      if (tally.sent + tally.failed > 0) logger.info({ ...tally }, 'review reminders');
      return tally;
    } catch (err) {
      logger.error({ err }, 'review reminder pass failed; the next minute tries again');
      return { sent: 0, failed: 0, skipped: 0 };
    }
  };
  const schedule: ScheduleFn = opts.schedule ?? ((expr, fn, options) => cron.schedule(expr, fn, options));
  // noOverlap: a slow pass (many DMs) must not run twice at once; unref: the
  // chat connections keep the process alive, not this timer.
  const task = schedule('* * * * *', () => void tick(), { name: 'review-reminders', noOverlap: true, unref: true });
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
