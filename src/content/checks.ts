/**
 * The second-edition checks on one entry: its diagram draws and fits, and its
 * key points are findable (the bank's own answer, scored like a learner's,
 * covers all but at most one of them and contradicts none).
 */
import type { Question } from '../core/model.js';
import { scoreAnswer } from '../core/scoring/score.js';
import { drawDiagram } from '../diagrams/draw.js';
import { countNodes, DiagramError, MAX_NODES, MAX_PNG_BYTES, MAX_TEXT_COLUMNS, type RenderedDiagram } from '../diagrams/spec.js';
import type { Finding } from './quality.js';

export function diagramFindings(q: Question): { findings: Finding[]; drawn: RenderedDiagram | null } {
  if (!q.diagram) return { findings: [], drawn: null };
  const out: Finding[] = [];
  const nodes = countNodes(q.diagram);
  if (nodes > MAX_NODES) out.push({ id: q.id, field: 'diagram', reason: `has ${nodes} nodes; at most ${MAX_NODES}` });
  let drawn: RenderedDiagram | null = null;
  try {
    drawn = drawDiagram(q.diagram);
  } catch (err) {
    const reason = err instanceof DiagramError ? err.message : `cannot be drawn: ${(err as Error).message}`;
    out.push({ id: q.id, field: 'diagram', reason });
    return { findings: out, drawn: null };
  }
  if (drawn.png.length > MAX_PNG_BYTES) out.push({ id: q.id, field: 'diagram', reason: `PNG is ${drawn.png.length} bytes; at most ${MAX_PNG_BYTES}` });
  if (drawn.textColumns > MAX_TEXT_COLUMNS) {
    out.push({ id: q.id, field: 'diagram', reason: `text version is ${drawn.textColumns} columns wide; at most ${MAX_TEXT_COLUMNS} (use TB direction, shorter labels)` });
  }
  return { findings: out, drawn };
}

/** The text the bank's own answer is scored on. */
export const modelAnswerText = (q: Question): string => `${q.answer}\n${q.example}`;

export function keypointFindings(q: Question): Finding[] {
  if (!q.keypoints) return [];
  const result = scoreAnswer(q.keypoints, modelAnswerText(q));
  const out: Finding[] = [];
  result.points.forEach((p, i) => {
    if (p.status === 'contradicted') {
      out.push({ id: q.id, field: `keypoints.${i}`, reason: `the bank's own answer contradicts it ("${p.evidence}"); fix the terms or contradicts` });
    }
  });
  const missed = result.points.map((p, i) => [p, i] as const).filter(([p]) => p.status === 'missed');
  if (missed.length > 1) {
    out.push({
      id: q.id,
      field: 'keypoints',
      reason: `the bank's own answer and example cover only ${result.covered} of ${q.keypoints.length} key points (missed: ${missed.map(([, i]) => i).join(', ')}); add terms the answer uses`,
    });
  }
  return out;
}

/** Entries whose facts were last checked more than `months` ago (volatile ones after half that). */
export function staleEntries(questions: readonly Question[], months: number, today: Date): { id: string; verified: string | null; limit: number }[] {
  const nowMonths = today.getUTCFullYear() * 12 + today.getUTCMonth();
  return questions.flatMap((q): { id: string; verified: string | null; limit: number }[] => {
    const limit = q.volatile ? Math.floor(months / 2) : months;
    if (!q.verified) return [{ id: q.id, verified: null, limit }];
    const [y, m] = q.verified.split('-').map(Number) as [number, number];
    return nowMonths - (y * 12 + m - 1) > limit ? [{ id: q.id, verified: q.verified, limit }] : [];
  });
}
