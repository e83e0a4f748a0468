/**
 * Mock interviews, the pure parts: which questions, and the end-of-session
 * summary. Storage and messages live in usecases/mock.ts.
 */
import { stableHash } from '../rotation.js';
import { LEVELS, type Grade, type Level, type Link, type Question } from '../model.js';

export const MOCK_DEFAULT_SIZE = 5;
export const MOCK_MAX_SIZE = 10;
/** How many reading links the summary lists at most. */
export const MOCK_MAX_LINKS = 8;

const LEVEL_ORDER: Record<Level, number> = { associate: 0, professional: 1, lead: 2 };

/** The button/action source of mock session `id` (see actions.ts). */
export const mockSource = (id: number): string => `m${id}`;

export function mockIdFromSource(source: string | null | undefined): number | null {
  const m = source ? /^m(\d{1,9})$/.exec(source) : null;
  return m ? Number(m[1]) : null;
}

/**
 * Up to `n` questions spread across levels: each level's questions are
 * shuffled reproducibly by `seed`, then taken round-robin (associate,
 * professional, lead, …) so a short mock still sees every level, and finally
 * ordered from associate to lead, the way an interview warms up.
 */
export function pickMockQuestions(pool: readonly Question[], n: number, seed: string): Question[] {
  const byLevel = LEVELS.map((level) =>
    pool
      .filter((q) => q.level === level)
      .map((q) => ({ q, h: stableHash(`${seed}|${q.id}`) }))
      .sort((a, b) => a.h - b.h || (a.q.id < b.q.id ? -1 : 1))
      .map((x) => x.q),
  );
  const picked: Question[] = [];
  for (let round = 0; picked.length < n && byLevel.some((l) => l.length > round); round++) {
    for (const level of byLevel) {
      const q = level[round];
      if (q && picked.length < n) picked.push(q);
    }
  }
  return picked.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

export interface GradedQuestion {
  question: Question;
  grade: Grade;
}

export interface TopicScore {
  topic: string;
  asked: number;
  /** knew = 1, partly = ½, missed = 0, averaged. */
  accuracy: number;
}

export interface MockSummary {
  asked: number;
  knew: number;
  partly: number;
  missed: number;
  /** Points out of `asked`: knew 1, partly ½. */
  points: number;
  percent: number;
  /** Topics below full marks, weakest first. */
  weakest: TopicScore[];
  /** Docs first, then videos/articles, from the partly/missed questions, without duplicates. */
  reading: Link[];
  /** The partly/missed questions: their FSRS cards bring them back soon. */
  toReview: GradedQuestion[];
}

const POINTS: Record<Grade, number> = { knew: 1, partly: 0.5, missed: 0 };
const LINK_ORDER = { docs: 0, article: 1, video: 2 } as const;

export function summarizeMock(graded: readonly GradedQuestion[]): MockSummary {
  const count = (g: Grade) => graded.filter((x) => x.grade === g).length;
  const points = graded.reduce((sum, x) => sum + POINTS[x.grade], 0);
  const topics = new Map<string, { asked: number; points: number }>();
  for (const { question, grade } of graded) {
    const t = topics.get(question.topic) ?? { asked: 0, points: 0 };
    topics.set(question.topic, { asked: t.asked + 1, points: t.points + POINTS[grade] });
  }
  const weakest = [...topics]
    .map(([topic, t]) => ({ topic, asked: t.asked, accuracy: t.points / t.asked }))
    .filter((t) => t.accuracy < 1)
    .sort((a, b) => a.accuracy - b.accuracy || b.asked - a.asked || a.topic.localeCompare(b.topic));
  const toReview = graded.filter((x) => x.grade !== 'knew');
  const seen = new Set<string>();
  const reading = toReview
    .flatMap((x) => x.question.links)
    .filter((l) => !seen.has(l.url) && Boolean(seen.add(l.url)))
    .sort((a, b) => LINK_ORDER[a.type] - LINK_ORDER[b.type])
    .slice(0, MOCK_MAX_LINKS);
  return {
    asked: graded.length,
    knew: count('knew'),
    partly: count('partly'),
    missed: count('missed'),
    points,
    percent: graded.length === 0 ? 0 : Math.round((points / graded.length) * 100),
    weakest,
    reading,
    toReview,
  };
}
