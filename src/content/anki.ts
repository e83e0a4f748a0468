/**
 * Anki import file: CSV with a header Anki reads (`#separator`, `#html`,
 * `#tags column`), one note per question: front, back (HTML with links), tags.
 */
import type { Question } from '../core/model.js';

// Newlines become <br> so each note stays on one CSV line (also inside <pre>).
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, '<br>');

/** RFC 4180 field: quoted, with quotes doubled. */
const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** `images`: the file name of each question's diagram PNG (written beside the CSV; Anki imports it as media). */
export function ankiBack(q: Question, image?: string): string {
  const parts = [
    `<p>${html(q.answer)}</p>`,
    `<p><b>Like I'm five:</b> ${html(q.eli5)}</p>`,
    `<p><b>In practice:</b> ${html(q.example)}</p>`,
  ];
  if (q.code) parts.push(`<pre>${html(q.code)}</pre>`);
  if (image) parts.push(`<img src="${html(image)}">`);
  parts.push(`<ul>${q.links.map((l) => `<li><a href="${html(l.url)}">${html(l.title)}</a></li>`).join('')}</ul>`);
  return parts.join('');
}

export function ankiCsv(questions: readonly Question[], images: ReadonlyMap<string, string> = new Map()): string {
  const header = ['#separator:Comma', '#html:true', '#columns:Front,Back,Tags', '#tags column:3'];
  const rows = questions.map((q) =>
    [csvField(html(q.question)), csvField(ankiBack(q, images.get(q.id))), csvField(['aws', q.topic, q.level, ...q.tags].join(' '))].join(','),
  );
  return [...header, ...rows].join('\n') + '\n';
}
