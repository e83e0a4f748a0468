import { z } from 'zod';
import { needsNotes, notesFilename, notesMarkdown, type NoteEntry } from '../learning/notes.js';
import { context, heading, paragraph, privateReply } from '../messages.js';
import { LEVELS } from '../model.js';
import { userToday } from '../usecases/zone.js';
import { defineCommand } from './types.js';

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Your missed / partly-known questions, with answers and links, as a Markdown file (private).',
  usage: 'export',
  options: [],
  schema: z.object({}),
  run(_input, ctx) {
    const { store, bank } = ctx.deps;
    const topicOrder = new Map(bank.topics().map((t, i) => [t.id, i]));
    const entries: NoteEntry[] = store
      .latestGrades(ctx.actor.userKey)
      .filter((g) => needsNotes(g.grade))
      .flatMap((g) => {
        const question = bank.get(g.questionId); // questions since removed from the bank are left out
        return question ? [{ question, grade: g.grade, gradedOn: g.localDate }] : [];
      })
      .sort(
        (a, b) =>
          (topicOrder.get(a.question.topic) ?? 99) - (topicOrder.get(b.question.topic) ?? 99) ||
          LEVELS.indexOf(a.question.level) - LEVELS.indexOf(b.question.level) ||
          a.question.id.localeCompare(b.question.id),
      );
    if (entries.length === 0) {
      const text = 'Nothing to export yet: no question has "partly" or "didn\'t know" as your latest grade.';
      return privateReply(text, [paragraph(text), context('Practise with `question`, `review` or `mock`, then try again.')]);
    }
    const today = userToday(ctx.deps, ctx.actor.userKey, ctx.channelKey);
    const filename = notesFilename(today);
    const text = `Your notes: ${entries.length} question${entries.length === 1 ? '' : 's'} to revise, in ${filename}.`;
    return {
      ...privateReply(text, [
        heading('Your interview notes'),
        paragraph(text),
        context('Only questions whose latest grade is "partly" or "didn\'t know" — grade one "knew it" and it leaves the notes.'),
      ]),
      attachment: { filename, content: notesMarkdown(entries, (t) => bank.topicTitle(t), today), mimeType: 'text/markdown' },
    };
  },
});
