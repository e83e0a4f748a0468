import { z } from 'zod';
import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import type { Question } from '../model.js';
import { todaysQuestionForChannel } from '../usecases/daily.js';
import { continuingSource } from '../usecases/grade-flow.js';
import { findQuestion, revealAnswer } from '../usecases/show.js';
import { defineCommand } from './types.js';

/**
 * The question `answer` (and a typed grade) refers to in this channel: the
 * later of what this person was shown here and what the channel was last
 * shown publicly (a posted question, the daily post); else today's question.
 */
export async function currentQuestion(ctx: CommandContext): Promise<{ question: Question | null; source: string | null }> {
  const { store, bank } = ctx.deps;
  const mine = await store.practice.getLastShown(ctx.actor.userKey, ctx.channelKey);
  const channel = await store.channels.getChannelShown(ctx.channelKey);
  if (mine && (!channel || mine.at.getTime() >= channel.at.getTime())) {
    const q = bank.get(mine.questionId);
    if (q) return { question: q, source: mine.source };
  }
  if (channel) {
    const q = bank.get(channel.questionId);
    if (q) return { question: q, source: null };
  }
  return { question: await todaysQuestionForChannel(ctx.deps, ctx.channelKey), source: null };
}

export const answerCommand = defineCommand({
  name: 'answer',
  summary: 'Reveal an answer privately: the given id, else the question last shown here, else today’s.',
  usage: 'answer [id]',
  options: [{ name: 'id', description: 'Question id, e.g. vpc-peering-edge-to-edge', type: 'string', autocomplete: 'question' }],
  schema: z.object({ id: z.string().max(100).optional() }),
  async run(input, ctx) {
    // The last shown question's source (review, mock) carries over, so grading it continues that flow.
    const mine = await ctx.deps.store.practice.getLastShown(ctx.actor.userKey, ctx.channelKey);
    const sourceFor = (id: string) => (mine?.questionId === id ? continuingSource(mine.source) : undefined);
    if (input.id) {
      const q = findQuestion(ctx, input.id);
      return revealAnswer(ctx, q, sourceFor(q.id));
    }
    const { question } = await currentQuestion(ctx);
    if (!question) throw new UserError('The question bank is empty, so there is nothing to reveal.');
    return revealAnswer(ctx, question, sourceFor(question.id));
  },
});
