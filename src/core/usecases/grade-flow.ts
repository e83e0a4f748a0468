/**
 * Grading and what follows it, shared by grade buttons (handleAction) and the
 * typed `grade` / `knew` path: record the grade (attempt, streak, FSRS card),
 * then, by where the question came from, show the next due review (`r`) or
 * the next mock question / summary (`m<n>`). One transaction throughout.
 */
import type { CommandContext } from '../context.js';
import { mockIdFromSource } from '../learning/mock.js';
import type { Reply } from '../messages.js';
import type { Grade, Question } from '../model.js';
import { recordGrade } from './grade.js';
import { continueMock } from './mock.js';
import { gradeOutcome } from './outcome.js';
import { nextReviewReply, REVIEW_SOURCE } from './review.js';

/**
 * The source worth carrying from a shown question to its answer and grade:
 * only flows that continue after a grade (review, mock); `d` and legacy
 * rows (null) need nothing.
 */
export function continuingSource(source: string | null | undefined): string | undefined {
  return source === REVIEW_SOURCE || mockIdFromSource(source) !== null ? source! : undefined;
}

/** The grade outcome followed by the next step, as one private reply. */
function followedBy(outcome: Reply, next: Reply): Reply {
  return {
    visibility: 'private',
    blocks: [...outcome.blocks, ...next.blocks],
    fallbackText: `${outcome.fallbackText} ${next.fallbackText}`,
  };
}

export function gradeAndContinue(ctx: CommandContext, q: Question, grade: Grade, source?: string | null): Reply {
  return ctx.deps.store.transaction(() => {
    const outcome = gradeOutcome(ctx, q, grade, recordGrade(ctx, q, grade));
    if (source === REVIEW_SOURCE) return followedBy(outcome, nextReviewReply(ctx, q.id));
    const mockId = mockIdFromSource(source);
    if (mockId !== null) return followedBy(outcome, continueMock(ctx, mockId, q, grade));
    return outcome;
  });
}
