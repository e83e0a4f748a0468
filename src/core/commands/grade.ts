import { z } from 'zod';
import { say } from '../context.js';
import { UserError } from '../errors.js';
import { GRADES } from '../model.js';
import { continuingSource, gradeAndContinue } from '../usecases/grade-flow.js';
import { findQuestion, isRevealed } from '../usecases/show.js';
import { normaliseGrade } from './shared.js';
import { defineCommand } from './types.js';

const GRADE_FORM = 'Grade with `knew`, `partly` or `missed` (or 1, 2, 3), e.g. `grade knew` or `grade vpc-peering-edge-to-edge partly`.';

export const gradeCommand = defineCommand({
  name: 'grade',
  summary: 'Grade yourself on the last answer you revealed: knew, partly or missed.',
  usage: 'grade [id] <knew|partly|missed>',
  options: [
    { name: 'grade', description: 'How well you knew it', type: 'string', required: true, choices: GRADES },
    { name: 'id', description: 'Question id (default: the last one you revealed here)', type: 'string', autocomplete: 'question' },
  ],
  parseText(words) {
    if (words.length === 1) return { grade: normaliseGrade(words[0]!) };
    // Either order: `grade vpc-x knew` and `grade knew vpc-x` both read naturally.
    if (words.length === 2) {
      const [a, b] = words as [string, string];
      const firstIsGrade = (GRADES as readonly string[]).includes(normaliseGrade(a)) && !(GRADES as readonly string[]).includes(normaliseGrade(b));
      return firstIsGrade ? { id: b, grade: normaliseGrade(a) } : { id: a, grade: normaliseGrade(b) };
    }
    throw new UserError(GRADE_FORM);
  },
  schema: z.object({
    grade: z.enum(GRADES, { message: GRADE_FORM }),
    id: z.string().max(100).optional(),
    /** Set by the parser for a bare `1`/`knew`: it only grades what was revealed. */
    bare: z.boolean().optional(),
  }),
  async run(input, ctx) {
    const last = await ctx.deps.store.practice.getLastShown(ctx.actor.userKey, ctx.channelKey);
    const id = input.id ?? last?.questionId;
    if (!id || (input.bare && !isRevealed(last?.source))) {
      throw new UserError(`Reveal an answer first (${say(ctx, 'answer')}), then grade it.`);
    }
    const q = findQuestion(ctx, id);
    // Typed grades continue a review or mock exactly like the buttons: the source was kept with the last shown question.
    return gradeAndContinue(ctx, q, input.grade, last?.questionId === q.id ? continuingSource(last.source) : undefined);
  },
});
