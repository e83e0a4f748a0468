import { z } from 'zod';
import { UserError } from '../errors.js';
import { todaysQuestionForChannel } from '../usecases/daily.js';
import { findQuestion, revealAnswer } from '../usecases/show.js';
import { defineCommand } from './types.js';

export const answerCommand = defineCommand({
  name: 'answer',
  summary: 'Reveal an answer privately: the given id, else the last question you saw here, else today’s.',
  usage: 'answer [id]',
  options: [{ name: 'id', description: 'Question id, e.g. vpc-peering-edge-to-edge', type: 'string', autocomplete: 'question' }],
  schema: z.object({ id: z.string().max(100).optional() }),
  run(input, ctx) {
    if (input.id) return revealAnswer(ctx, findQuestion(ctx, input.id));
    const lastId = ctx.deps.store.getLastShown(ctx.actor.userKey, ctx.channelKey);
    const last = lastId ? ctx.deps.bank.get(lastId) : undefined;
    const q = last ?? todaysQuestionForChannel(ctx.deps, ctx.channelKey);
    if (!q) throw new UserError('The question bank is empty, so there is nothing to reveal.');
    return revealAnswer(ctx, q);
  },
});
