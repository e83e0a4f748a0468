/**
 * Who gets a review reminder at instant T — pure. A user is nudged when all hold:
 * they opted in (`remind on`), reviews are due, their local time (in their
 * own zone) is at or past REMINDER_TIME, and they were not nudged on that
 * local day yet. The store's unique (user, local day) claim backs up the last
 * rule against restarts and concurrent runners.
 */
import { localParts } from '../dates.js';
import type { LocalDate } from '../model.js';

/** Local wall-clock time from which a day's nudge may go out. */
export const REMINDER_TIME = '08:00';

export interface NudgeFacts {
  optedIn: boolean;
  zone: string;
  lastNudgedOn: LocalDate | null;
  dueCount: number;
}

/**
 * The local day a nudge would be for, when the user's clock is past the
 * reminder time and that day has no nudge yet; otherwise null. Cheap (no
 * store access), so the runner checks it before counting due cards.
 */
export function nudgeWindow(now: Date, zone: string, lastNudgedOn: LocalDate | null, at = REMINDER_TIME): LocalDate | null {
  const local = localParts(now, zone);
  if (local.time < at) return null;
  // `>=` rather than `===`: a zone change can move "today" behind the last nudge.
  if (lastNudgedOn !== null && lastNudgedOn >= local.date) return null;
  return local.date;
}

/** The local day to nudge this user for at `now`, or null: the whole rule. */
export function decideNudge(facts: NudgeFacts, now: Date, at = REMINDER_TIME): LocalDate | null {
  if (!facts.optedIn || facts.dueCount <= 0) return null;
  return nudgeWindow(now, facts.zone, facts.lastNudgedOn, at);
}
