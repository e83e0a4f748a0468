import { z } from 'zod';
import { nextReviewReply } from '../usecases/review.js';
import { defineCommand } from './types.js';

export const reviewCommand = defineCommand({
  name: 'review',
  summary: 'Your due spaced-repetition questions, one at a time, privately.',
  usage: 'review',
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    return nextReviewReply(ctx);
  },
});
