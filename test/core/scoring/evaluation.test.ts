/**
 * The scorer against the labelled evaluation set (answers written before any
 * key point existed): the targets of the written-answer feature.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../../src/content/loader.js';
import type { Grade } from '../../../src/core/model.js';
import { evaluateScorer, type LabelledAnswer } from '../../../src/core/scoring/evaluate.js';

const raw = parse(readFileSync(new URL('../../fixtures/scorer-eval.yaml', import.meta.url), 'utf8')) as { id: string; answers: { label: Grade; kind: string; text: string }[] }[];
const answers: LabelledAnswer[] = raw.flatMap((q) => q.answers.map((a) => ({ questionId: q.id, label: a.label, kind: a.kind, text: a.text })));
const bank = loadBank();
const result = evaluateScorer(answers, (id) => bank.get(id));

describe('the written-answer scorer on the evaluation set', () => {
  it('has at least 20 questions × 3 labelled answers, on questions of the bank', () => {
    expect(raw.length).toBeGreaterThanOrEqual(20);
    for (const q of raw) {
      expect(bank.get(q.id), q.id).toBeDefined();
      expect(new Set(q.answers.map((a) => a.kind))).toEqual(new Set(q.answers.length === 4 ? ['strong', 'partial', 'wrong', 'buzzwords'] : ['strong', 'partial', 'wrong']));
    }
  });

  it('agrees with the labels at least 80 % of the time', () => {
    expect(result.total).toBeGreaterThanOrEqual(36);
    expect(result.agreed / result.total).toBeGreaterThanOrEqual(0.8);
  });

  it('never suggests "knew" for a buzzword-only answer', () => {
    expect(result.buzzwordsSuggestedKnew.map((a) => a.questionId)).toEqual([]);
  });

  it('never suggests "missed" for a strong answer', () => {
    expect(result.strongSuggestedMissed.map((a) => a.questionId)).toEqual([]);
  });
});
