import { z } from 'zod';
import { reportForm } from '../usecases/forms.js';
import { context, heading, paragraph, privateReply } from '../messages.js';
import { plural } from '../text.js';
import { findQuestion } from '../usecases/show.js';
import { fileReport, MAX_REPORT } from '../usecases/report.js';
import { defineCommand } from './types.js';

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'Report a problem with a question (wrong, outdated, unclear).',
  usage: 'report <id> <what is wrong>',
  options: [
    { name: 'id', description: 'Question id', type: 'string', required: true, autocomplete: 'question' },
    { name: 'text', description: 'What is wrong (leave empty to open a form)', type: 'string' },
  ],
  parseText(words) {
    const [id, ...rest] = words;
    return { id, ...(rest.length ? { text: rest.join(' ') } : {}) };
  },
  schema: z.object({
    id: z.string({ message: 'Name the question, e.g. `report vpc-what-is-a-vpc the limit changed`.' }).max(100, { message: 'That is not a question id.' }),
    text: z.string().max(MAX_REPORT + 500, { message: `At most ${MAX_REPORT} characters.` }).optional(),
  }),
  async run(input, ctx) {
    const q = findQuestion(ctx, input.id);
    if (input.text === undefined && ctx.platform.capabilities.forms) return { visibility: 'private', blocks: [], fallbackText: 'Report a problem', form: reportForm(q) };
    return fileReport(ctx, q, input.text);
  },
});

export const reportsCommand = defineCommand({
  name: 'reports',
  summary: 'Open problem reports about questions made in this workspace/server, by question.',
  usage: 'reports',
  adminOnly: true,
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    // Admins see what their own community reported; reports from other workspaces are not theirs to read.
    const open = await ctx.deps.store.reports.open(50, ctx.scope);
    if (open.length === 0) return privateReply('No open reports.', [paragraph('No open problem reports. 🎉')]);
    const byQuestion = new Map<string, string[]>();
    for (const r of open) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), `${r.at.toISOString().slice(0, 10)}: ${r.text}`]);
    const lines = [...byQuestion].map(([id, texts]) => `*${id}* (${texts.length})\n${texts.map((t) => `  • ${t}`).join('\n')}`);
    return privateReply(plural(open.length, 'open report'), [heading('Open problem reports'), paragraph(lines.join('\n')), context('Maintainers: `npm run content:reports` lists them from the database.')]);
  },
});
