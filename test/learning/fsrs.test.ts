import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createEmptyCard, fsrs, Rating, State } from 'ts-fsrs';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { handleAction } from '../../src/core/dispatch.js';
import { FSRS_PARAMETERS, nextCard, RATING_FOR_GRADE } from '../../src/core/learning/fsrs.js';
import type { ReviewCard } from '../../src/core/learning/store.js';
import { GRADES } from '../../src/core/model.js';
import { makeContext, makeDeps, tableCounts } from '../support/core.js';
import { DAY } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fsrs-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FSRS cards round-trip exactly through SQLite', () => {
  // A file database, closed and reopened: what comes back is what was stored,
  // not what a statement cache or the same connection remembers.
  const path = join(dir, 'cards.sqlite');
  const writer = makeDeps({ dbPath: path });
  writer.store.touchUser('slack:T1:U1', null, new Date());

  it('for every state reachable by any sequence of grades and intervals', () => {
    const cases: { id: string; card: ReviewCard }[] = [];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...GRADES), fc.integer({ min: 0, max: 400 * DAY })), { minLength: 0, maxLength: 12 }),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (steps, start) => {
          let at = start;
          let card: ReviewCard = createEmptyCard(new Date(at));
          for (const [grade, gap] of steps) {
            at += gap;
            card = nextCard(card, grade, new Date(at));
          }
          const id = `q-${cases.length}`;
          writer.store.saveReviewCard('slack:T1:U1', id, card);
          cases.push({ id, card });
        },
      ),
      { numRuns: 300 },
    );
    writer.store.db.close();
    const reader = makeDeps({ dbPath: path });
    for (const { id, card } of cases) {
      const back = reader.store.getReviewCard('slack:T1:U1', id);
      // toStrictEqual: same keys (last_review present even when undefined), same
      // Date instants, same doubles bit for bit.
      expect(back).toStrictEqual(card);
    }
    reader.store.db.close();
  });

  it('keeps fractional and extreme values (no integer truncation)', () => {
    const deps = makeDeps();
    deps.store.touchUser('u', null, new Date());
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
    deps.store.saveReviewCard('u', 'q', odd);
    expect(deps.store.getReviewCard('u', 'q')).toStrictEqual(odd);
  });
});

describe('every recorded grade updates the card with ts-fsrs', () => {
  it('maps knew → Good, partly → Hard, missed → Again', () => {
    expect(RATING_FOR_GRADE).toEqual({ knew: Rating.Good, partly: Rating.Hard, missed: Rating.Again });
  });

  it.each(GRADES)('a first "%s" stores exactly what ts-fsrs schedules', async (grade) => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await handleAction(gradeAction('vpc-basics', grade), makeContext(deps));
    const now = deps.clock.now();
    const expected = fsrs(FSRS_PARAMETERS).next(createEmptyCard(now), now, RATING_FOR_GRADE[grade]).card;
    expect(deps.store.getReviewCard('console:alice', 'vpc-basics')).toStrictEqual(expected);
  });

  it('schedules in whole days: missed → tomorrow, partly and knew later, knew latest', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const ctx = makeContext(deps);
    await handleAction(gradeAction('vpc-basics', 'missed'), ctx);
    await handleAction(gradeAction('iam-roles', 'partly'), ctx);
    await handleAction(gradeAction('s3-versioning', 'knew'), ctx);
    const due = (id: string) => deps.store.getReviewCard('console:alice', id)!.due.toISOString();
    expect(due('vpc-basics')).toBe('2026-03-11T12:00:00.000Z');
    expect(due('iam-roles') > due('vpc-basics')).toBe(true);
    expect(due('s3-versioning') > due('iam-roles')).toBe(true);
  });

  it('a later grade continues from the stored card (reps and lapses grow)', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const ctx = makeContext(deps);
    await handleAction(gradeAction('vpc-basics', 'knew'), ctx);
    const first = deps.store.getReviewCard('console:alice', 'vpc-basics')!;
    deps.clock.set('2026-03-14T09:00:00Z');
    await handleAction(gradeAction('vpc-basics', 'missed'), ctx);
    const second = deps.store.getReviewCard('console:alice', 'vpc-basics')!;
    expect(second).toStrictEqual(nextCard(first, 'missed', deps.clock.now()));
    expect(second).toMatchObject({ reps: 2, lapses: 1 });
  });

  it('a duplicate grade the same day changes nothing', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const ctx = makeContext(deps);
    await handleAction(gradeAction('vpc-basics', 'knew'), ctx);
    const card = deps.store.getReviewCard('console:alice', 'vpc-basics');
    const counts = tableCounts(deps.store);
    deps.clock.advance(3 * 3_600_000);
    const again = await handleAction(gradeAction('vpc-basics', 'missed'), ctx);
    expect(again.reply.fallbackText).toMatch(/^Already graded today/);
    expect(deps.store.getReviewCard('console:alice', 'vpc-basics')).toStrictEqual(card);
    expect(tableCounts(deps.store)).toEqual(counts);
  });

  it('the card update is part of the grade transaction: if it fails, no attempt or streak is kept', async () => {
    const deps = makeDeps();
    const before = tableCounts(deps.store);
    deps.store.saveReviewCard = () => {
      throw new Error('disk full');
    };
    const r = await handleAction(gradeAction('vpc-basics', 'knew'), makeContext(deps));
    expect(r.outcome).toBe('error');
    expect(tableCounts(deps.store)).toEqual(before);
  });

  it('the grade reply says when the question comes back', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const r = await handleAction(gradeAction('vpc-basics', 'missed'), makeContext(deps));
    expect(JSON.stringify(r.reply.blocks)).toContain('comes back for review tomorrow');
  });
});
