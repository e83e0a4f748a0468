import { z } from 'zod';
import { UserError } from '../errors.js';
import { MOCK_DEFAULT_SIZE, MOCK_MAX_SIZE } from '../learning/mock.js';
import { startMock } from '../usecases/mock.js';
import { topicError } from './shared.js';
import { defineCommand } from './types.js';

const SIZE_FORM = `A mock interview has 1 to ${MOCK_MAX_SIZE} questions, e.g. \`mock networking 5\` or \`mock 8\`.`;

export const mockCommand = defineCommand({
  name: 'mock',
  summary: `A private mock interview of n questions (default ${MOCK_DEFAULT_SIZE}) across levels, with a summary at the end.`,
  usage: `mock [topic] [n]`,
  options: [
    { name: 'topic', description: 'Topic, e.g. networking (default: all)', type: 'string', autocomplete: 'topic' },
    { name: 'n', description: `How many questions, 1–${MOCK_MAX_SIZE} (default ${MOCK_DEFAULT_SIZE})`, type: 'integer', min: 1, max: MOCK_MAX_SIZE },
  ],
  // Topic and size may come in either order: `mock 3 iam` works too. Anything
  // number-like is the size, so `mock 0` or `mock 2.5` meets the size rule.
  parseText(words) {
    const out: Record<string, unknown> = {};
    for (const w of words) {
      if (/^[-+]?\d+(\.\d+)?$/.test(w) && out.n === undefined) out.n = Number(w);
      else if (out.topic === undefined) out.topic = w.toLowerCase();
      else throw new UserError(`I did not understand "${w.slice(0, 40)}". ${SIZE_FORM}`);
    }
    return out;
  },
  schema: z.object({
    topic: z.string().max(40).optional(),
    n: z.number({ message: SIZE_FORM }).int({ message: SIZE_FORM }).min(1, { message: SIZE_FORM }).max(MOCK_MAX_SIZE, { message: SIZE_FORM }).optional(),
  }),
  async run(input, ctx) {
    const topic = input.topic ?? null;
    if (topic && !ctx.deps.bank.hasTopic(topic)) throw topicError(ctx.deps.bank, topic);
    return startMock(ctx, topic, input.n ?? MOCK_DEFAULT_SIZE);
  },
});
