/**
 * Review reminders: which nudges are due at an instant (the rule itself is
 * pure, in learning/reminders.ts), and what a nudge says.
 */
import { questionCard } from '../cards.js';
import type { CoreDeps } from '../context.js';
import { endOfLocalDay } from '../learning/fsrs.js';
import { decideNudge, nudgeWindow } from '../learning/reminders.js';
import { context, heading, paragraph, privateReply, type Reply } from '../messages.js';
import type { LocalDate } from '../model.js';
import type { PlatformInfo } from '../ports/platform.js';
import { plural } from '../text.js';
import { nextDueQuestion, REVIEW_SOURCE } from './review.js';
import { userZone, zoneFrom } from './zone.js';

export interface PlannedNudge {
  userKey: string;
  zone: string;
  localDate: LocalDate;
  dueCount: number;
}

/**
 * Opted-in people to nudge at `now`, each in their own zone (own → profile →
 * default). Only people in their nudge window (past the reminder time, not
 * nudged today) have their due cards counted. Nothing is written: the sender
 * claims each nudge before sending it.
 */
export async function plannedNudges(deps: CoreDeps, now: Date): Promise<PlannedNudge[]> {
  const plans: PlannedNudge[] = [];
  for (const c of await deps.store.reminders.candidates()) {
    const zone = zoneFrom(c, deps.defaultZone);
    if (nudgeWindow(now, zone, c.lastNudgedOn) === null) continue;
    const dueCount = await deps.store.practice.countDue(c.userKey, endOfLocalDay(now, zone));
    const localDate = decideNudge({ optedIn: true, zone, lastNudgedOn: c.lastNudgedOn, dueCount }, now);
    if (localDate) plans.push({ userKey: c.userKey, zone, localDate, dueCount });
  }
  return plans;
}

const reviewsDue = (n: number) => `${plural(n, 'review')} due today`;

/** The private nudge: the count, and the first due question with its Reveal button (source r). */
export async function nudgeReply(deps: CoreDeps, plan: PlannedNudge, now: Date, platform: PlatformInfo): Promise<Reply> {
  const text = `⏰ You have ${reviewsDue(plan.dueCount)}. A few minutes now keeps them fresh for the interview.`;
  const first = await nextDueQuestion(deps, plan.userKey, endOfLocalDay(now, plan.zone));
  const blocks = [heading('Review reminder'), paragraph(text)];
  if (first) blocks.push(...questionCard(deps.bank, first, { title: 'First up', visibility: 'private', source: REVIEW_SOURCE, platform }).blocks);
  blocks.push(context(`Type \`${platform.invocation('review', false)}\` for the queue · \`${platform.invocation('remind', false)} off\` stops these nudges.`));
  return privateReply(text, blocks);
}

/**
 * Lines for a platform without direct messages (the console, at start): the
 * due-review count and, for a person who opted in, the day's reminder —
 * claimed like any nudge, so it appears once a day.
 */
export async function reviewGreeting(deps: CoreDeps, userKey: string): Promise<string[]> {
  const now = deps.clock.now();
  const zone = await userZone(deps, userKey);
  const dueCount = await deps.store.practice.countDue(userKey, endOfLocalDay(now, zone));
  if (dueCount === 0) return [];
  const optedIn = (await deps.store.people.get(userKey))?.remind ?? false;
  const day = decideNudge({ optedIn, zone, lastNudgedOn: null, dueCount }, now);
  const claimed =
    day !== null &&
    (await deps.store.transaction(async (tx) => {
      if (!(await tx.reminders.claim(userKey, day, dueCount, now))) return false;
      await tx.reminders.finish(userKey, day, 'sent', 'console greeting', now);
      return true;
    }));
  return claimed ? [`⏰ Reminder: you have ${reviewsDue(dueCount)} — type "review".`] : [`🔁 ${reviewsDue(dueCount)} — type "review".`];
}
