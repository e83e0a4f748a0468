/**
 * GitHub-flavoured Markdown for questions: used by the bank export
 * (`npm run export`) and by a user's own `export` of the questions they
 * missed. Pure string functions.
 */
import type { QuestionBank } from './bank.js';
import { LEVEL_LABELS, type Question } from './model.js';

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

/** Parentheses and spaces would end a Markdown link target early; percent-encode them. */
function linkTarget(url: string): string {
  return url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[title](url)` with the title escaped and the target made safe. */
export function markdownLink(title: string, url: string): string {
  return `[${escapeMarkdown(title)}](${linkTarget(url)})`;
}

/** A fenced code block whose fence cannot be closed early by the code itself. */
export function codeFence(code: string): string[] {
  const fence = code.includes('```') ? '~~~~' : '```';
  return [fence, code.trimEnd(), fence];
}

export function questionMarkdown(q: Question, opts: { collapsible?: boolean } = {}): string {
  const lines: string[] = [`### ${escapeMarkdown(q.question)}`, '', `\`${q.id}\` · ${LEVEL_LABELS[q.level]}`, ''];
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
  if (q.code) body.push(...codeFence(q.code), '');
  // GitHub draws Mermaid blocks natively.
  if (q.diagram) body.push('```mermaid', q.diagram.trim(), '```', '');
  body.push('**Read more:**', '', ...q.links.map((l) => `- ${markdownLink(l.title, l.url)} (${l.type})`), '');
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
