/**
 * Scores a written answer against a question's key points. Pure and
 * deterministic: no network, no model, the same text always gets the same
 * result.
 *
 * A key point is **covered** when one of its terms occurs in the answer:
 *   - a plain term ("gateway endpoint") must occur as a phrase, word forms
 *     and abbreviations normalised (normalise.ts);
 *   - a term with parts ("nacl + stateless") needs every part in one sentence.
 * It is **contradicted** when the answer states one of its listed
 *   misconceptions within one clause ("NACLs are stateful"), or when every
 *   occurrence of its terms is negated ("NACLs are not stateless"). A
 *   misconception that is itself negated ("NACLs are not stateful") is no
 *   contradiction.
 *
 * The suggested grade:
 *   knew    every point covered (with five or six points, all but one),
 *           nothing contradicted, and written as prose;
 *   partly  about half covered — at least 40 % — or more, but something was
 *           contradicted or it reads as a list of buzzwords;
 *   missed  less than that, or a central point contradicted.
 * The thresholds were set on the labelled evaluation set (npm run bench -- scorer).
 * The learner decides; this only suggests.
 */
import type { Grade, KeyPoint } from '../model.js';
import { FUNCTION_WORDS, NEGATIONS, phraseStems, tokenize, type Token } from './normalise.js';

export type PointStatus = 'covered' | 'missed' | 'contradicted';

export interface PointResult {
  point: string;
  status: PointStatus;
  /** The answer's words that matched (for "you said …"), when covered or contradicted. */
  evidence?: string;
}

export interface ScoreResult {
  points: PointResult[];
  covered: number;
  contradicted: number;
  suggested: Grade;
  /** Why the suggestion is not higher, in plain words (null when it is knew). */
  note: string | null;
}

/** How far back (in tokens, within a clause) a negation turns a matched term around. */
const NEGATION_REACH = 3;
/** Prose has plenty of function words; below this share an answer reads as a list of buzzwords. */
const MIN_FUNCTION_WORD_SHARE = 0.2;
/** A few words per point at least: three terms in a row are not an explanation. */
const MIN_WORDS_PER_POINT = 6;
/** Share of points for "knew": all of 3 or 4, all but one of 5 or 6. */
const KNEW_SHARE = 0.8;
/** Share of points for "partly": about half (2 of 5 counts). */
const PARTLY_SHARE = 0.4;

interface CompiledTerm {
  parts: string[][];
  hasNegation: boolean;
}

const compiled = new Map<string, CompiledTerm>();
const MAX_COMPILED = 10_000;

function compile(term: string): CompiledTerm {
  let c = compiled.get(term);
  if (!c) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    const parts = term
      .split(' + ')
      .map((p) => phraseStems(p))
      .filter((p) => p.length > 0);
    c = { parts, hasNegation: parts.some((p) => p.some((s) => NEGATIONS.has(s))) };
    compiled.set(term, c);
  }
  return c;
}

/** Start indexes where `phrase` occurs in `tokens` as consecutive stems. */
function occurrences(tokens: readonly Token[], phrase: readonly string[]): number[] {
  const found: number[] = [];
  const n = phrase.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) ok = tokens[i + j]!.stem === phrase[j];
    if (ok) found.push(i);
  }
  return found;
}

interface Match {
  start: number;
  end: number;
  negated: boolean;
}

function isNegatedAt(tokens: readonly Token[], start: number): boolean {
  const clause = tokens[start]!.clause;
  for (let k = start - 1; k >= 0 && k >= start - NEGATION_REACH; k--) {
    if (tokens[k]!.clause !== clause) break;
    if (NEGATIONS.has(tokens[k]!.stem)) return true;
  }
  return false;
}

/** Every place a term matches; parts must share a sentence (or a clause, with `unit: 'clause'`). */
function termMatches(tokens: readonly Token[], term: string, unit: 'sentence' | 'clause'): Match[] {
  const { parts, hasNegation } = compile(term);
  if (parts.length === 0) return [];
  const hits = parts.map((p) => occurrences(tokens, p).map((start) => ({ start, end: start + p.length })));
  if (hits.some((h) => h.length === 0)) return [];
  const unitOf = (i: number) => (unit === 'sentence' ? tokens[i]!.sentence : tokens[i]!.clause);
  const matches: Match[] = [];
  for (const first of hits[0]!) {
    const where = unitOf(first.start);
    const rest = hits.slice(1).map((h) => h.find((x) => unitOf(x.start) === where));
    if (rest.some((x) => x === undefined)) continue;
    const all = [first, ...(rest as { start: number; end: number }[])];
    const negated = !hasNegation && all.some((x) => isNegatedAt(tokens, x.start));
    matches.push({ start: Math.min(...all.map((x) => x.start)), end: Math.max(...all.map((x) => x.end)), negated });
  }
  return matches;
}

function evidenceOf(tokens: readonly Token[], m: Match): string {
  return tokens
    .slice(m.start, m.end)
    .map((t) => t.word)
    .join(' ');
}

export function scorePoint(tokens: readonly Token[], kp: KeyPoint): PointResult {
  for (const wrong of kp.contradicts ?? []) {
    // A misconception counts when stated, not when denied ("NACLs are not stateful").
    const stated = termMatches(tokens, wrong, 'clause').find((m) => !m.negated);
    if (stated) return { point: kp.point, status: 'contradicted', evidence: evidenceOf(tokens, stated) };
  }
  const matches = kp.terms.flatMap((t) => termMatches(tokens, t, 'sentence'));
  const affirmed = matches.find((m) => !m.negated);
  if (affirmed) return { point: kp.point, status: 'covered', evidence: evidenceOf(tokens, affirmed) };
  if (matches.length > 0) return { point: kp.point, status: 'contradicted', evidence: evidenceOf(tokens, matches[0]!) };
  return { point: kp.point, status: 'missed' };
}

/** True when the text reads like sentences rather than a list of keywords. */
export function readsAsProse(tokens: readonly Token[], pointsCovered: number): boolean {
  if (tokens.length === 0) return false;
  const functionWords = tokens.filter((t) => FUNCTION_WORDS.has(t.word)).length;
  return functionWords / tokens.length >= MIN_FUNCTION_WORD_SHARE && tokens.length >= MIN_WORDS_PER_POINT * Math.max(1, pointsCovered);
}

export function scoreAnswer(keypoints: readonly KeyPoint[], text: string): ScoreResult {
  const tokens = tokenize(text);
  const points = keypoints.map((kp) => scorePoint(tokens, kp));
  const covered = points.filter((p) => p.status === 'covered').length;
  const contradicted = points.filter((p) => p.status === 'contradicted').length;
  const centralWrong = points.some((p, i) => p.status === 'contradicted' && keypoints[i]!.central === true);
  const total = Math.max(1, keypoints.length);
  let suggested: Grade;
  let note: string | null = null;
  if (centralWrong) {
    suggested = 'missed';
    note = 'A central point was contradicted.';
  } else if (covered >= Math.ceil(KNEW_SHARE * total) && contradicted === 0 && readsAsProse(tokens, covered)) {
    suggested = 'knew';
    if (covered < total) note = 'One key point is missing; a strong answer anyway.';
  } else if (covered >= PARTLY_SHARE * total) {
    suggested = 'partly';
    if (contradicted > 0) note = 'Something in the answer contradicts a key point.';
    else if (covered >= Math.ceil(KNEW_SHARE * total)) note = 'The points are named, but not explained: say how and why, in sentences.';
    else note = `${total - covered} key point${total - covered === 1 ? ' is' : 's are'} missing.`;
  } else {
    suggested = 'missed';
    note = `Most key points are missing (${covered} of ${total} there).`;
  }
  return { points, covered, contradicted, suggested, note };
}
