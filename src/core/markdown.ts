/**
 * GitHub-flavoured Markdown for questions: used by the bank export
 * (`npm run export`) and by a user's own `export` of the questions they
 * missed. Pure string functions.
 */
import type { QuestionBank } from './bank.js';
import type { Question } from './model.js';

/** GitHub's heading anchor: lower-case, punctuation dropped, spaces to dashes. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** Escapes what would otherwise become Markdown or HTML inside running text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export function questionMarkdown(q: Question, opts: { collapsible?: boolean } = {}): string {
  const lines: string[] = [`### ${escapeMarkdown(q.question)}`, '', `\`${q.id}\` · ${q.level}`, ''];
  const body: string[] = [
    escapeMarkdown(q.answer),
    '',
    `**Like I'm five:** ${escapeMarkdown(q.eli5)}`,
    '',
    `**In practice:** ${escapeMarkdown(q.example)}`,
    '',
  ];
  if (q.followups.length > 0) {
    body.push('**Interviewers ask next:**', '', ...q.followups.map((f) => `- ${escapeMarkdown(f)}`), '');
  }
  if (q.code) {
    const fence = q.code.includes('```') ? '~~~~' : '```';
    body.push(fence, q.code.trimEnd(), fence, '');
  }
  body.push('**Read more:**', '', ...q.links.map((l) => `- [${escapeMarkdown(l.title)}](${l.url}) (${l.type})`), '');
  if (opts.collapsible) {
    // A blank line after <summary> lets GitHub render the Markdown inside <details>.
    lines.push('<details>', '<summary>Show answer</summary>', '', ...body, '</details>', '');
  } else {
    lines.push(...body);
  }
  return lines.join('\n');
}

/** A whole document: title, a table of contents by topic, then each topic's questions. */
export function bankMarkdown(bank: QuestionBank, questions: readonly Question[], title: string, intro = ''): string {
  const topics = bank.topics().filter((t) => questions.some((q) => q.topic === t.id));
  const out: string[] = [`# ${title}`, ''];
  if (intro) out.push(intro, '');
  out.push('## Contents', '');
  for (const t of topics) {
    const n = questions.filter((q) => q.topic === t.id).length;
    out.push(`- [${t.title}](#${githubAnchor(t.title)}) (${n})`);
  }
  out.push('');
  for (const t of topics) {
    out.push(`## ${t.title}`, '');
    for (const q of questions.filter((x) => x.topic === t.id)) out.push(questionMarkdown(q, { collapsible: true }));
  }
  return out.join('\n');
}
