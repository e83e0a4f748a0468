/**
 * Review reminders: each minute, the nudges due now (core rule: opted in,
 * reviews due, past 08:00 in the person's own day, not yet nudged that local
 * day) go out as a direct message on the person's platform — found from
 * their key (`slack:…` → Slack). Platforms that cannot DM (the console) show
 * it as a greeting line instead, so they are left out here.
 *
 * Each nudge is claimed (unique person × local day) before it is sent: a
 * restart, an overlapping tick or a second process cannot nudge twice. The
 * price is at-most-once — a failed send is recorded, not retried.
 */
import type { CoreDeps } from '../core/context.js';
import type { PostOutcome } from '../core/ports/chat.js';
import { nudgeReply, plannedNudges } from '../core/usecases/remind.js';

export interface ReminderTally {
  sent: number;
  failed: number;
  /** Due but not sent now: the platform is not running here, or someone else claimed it. */
  skipped: number;
}

export async function runReminders(deps: CoreDeps, now: Date): Promise<ReminderTally> {
  const tally: ReminderTally = { sent: 0, failed: 0, skipped: 0 };
  for (const plan of await plannedNudges(deps, now)) {
    const platform = deps.platforms.ofUserKey(plan.userKey);
    if (!platform?.capabilities.dm) continue;
    const port = deps.chat.get(platform.id);
    // Not claimed: if the platform comes up later today, the nudge still goes out.
    if (!port?.sendDirect) {
      tally.skipped++;
      continue;
    }
    if (!(await deps.store.reminders.claim(plan.userKey, plan.localDate, plan.dueCount, now))) {
      tally.skipped++;
      continue;
    }
    let outcome: PostOutcome;
    try {
      outcome = await port.sendDirect(plan.userKey, await nudgeReply(deps, plan, now, platform));
    } catch (err) {
      outcome = { ok: false, kind: 'transient', reason: 'unknown', detail: err instanceof Error ? err.message : String(err) };
    }
    const at = deps.clock.now();
    if (outcome.ok) {
      await deps.store.reminders.finish(plan.userKey, plan.localDate, 'sent', null, at);
      tally.sent++;
    } else {
      await deps.store.reminders.finish(plan.userKey, plan.localDate, 'failed', `${outcome.reason}: ${outcome.detail}`, at);
      deps.logger.warn({ user: plan.userKey, reason: outcome.reason }, 'review reminder not delivered');
      tally.failed++;
    }
  }
  return tally;
}
