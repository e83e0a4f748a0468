import { z } from 'zod';
import { QUESTION_ID_PATTERN } from '../actions.js';
import { writeForm } from '../usecases/forms.js';
import { UserError } from '../errors.js';
import { currentQuestion } from './answer.js';
import { continuingSource } from '../usecases/grade-flow.js';
import { findQuestion } from '../usecases/show.js';
import { checkWrittenAnswer, MAX_WRITTEN_ANSWER } from '../usecases/write.js';
import { defineCommand } from './types.js';

export const writeCommand = defineCommand({
  name: 'write',
  summary: 'Write your answer first and see which key points you covered, missed or contradicted.',
  usage: 'write [id] [your answer]',
  options: [
    { name: 'id', description: 'Question id (default: the question last shown here)', type: 'string', autocomplete: 'question' },
    { name: 'text', description: `Your answer (up to ${MAX_WRITTEN_ANSWER} characters); leave empty to open a form`, type: 'string' },
  ],
  // `write vpc-x My answer …`: a first word shaped like a question id is the id; the rest is the answer.
  parseText(words) {
    const [first, ...rest] = words;
    if (first && QUESTION_ID_PATTERN.test(first) && first.includes('-')) return { id: first, ...(rest.length ? { text: rest.join(' ') } : {}) };
    return words.length ? { text: words.join(' ') } : {};
  },
  schema: z.object({
    id: z.string().max(100, { message: 'That is not a question id.' }).optional(),
    text: z.string().max(MAX_WRITTEN_ANSWER + 1000, { message: `Your answer is too long; at most ${MAX_WRITTEN_ANSWER} characters.` }).optional(),
  }),
  async run(input, ctx) {
    const mine = await ctx.deps.store.practice.getLastShown(ctx.actor.userKey, ctx.channelKey);
    const q = input.id ? findQuestion(ctx, input.id) : (await currentQuestion(ctx)).question;
    if (!q) throw new UserError('The question bank is empty, so there is nothing to answer.');
    const source = mine?.questionId === q.id ? continuingSource(mine.source) : undefined;
    if (input.text === undefined) {
      if (!ctx.platform.capabilities.forms) throw new UserError(`Type your answer after the command, e.g. \`${ctx.platform.invocation('write', false)} ${q.id} <your answer>\`.`);
      if (!q.keypoints) throw new UserError('This question has no key points to check a written answer against yet.');
      return { visibility: 'private', blocks: [], fallbackText: 'Write your answer', form: writeForm(q, source) };
    }
    return checkWrittenAnswer(ctx, q, input.text, source);
  },
});
