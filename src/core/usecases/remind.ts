/**
 * Review reminders: which nudges are due at an instant (the rule itself is
 * pure, in learning/reminders.ts), what a nudge says, and the console's
 * version of it — a greeting line rather than a message.
 */
import { questionCard } from '../cards.js';
import type { CoreDeps } from '../context.js';
import { endOfLocalDay } from '../learning/fsrs.js';
import { decideNudge, nudgeWindow } from '../learning/reminders.js';
import { context, heading, paragraph, privateReply, type Reply } from '../messages.js';
import type { LocalDate } from '../model.js';
import { nextDueQuestion, REVIEW_SOURCE } from './review.js';
import { userZone } from './zone.js';

export interface PlannedNudge {
  userKey: string;
  zone: string;
  localDate: LocalDate;
  dueCount: number;
}

/**
 * Opted-in users to nudge at `now`. Only users in their nudge window (past
 * the reminder time, not nudged today) have their due cards counted. Nothing
 * is written: the sender claims each nudge before sending it.
 */
export function plannedNudges(deps: CoreDeps, now: Date): PlannedNudge[] {
  const plans: PlannedNudge[] = [];
  for (const c of deps.store.reminderCandidates()) {
    const zone = c.timezone ?? 'UTC';
    if (nudgeWindow(now, zone, c.lastNudgedOn) === null) continue;
    const dueCount = deps.store.countDueReviews(c.userKey, endOfLocalDay(now, zone));
    const localDate = decideNudge({ optedIn: true, zone, lastNudgedOn: c.lastNudgedOn, dueCount }, now);
    if (localDate) plans.push({ userKey: c.userKey, zone, localDate, dueCount });
  }
  return plans;
}

const reviewsDue = (n: number) => `${n} review${n === 1 ? '' : 's'} due today`;

/** The private nudge: the count, and the first due question with its Reveal button (source r). */
export function nudgeReply(deps: CoreDeps, plan: PlannedNudge, now: Date): Reply {
  const text = `⏰ You have ${reviewsDue(plan.dueCount)}. A few minutes now keeps them fresh for the interview.`;
  const first = nextDueQuestion(deps, plan.userKey, endOfLocalDay(now, plan.zone));
  const blocks = [heading('Review reminder'), paragraph(text)];
  if (first) {
    blocks.push(...questionCard(deps.bank, first, { title: 'First up', visibility: 'private', source: REVIEW_SOURCE }).blocks);
  }
  blocks.push(context('Type `/aws review` for the queue · `/aws remind off` stops these nudges.'));
  return privateReply(text, blocks);
}

/**
 * Console start-up lines: the due-review count, and for a user who opted in,
 * the day's reminder — claimed like any nudge, so it appears once a day.
 */
export function reviewGreeting(deps: CoreDeps, userKey: string): string[] {
  const now = deps.clock.now();
  const zone = userZone(deps, userKey);
  const dueCount = deps.store.countDueReviews(userKey, endOfLocalDay(now, zone));
  if (dueCount === 0) return [];
  const optedIn = deps.store.getUser(userKey)?.remind ?? false;
  const day = decideNudge({ optedIn, zone, lastNudgedOn: null, dueCount }, now);
  const claimed =
    day !== null &&
    deps.store.transaction(() => {
      if (!deps.store.claimNudge(userKey, day, dueCount, now)) return false;
      deps.store.finishNudge(userKey, day, 'sent', 'console greeting', now);
      return true;
    });
  return claimed
    ? [`⏰ Reminder: you have ${reviewsDue(dueCount)} — type "review".`]
    : [`🔁 ${reviewsDue(dueCount)} — type "review".`];
}
