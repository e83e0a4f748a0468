/**
 * Grading and what follows it, shared by grade buttons and the typed `grade`
 * / `knew` path: record the grade (attempt, streak, FSRS card), then, by
 * where the question came from, show the next due review (`r`) or the next
 * mock question / summary (`m<n>`). One transaction throughout.
 *
 * Product rule: a grade keeps the answer on screen. When the grade replaces
 * the private answer message (`keepAnswer`), the answer stays above the outcome.
 */
import { answerBody } from '../cards.js';
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
  const base = source?.replace(/!$/, '');
  return base === REVIEW_SOURCE || mockIdFromSource(base) !== null ? base : undefined;
}

/** Replies shown one after the other, as one private reply. */
export function followedBy(first: Reply, next: Reply): Reply {
  return { visibility: 'private', blocks: [...first.blocks, ...next.blocks], fallbackText: `${first.fallbackText} ${next.fallbackText}` };
}

export async function gradeAndContinue(
  ctx: CommandContext,
  q: Question,
  grade: Grade,
  source: string | null | undefined,
  opts: { keepAnswer?: boolean } = {},
): Promise<Reply> {
  return ctx.deps.store.transaction(async (tx) => {
    const inTx: CommandContext = { ...ctx, deps: { ...ctx.deps, store: tx } };
    let reply = await gradeOutcome(inTx, q, await recordGrade(inTx, q, grade));
    if (opts.keepAnswer) reply = { ...reply, blocks: [...answerBody(ctx.deps.bank, q), ...reply.blocks] };
    if (source === REVIEW_SOURCE) return followedBy(reply, await nextReviewReply(inTx, q.id));
    const mockId = mockIdFromSource(source);
    if (mockId !== null) return followedBy(reply, await continueMock(inTx, mockId, q, grade));
    return reply;
  });
}
