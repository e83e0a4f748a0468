/**
 * The `export` notes: a Markdown file of the questions a user missed or only
 * partly knew (by their latest grade), with everything needed to revise
 * offline — answer, analogy, example, follow-ups, code and links. Pure.
 */
import { codeFence, markdownLink } from '../markdown.js';
import { LEVEL_LABELS, type Grade, type LocalDate, type Question } from '../model.js';

export interface NoteEntry {
  question: Question;
  grade: Grade;
  /** The local day of the latest grade. */
  gradedOn: LocalDate;
  /** What the person wrote, when they keep notes (`notes on`). */
  written?: string;
}

const GRADE_WORDS: Record<Grade, string> = { knew: 'knew it', partly: 'partly', missed: "didn't know" };

/** Only the latest grade counts: a question missed once and known since is not a note. */
export function needsNotes(grade: Grade): boolean {
  return grade === 'partly' || grade === 'missed';
}

/** Keeps bank text from breaking the Markdown structure (headings, link syntax). */
function inlineText(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/([\\[\]])/g, '\\$1');
}

export function notesFilename(generatedOn: LocalDate): string {
  return `aws-interview-notes-${generatedOn}.md`;
}

export function notesMarkdown(
  entries: readonly NoteEntry[],
  topicTitle: (topic: string) => string,
  generatedOn: LocalDate,
): string {
  const out: string[] = [
    '# AWS interview notes',
    '',
    `Questions you missed or knew only partly (your latest grade), ${entries.length} in all — generated ${generatedOn}.`,
    '',
  ];
  const topics = [...new Set(entries.map((e) => e.question.topic))];
  for (const topic of topics) {
    out.push(`## ${inlineText(topicTitle(topic))}`, '');
    for (const { question: q, grade, gradedOn, written } of entries.filter((e) => e.question.topic === topic)) {
      out.push(`### ${inlineText(q.question)}`, '');
      out.push(`*${LEVEL_LABELS[q.level]} · \`${q.id}\` · you: ${GRADE_WORDS[grade]} on ${gradedOn}*`, '');
      if (written) out.push('**What you wrote:**', '', ...written.trim().split('\n').map((l) => `> ${inlineText(l)}`), '');
      out.push(`**Answer.** ${q.answer.trim()}`, '');
      out.push(`**Like I'm five.** ${q.eli5.trim()}`, '');
      out.push(`**In practice.** ${q.example.trim()}`, '');
      if (q.followups.length > 0) {
        out.push('**Interviewers ask next:**', '', ...q.followups.map((f) => `- ${inlineText(f)}`), '');
      }
      if (q.code) out.push(...codeFence(q.code), '');
      if (q.links.length > 0) {
        out.push('**Read:**', '', ...q.links.map((l) => `- ${markdownLink(l.title, l.url)} (${l.type})`), '');
      }
    }
  }
  return out.join('\n');
}
