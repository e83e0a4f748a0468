import { z } from 'zod';
import { needsNotes, notesFilename, notesMarkdown, type NoteEntry } from '../learning/notes.js';
import { context, heading, paragraph, privateReply } from '../messages.js';
import { LEVELS } from '../model.js';
import { plural } from '../text.js';
import { userToday } from '../usecases/zone.js';
import { say } from '../context.js';
import { defineCommand } from './types.js';

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Your missed / partly-known questions, with answers and links, as a Markdown file (private).',
  usage: 'export',
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    const { store, bank } = ctx.deps;
    const topicOrder = new Map(bank.topics().map((t, i) => [t.id, i]));
    const written = new Map((await store.practice.writtenAnswers(ctx.actor.userKey)).map((w) => [w.questionId, w]));
    const entries: NoteEntry[] = (await store.practice.latestGrades(ctx.actor.userKey))
      .filter((g) => needsNotes(g.grade))
      .flatMap((g) => {
        const question = bank.get(g.questionId); // questions since removed from the bank are left out
        const mine = written.get(g.questionId);
        return question ? [{ question, grade: g.grade, gradedOn: g.localDate, ...(mine ? { written: mine.text } : {}) }] : [];
      })
      .sort(
        (a, b) =>
          (topicOrder.get(a.question.topic) ?? 99) - (topicOrder.get(b.question.topic) ?? 99) ||
          LEVELS.indexOf(a.question.level) - LEVELS.indexOf(b.question.level) ||
          a.question.id.localeCompare(b.question.id),
      );
    if (entries.length === 0) {
      const text = 'Nothing to export yet: no question has "partly" or "didn\'t know" as your latest grade.';
      return privateReply(text, [paragraph(text), context(`Practise with ${say(ctx, 'question')}, ${say(ctx, 'review')} or ${say(ctx, 'mock')}, then try again.`)]);
    }
    const today = await userToday(ctx.deps, ctx.actor.userKey);
    const filename = notesFilename(today);
    const text = `Your notes: ${plural(entries.length, 'question')} to revise, in ${filename}.`;
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
