import { z } from 'zod';
import { UserError } from '../errors.js';
import { todaysQuestionForChannel } from '../usecases/daily.js';
import { continuingSource } from '../usecases/grade-flow.js';
import { findQuestion, revealAnswer } from '../usecases/show.js';
import { defineCommand } from './types.js';

export const answerCommand = defineCommand({
  name: 'answer',
  summary: 'Reveal an answer privately: the given id, else the last question you saw here, else today’s.',
  usage: 'answer [id]',
  options: [{ name: 'id', description: 'Question id, e.g. vpc-peering-edge-to-edge', type: 'string', autocomplete: 'question' }],
  schema: z.object({ id: z.string().max(100).optional() }),
  run(input, ctx) {
    // The last shown question's source (review, mock) carries over, so grading it continues that flow.
    const last = ctx.deps.store.getLastShownEntry(ctx.actor.userKey, ctx.channelKey);
    const sourceFor = (id: string) => (last?.questionId === id ? continuingSource(last.source) : undefined);
    if (input.id) {
      const q = findQuestion(ctx, input.id);
      return revealAnswer(ctx, q, sourceFor(q.id));
    }
    const lastQuestion = last ? ctx.deps.bank.get(last.questionId) : undefined;
    const q = lastQuestion ?? todaysQuestionForChannel(ctx.deps, ctx.channelKey);
    if (!q) throw new UserError('The question bank is empty, so there is nothing to reveal.');
    return revealAnswer(ctx, q, sourceFor(q.id));
  },
});
