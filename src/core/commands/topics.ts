import { z } from 'zod';
import { context, heading, paragraph, privateReply } from '../messages.js';
import { defineCommand } from './types.js';

export const topicsCommand = defineCommand({
  name: 'topics',
  summary: 'Topics and how many questions each has.',
  usage: 'topics',
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    const topics = ctx.deps.bank.topics().filter((t) => t.count > 0);
    const lines = topics.map(
      (t) => `${t.id} — ${t.title}: ${t.count} (${t.levels.associate} associate · ${t.levels.professional} professional · ${t.levels.lead} lead)`,
    );
    return privateReply(`${topics.length} topics, ${ctx.deps.bank.size} questions.`, [
      heading(`${ctx.deps.bank.size} questions in ${topics.length} topics`),
      paragraph(lines.join('\n')),
      context('Try `question <topic> [level]`, e.g. `question networking professional`.'),
    ]);
  },
});
