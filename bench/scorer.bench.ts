/**
 * `npm run bench -- scorer`: the written-answer scorer against the labelled
 * evaluation set (test/fixtures/scorer-eval.yaml): agreement between suggested
 * and labelled grades, a confusion matrix, and scoring speed.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadBank } from '../src/content/loader.js';
import { evaluateScorer, formatEvaluation, type LabelledAnswer } from '../src/core/scoring/evaluate.js';
import { scoreAnswer } from '../src/core/scoring/score.js';
import type { Grade } from '../src/core/model.js';

const bank = loadBank();
const raw = parse(readFileSync(new URL('../test/fixtures/scorer-eval.yaml', import.meta.url), 'utf8')) as { id: string; answers: { label: Grade; kind: string; text: string }[] }[];
const answers: LabelledAnswer[] = raw.flatMap((q) => q.answers.map((a) => ({ questionId: q.id, label: a.label, kind: a.kind, text: a.text })));
const e = evaluateScorer(answers, (id) => bank.get(id));
process.stdout.write(`${formatEvaluation(e)}\n`);
if (process.argv.includes('--verbose')) {
  for (const d of e.disagreements) process.stdout.write(`  ${d.answer.questionId} [${d.answer.kind}] labelled ${d.answer.label}, suggested ${d.suggested}\n`);
}

// Speed: a 3,000-character answer against a 6-point question, many times.
const q = bank.questions.find((x) => x.keypoints && x.keypoints.length >= 5)!;
const long = `${answers.map((a) => a.text).join(' ')}`.slice(0, 3000);
const times: number[] = [];
for (let i = 0; i < 300; i++) {
  const t = process.hrtime.bigint();
  scoreAnswer(q.keypoints!, long);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
process.stdout.write(`scoring a 3,000-character answer: p50 ${times[150]!.toFixed(2)} ms, p99 ${times[296]!.toFixed(2)} ms\n`);
