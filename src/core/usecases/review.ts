/**
 * The spaced-repetition review queue: a person's cards due by the end of
 * their local day, most overdue first, shown one at a time privately with
 * the usual reveal → grade flow (source `r`, so a grade shows the next one).
 */
import { say, type CommandContext, type CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import { daysUntilDue, endOfLocalDay } from '../learning/fsrs.js';
import { context, heading, paragraph, privateReply, type Reply } from '../messages.js';
import type { Question } from '../model.js';
import type { DueReview } from '../ports/practice.js';
import { showQuestion } from './show.js';
import { userZone } from './zone.js';

export const REVIEW_SOURCE = 'r';
/** Due rows read per look-up; more than enough to step over removed questions. */
const QUEUE_PEEK = 10;
/** The largest valid Date: "due before" it means any card at all. */
const FAR_FUTURE = new Date(8.64e15);

/** Reviews due today for the person (cards whose question left the bank included: a count, not a walk). */
export async function dueReviewCount(deps: CoreDeps, userKey: string): Promise<number> {
  const cutoff = endOfLocalDay(deps.clock.now(), await userZone(deps, userKey));
  return deps.store.practice.countDue(userKey, cutoff);
}

/** The most overdue card's question, skipping `skip` and questions no longer in the bank. */
export async function nextDueQuestion(deps: CoreDeps, userKey: string, cutoff: Date, skip?: string): Promise<Question | null> {
  return firstReviewable(deps, await deps.store.practice.dueReviews(userKey, cutoff, QUEUE_PEEK), skip);
}

function firstReviewable(deps: CoreDeps, due: readonly DueReview[], skip?: string): Question | null {
  for (const d of due) {
    const q = d.questionId === skip ? undefined : deps.bank.get(d.questionId);
    if (q) return q;
  }
  return null;
}

/**
 * The next due review as a private question card, or a note that the queue
 * is empty for today. `skip` is the question just graded: a same-day repeat
 * grade leaves its card due, and it must not come straight back.
 */
export async function nextReviewReply(ctx: CommandContext, skip?: string): Promise<Reply> {
  const { deps } = ctx;
  const userKey = ctx.actor.userKey;
  const zone = await userZone(deps, userKey);
  const now = deps.clock.now();
  const cutoff = endOfLocalDay(now, zone);
  const due = await deps.store.practice.dueReviews(userKey, cutoff, QUEUE_PEEK);
  const q = firstReviewable(deps, due, skip);
  if (q) {
    const count = (await deps.store.practice.countDue(userKey, cutoff)) - (due.some((d) => d.questionId === skip) ? 1 : 0);
    return showQuestion(ctx, q, `Review — ${count} due today`, 'private', REVIEW_SOURCE);
  }
  // Nothing due today: say when the next card comes back, if there is one.
  const [upcoming] = await deps.store.practice.dueReviews(userKey, FAR_FUTURE, 1);
  if (!upcoming) {
    const text = 'Your review queue is empty. Every question you grade joins it and comes back when it is due.';
    return privateReply(text, [heading('Review'), paragraph(text), context(`Try ${say(ctx, 'question')} or ${say(ctx, 'mock')} to practise.`)]);
  }
  const days = daysUntilDue(upcoming.due, now, zone);
  const when = days <= 1 ? 'tomorrow' : `in ${days} days (${localDate(upcoming.due, zone)})`;
  const text = `🎉 No reviews due today. The next one comes back ${when}.`;
  return privateReply(text, [heading('Review'), paragraph(text), context(`Grade more questions (${say(ctx, 'question')}, ${say(ctx, 'mock')}) to grow your queue.`)]);
}

/** A person's due reviews for display (the home view), most overdue first; removed questions left out. */
export async function dueReviewList(deps: CoreDeps, userKey: string, limit = 50): Promise<{ questionId: string; question: string }[]> {
  const cutoff = endOfLocalDay(deps.clock.now(), await userZone(deps, userKey));
  return (await deps.store.practice.dueReviews(userKey, cutoff, limit)).flatMap((d) => {
    const q = deps.bank.get(d.questionId);
    return q ? [{ questionId: q.id, question: q.question }] : [];
  });
}
