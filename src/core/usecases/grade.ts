/**
 * Recording a self-grade: once per person, question and local day (a double
 * click counts once), and in the same transaction the streak moves on and
 * the person's FSRS review card for the question is rescheduled.
 */
import type { CommandContext } from '../context.js';
import { nextCard } from '../learning/fsrs.js';
import type { Grade, Question } from '../model.js';
import type { ReviewCard } from '../ports/practice.js';
import { practise, type PractiseResult, type StreakState } from '../streaks.js';
import { userToday } from './zone.js';

export interface GradeResult {
  recorded: boolean;
  streak: StreakState;
  practise: PractiseResult | null;
  /** The rescheduled review card; null when the grade was a same-day repeat. */
  review: ReviewCard | null;
  /** What was recorded today (the earlier grade on a repeat). */
  recordedGrade: Grade;
}

export async function recordGrade(ctx: CommandContext, question: Question, grade: Grade): Promise<GradeResult> {
  const { clock } = ctx.deps;
  const at = clock.now();
  return ctx.deps.store.transaction(async (tx) => {
    const userKey = ctx.actor.userKey;
    await tx.people.touch(userKey, ctx.actor.displayName, at);
    await tx.people.addMembership(ctx.scope, userKey);
    const localDate = await userToday({ ...ctx.deps, store: tx }, userKey);
    // The identity that graded (this platform's), so `unlink` can give it back its own history.
    const identityKey = ctx.event.actor.userKey;
    const recorded = await tx.practice.insertAttempt({ userKey, identityKey, scope: ctx.scope, channelKey: ctx.channelKey, questionId: question.id, localDate, grade, at });
    const prev = await tx.people.getStreak(userKey);
    if (!recorded) {
      const today = (await tx.practice.latestGrades(userKey)).find((g) => g.questionId === question.id && g.localDate === localDate);
      return { recorded, streak: prev, practise: null, review: null, recordedGrade: today?.grade ?? grade };
    }
    const result = practise(prev, localDate);
    if (result.state !== prev) await tx.people.saveStreak(userKey, result.state, at);
    // Only a recorded grade moves the card, so a repeat the same day changes nothing.
    const review = nextCard(await tx.practice.getCard(userKey, question.id), grade, at);
    await tx.practice.saveCard(userKey, question.id, review);
    return { recorded, streak: result.state, practise: result, review, recordedGrade: grade };
  });
}
