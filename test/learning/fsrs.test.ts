/**
 * Spaced repetition with ts-fsrs, enable_short_term: false, no fuzz, the
 * default FSRS-6 parameters and 90% requested retention. The expected values
 * below come from FSRS's published formulas, not from the module under test:
 *   - a first grade G starts stability at w[G-1]: Again 0.212, Hard 1.2931, Good 2.3065;
 *   - initial difficulty D0(G) = w4 − e^(w5·(G−1)) + 1 with w4 = 6.4133, w5 = 0.8334:
 *     Again 6.4133, Hard 5.11217071, Good 2.11810397 (ts-fsrs keeps 8 decimals);
 *   - at 90% retention the interval is the stability in whole days, at least 1,
 *     and without short-term steps Again < Hard < Good: 1, 2 and 3 days.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createEmptyCard, Rating, State } from 'ts-fsrs';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { nextCard, RATING_FOR_GRADE } from '../../src/core/learning/fsrs.js';
import { GRADES } from '../../src/core/model.js';
import type { ReviewCard, Store } from '../../src/core/ports/store.js';
import { makeDeps, press, run, tableCounts } from '../support/core.js';
import { DAY } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fsrs-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ME = 'test:alice';
const card = (userKey = ME, id = 'vpc-basics') => (deps: ReturnType<typeof makeDeps>) => deps.store.practice.getCard(userKey, id);

describe('FSRS cards round-trip exactly through SQLite', () => {
  // A file database, closed and reopened: what comes back is what was stored,
  // not what a statement cache or the same connection remembers.
  const path = join(dir, 'cards.sqlite');

  it('for every state reachable by any sequence of grades and intervals', async () => {
    const writer = makeDeps({ dbPath: path });
    await writer.store.people.touch('slack:T1:U1', null, new Date());
    const cases: { id: string; card: ReviewCard }[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...GRADES), fc.integer({ min: 0, max: 400 * DAY })), { minLength: 0, maxLength: 12 }),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        async (steps, start) => {
          let at = start;
          let c: ReviewCard = createEmptyCard(new Date(at));
          for (const [grade, gap] of steps) {
            at += gap;
            c = nextCard(c, grade, new Date(at));
          }
          const id = `q-${cases.length}`;
          await writer.store.practice.saveCard('slack:T1:U1', id, c);
          cases.push({ id, card: c });
        },
      ),
      { numRuns: 300 },
    );
    writer.store.db.close();
    const reader = makeDeps({ dbPath: path });
    for (const { id, card: c } of cases) {
      // toStrictEqual: same keys (last_review present even when undefined), same
      // Date instants, same doubles bit for bit.
      expect(await reader.store.practice.getCard('slack:T1:U1', id)).toStrictEqual(c);
    }
    reader.store.db.close();
  });

  it('keeps fractional and extreme values (no integer truncation)', async () => {
    const deps = makeDeps();
    await deps.store.people.touch('u', null, new Date());
    const odd: ReviewCard = {
      due: new Date(8.64e15),
      stability: 0.1 + 0.2,
      difficulty: Number.MIN_VALUE,
      elapsed_days: 1.5,
      scheduled_days: 36500,
      learning_steps: 2,
      reps: 2 ** 40,
      lapses: 0,
      state: State.Relearning,
      last_review: new Date(1),
    };
    await deps.store.practice.saveCard('u', 'q', odd);
    expect(await deps.store.practice.getCard('u', 'q')).toStrictEqual(odd);
  });
});

describe('every recorded grade updates the card with ts-fsrs', () => {
  it('maps knew → Good, partly → Hard, missed → Again', () => {
    expect(RATING_FOR_GRADE).toEqual({ knew: Rating.Good, partly: Rating.Hard, missed: Rating.Again });
  });

  const firstCards: [string, number, number, number][] = [
    // grade, stability w[G-1], D0(G), interval in days
    ['missed', 0.212, 6.4133, 1],
    ['partly', 1.2931, 5.11217071, 2],
    ['knew', 2.3065, 2.11810397, 3],
  ];
  it.each(firstCards)('a first "%s" stores the card FSRS schedules: stability %d, difficulty %d, due in %d days', async (grade, stability, difficulty, days) => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('vpc-basics', grade as (typeof GRADES)[number]));
    expect(await card()(deps)).toStrictEqual({
      due: new Date(Date.parse('2026-03-10T12:00:00Z') + days * DAY),
      stability,
      difficulty,
      elapsed_days: 0,
      scheduled_days: days,
      learning_steps: 0,
      reps: 1,
      lapses: 0,
      state: State.Review,
      last_review: new Date('2026-03-10T12:00:00Z'),
    });
  });

  it('schedules in whole days: missed → tomorrow, partly later, knew latest', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('vpc-basics', 'missed'));
    await press(deps, gradeAction('iam-roles', 'partly'));
    await press(deps, gradeAction('s3-versioning', 'knew'));
    const due = async (id: string) => (await card(ME, id)(deps))!.due.toISOString();
    expect(await due('vpc-basics')).toBe('2026-03-11T12:00:00.000Z');
    expect(await due('iam-roles')).toBe('2026-03-12T12:00:00.000Z');
    expect(await due('s3-versioning')).toBe('2026-03-13T12:00:00.000Z');
  });

  it('knowing it again and again, each on its due day, spaces it out: the interval is the stability in whole days', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const intervals: number[] = [];
    for (let i = 0; i < 4; i++) {
      await press(deps, gradeAction('vpc-basics', 'knew'));
      const c = (await card()(deps))!;
      // (The first is the exception: Good must be a day later than Hard's 2.)
      if (i > 0) expect(c.scheduled_days).toBe(Math.max(1, Math.round(c.stability)));
      expect(c.reps).toBe(i + 1);
      intervals.push(c.scheduled_days);
      deps.clock.set(c.due);
    }
    // Computed once and written down: 3, 14, 57, 196 days.
    expect(intervals).toEqual([3, 14, 57, 196]);
  });

  it('a later grade continues from the stored card (reps and lapses grow, stability falls on a lapse)', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('vpc-basics', 'knew'));
    const first = (await card()(deps))!;
    deps.clock.set('2026-03-14T09:00:00Z');
    await press(deps, gradeAction('vpc-basics', 'missed'));
    const second = (await card()(deps))!;
    expect(second).toMatchObject({ reps: 2, lapses: 1, elapsed_days: 4, scheduled_days: 1, last_review: new Date('2026-03-14T09:00:00Z') });
    expect(second.due.toISOString()).toBe('2026-03-15T09:00:00.000Z');
    expect(second.stability).toBeLessThan(first.stability);
    expect(second.difficulty).toBeGreaterThan(first.difficulty);
    // Computed once and written down.
    expect(second.stability).toBe(0.66141652);
    expect(second.difficulty).toBe(7.39450274);
  });

  it('a duplicate grade the same day changes nothing', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('vpc-basics', 'knew'));
    const before = await card()(deps);
    const counts = tableCounts(deps.store);
    deps.clock.advance(3 * 3_600_000);
    const again = await press(deps, gradeAction('vpc-basics', 'missed'));
    expect(again.reply.fallbackText).toMatch(/^Already graded today \(Knew it\)/);
    expect(await card()(deps)).toStrictEqual(before);
    expect(tableCounts(deps.store)).toEqual(counts);
  });

  it('the card update is part of the grade transaction: if it fails, no attempt or streak is kept', async () => {
    const deps = makeDeps();
    const before = tableCounts(deps.store);
    const real = deps.store.transaction.bind(deps.store);
    // Inside the transaction, saving the card fails.
    deps.store.transaction = <T,>(fn: (tx: Store) => Promise<T>) =>
      real((tx) => {
        const practice = Object.assign(Object.create(tx.practice), { saveCard: async () => Promise.reject(new Error('disk full')) });
        const failing: Store = Object.assign(Object.create(tx), { practice, transaction: <U,>(inner: (t: Store) => Promise<U>) => inner(failing) });
        return fn(failing);
      });
    const r = await press(deps, gradeAction('vpc-basics', 'knew'));
    expect(r.status).toBe('error');
    expect(r.reply.fallbackText).toMatch(/nothing was changed/);
    expect(tableCounts(deps.store)).toEqual(before);
    expect(deps.logger.lines.some((l) => l.level === 'error' && String((l.obj as { err?: Error }).err?.message) === 'disk full')).toBe(true);
  });

  it('the grade reply says when the question comes back', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const r = await press(deps, gradeAction('vpc-basics', 'missed'));
    expect(JSON.stringify(r.reply.blocks)).toContain('comes back for review tomorrow');
    const typed = await run(makeDeps({ now: '2026-03-10T12:00:00Z' }), 'grade s3-versioning knew');
    expect(JSON.stringify(typed.reply.blocks)).toMatch(/comes back for review in 3 days/);
  });
});
