/**
 * How well the scorer's suggestions agree with a human's labels, over an
 * evaluation set of written answers (test/fixtures/scorer-eval.yaml, written
 * before the key points existed). Pure: used by the scorer benchmark and by
 * the test that holds the targets.
 */
import type { Grade, Question } from '../model.js';
import { scoreAnswer } from './score.js';

export interface LabelledAnswer {
  questionId: string;
  label: Grade;
  /** strong | partial | wrong | buzzwords */
  kind: string;
  text: string;
}

export interface Evaluation {
  total: number;
  agreed: number;
  /** confusion[label][suggested] */
  confusion: Record<Grade, Record<Grade, number>>;
  buzzwordsSuggestedKnew: LabelledAnswer[];
  strongSuggestedMissed: LabelledAnswer[];
  disagreements: { answer: LabelledAnswer; suggested: Grade }[];
  /** Questions of the set without key points (not scored). */
  unscored: string[];
}

const GRADES: Grade[] = ['knew', 'partly', 'missed'];

export function evaluateScorer(answers: readonly LabelledAnswer[], question: (id: string) => Question | undefined): Evaluation {
  const confusion = Object.fromEntries(GRADES.map((l) => [l, Object.fromEntries(GRADES.map((s) => [s, 0]))])) as Evaluation['confusion'];
  const out: Evaluation = { total: 0, agreed: 0, confusion, buzzwordsSuggestedKnew: [], strongSuggestedMissed: [], disagreements: [], unscored: [] };
  for (const a of answers) {
    const q = question(a.questionId);
    if (!q?.keypoints) {
      if (!out.unscored.includes(a.questionId)) out.unscored.push(a.questionId);
      continue;
    }
    const suggested = scoreAnswer(q.keypoints, a.text).suggested;
    out.total++;
    confusion[a.label][suggested]++;
    if (suggested === a.label) out.agreed++;
    else out.disagreements.push({ answer: a, suggested });
    if (a.kind === 'buzzwords' && suggested === 'knew') out.buzzwordsSuggestedKnew.push(a);
    if (a.kind === 'strong' && suggested === 'missed') out.strongSuggestedMissed.push(a);
  }
  return out;
}

export function formatEvaluation(e: Evaluation): string {
  const pct = e.total === 0 ? 0 : (100 * e.agreed) / e.total;
  const rows = GRADES.map((l) => `  ${l.padEnd(8)}${GRADES.map((s) => String(e.confusion[l][s]).padStart(8)).join('')}`);
  return [
    `answers scored: ${e.total}${e.unscored.length ? ` (not scored, no key points yet: ${e.unscored.join(', ')})` : ''}`,
    `agreement with the labels: ${e.agreed}/${e.total} = ${pct.toFixed(1)} % (target ≥ 80 %)`,
    `buzzword-only answers suggested "knew": ${e.buzzwordsSuggestedKnew.length} (target 0)`,
    `strong answers suggested "missed": ${e.strongSuggestedMissed.length} (target 0)`,
    'confusion (rows: label, columns: suggested)',
    `  ${''.padEnd(8)}${GRADES.map((g) => g.padStart(8)).join('')}`,
    ...rows,
  ].join('\n');
}
