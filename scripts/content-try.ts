/**
 * `npm run content:try -- <question-id> [an answer to score]`: for content
 * authors. Draws the entry's diagram (PNG under exports/diagrams/, text
 * version printed), scores the bank's own answer against the key points, and
 * scores the given answer too, point by point.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEntries } from '../src/content/loader.js';
import { diagramFindings, keypointFindings, modelAnswerText } from '../src/content/checks.js';
import { scoreAnswer, type ScoreResult } from '../src/core/scoring/score.js';

const [id, ...words] = process.argv.slice(2);
if (!id) {
  process.stderr.write('Usage: npm run content:try -- <question-id> ["an answer to score"]\n');
  process.exit(2);
}
const entry = loadEntries().find((e) => e.question.id === id);
if (!entry) {
  process.stderr.write(`No question with id "${id}".\n`);
  process.exit(1);
}
const q = entry.question;
const out: string[] = [`${q.id} (${entry.file})`, ''];
const mark = { covered: '✅', missed: '❌', contradicted: '⚠️' } as const;
const show = (title: string, r: ScoreResult) => {
  out.push(title);
  for (const p of r.points) out.push(`  ${mark[p.status]} ${p.point}${p.evidence ? `   ← "${p.evidence}"` : ''}`);
  out.push(`  Suggested grade: ${r.suggested}${r.note ? ` (${r.note})` : ''}`, '');
};

if (q.diagram) {
  const { findings, drawn } = diagramFindings(q);
  if (drawn) {
    const dir = resolve('exports/diagrams');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${q.id}.png`);
    writeFileSync(file, drawn.png);
    out.push(`Diagram: ${drawn.width}×${drawn.height} px, ${drawn.png.length} bytes → ${file}`);
    out.push(drawn.text ?? `(text version is ${drawn.textColumns} columns: too wide)`, '');
  }
  for (const f of findings) out.push(`PROBLEM diagram: ${f.reason}`);
} else out.push('No diagram.', '');

if (q.keypoints) {
  show("The bank's own answer + example:", scoreAnswer(q.keypoints, modelAnswerText(q)));
  for (const f of keypointFindings(q)) out.push(`PROBLEM ${f.field}: ${f.reason}`);
  if (words.length > 0) show('Your answer:', scoreAnswer(q.keypoints, words.join(' ')));
} else out.push('No key points yet.');
process.stdout.write(out.join('\n') + '\n');
