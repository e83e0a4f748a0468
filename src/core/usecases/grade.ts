/**
 * Recording a self-grade: once per user, question and local day (a double
 * click counts once), and in the same transaction the streak moves on and
 * the user's FSRS review card for the question is rescheduled.
 */
import type { CommandContext } from '../context.js';
import { nextCard } from '../learning/fsrs.js';
import type { ReviewCard } from '../learning/store.js';
import type { Grade, Question } from '../model.js';
import { practise, type PractiseResult, type StreakState } from '../streaks.js';
import { userToday } from './zone.js';

export interface GradeResult {
  recorded: boolean;
  streak: StreakState;
  practise: PractiseResult | null;
  /** The rescheduled review card; null when the grade was a same-day repeat. */
  review: ReviewCard | null;
}

export function recordGrade(ctx: CommandContext, question: Question, grade: Grade): GradeResult {
  const { store, clock } = ctx.deps;
  const at = clock.now();
  return store.transaction(() => {
    store.touchUser(ctx.actor.userKey, ctx.actor.displayName, at);
    store.addMembership(ctx.scope, ctx.actor.userKey);
    const localDate = userToday(ctx.deps, ctx.actor.userKey, ctx.channelKey);
    const recorded = store.insertAttempt({
      userKey: ctx.actor.userKey,
      scope: ctx.scope,
      channelKey: ctx.channelKey,
      questionId: question.id,
      localDate,
      grade,
      at,
    });
    const prev = store.getStreak(ctx.actor.userKey);
    let result: PractiseResult | null = null;
    let review: ReviewCard | null = null;
    if (recorded) {
      result = practise(prev, localDate);
      if (result.state !== prev) store.saveStreak(ctx.actor.userKey, result.state, at);
      // Only a recorded grade moves the card, so a repeat the same day changes nothing.
      review = nextCard(store.getReviewCard(ctx.actor.userKey, question.id), grade, at);
      store.saveReviewCard(ctx.actor.userKey, question.id, review);
    }
    return { recorded, streak: result?.state ?? prev, practise: result, review };
  });
}
