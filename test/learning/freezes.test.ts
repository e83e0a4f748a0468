/**
 * Streak freezes end to end: the grade message says when a freeze was used,
 * and `streak` says when freezes are covering missed days — with each user's
 * day in their own zone, across DST changes.
 */
import { describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { bridgedDays, EMPTY_STREAK, practise } from '../../src/core/streaks.js';
import { makeDeps, press, run } from '../support/core.js';
import { text } from './helpers.js';

const IDS = ['vpc-basics', 'vpc-peering-edge', 'iam-roles', 'iam-boundaries', 's3-versioning'];

/** Grades one question at each instant (a different question per day, so none is a repeat). */
async function practiseAt(deps: ReturnType<typeof makeDeps>, instants: string[]) {
  const replies = [];
  for (const [i, at] of instants.entries()) {
    deps.clock.set(at);
    replies.push((await press(deps, gradeAction(IDS[i % IDS.length]!, 'knew'))).reply);
  }
  return replies;
}

/** n consecutive evenings at `hourUtc`, starting on `first` (YYYY-MM-DD). */
const evenings = (first: string, n: number, hourUtc = '20:00') =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(`${first}T${hourUtc}:00Z`) + i * 86_400_000).toISOString());

describe('streak freezes through grading', () => {
  it('earning at day 7 is announced; a missed day is covered and the message says so', async () => {
    const deps = makeDeps();
    const replies = await practiseAt(deps, evenings('2026-03-01', 7));
    expect(JSON.stringify(replies[6]!.blocks)).toContain('You earned a streak freeze');
    deps.clock.set('2026-03-09T20:00:00Z'); // the 8th was missed
    const r = await press(deps, gradeAction('iam-roles', 'partly'));
    expect(JSON.stringify(r.reply.blocks)).toContain('🧊 A streak freeze covered the missed day.');
    expect(r.reply.fallbackText).toContain('8-day streak');
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 8, freezes: 0 });
  });

  it('streak says while freezes are covering a gap, and how many they spend', async () => {
    const deps = makeDeps();
    await practiseAt(deps, evenings('2026-03-01', 14)); // two freezes earned
    deps.clock.set('2026-03-17T10:00:00Z'); // last practised the 14th: the 15th and 16th missed
    const body = text((await run(deps, 'streak')).reply);
    expect(body).toContain('Current streak: 14 days');
    expect(body).toContain('Streak freezes: 2 🧊 (max 2)');
    expect(body).toContain('Streak freezes are covering 2 missed days: practise today to keep the 14-day streak (it spends 2 freezes).');
    deps.clock.set('2026-03-18T10:00:00Z'); // three missed days: more than two freezes cover
    const gone = text((await run(deps, 'streak')).reply);
    expect(gone).toContain('Current streak: 0 days');
    expect(gone).not.toContain('covering');
  });

  it('Pacific/Auckland: a local day can be missed on consecutive UTC days, and a freeze covers it', async () => {
    const deps = makeDeps();
    await run(deps, 'timezone Pacific/Auckland'); // UTC+13 in March (NZDT)
    // 10:00Z = 23:00 local, for 7 local days from Mar 1 to Mar 7.
    await practiseAt(deps, evenings('2026-03-01', 7, '10:00'));
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 7, freezes: 1, lastDay: '2026-03-07' });
    // 11:30Z on Mar 8 is 00:30 on Mar 9 in Auckland: Mar 8 was missed there (not in UTC).
    deps.clock.set('2026-03-08T11:30:00Z');
    const r = await press(deps, gradeAction('iam-roles', 'knew'));
    expect(JSON.stringify(r.reply.blocks)).toContain('A streak freeze covered the missed day');
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 8, freezes: 0, lastDay: '2026-03-09' });
  });

  it('Europe/Berlin across spring-forward: a 23-hour day is still one day, not a missed one', async () => {
    const deps = makeDeps();
    await run(deps, 'timezone Europe/Berlin');
    // 23:30 local each day: 22:30Z in CET, 21:30Z in CEST (from 29 Mar 2026).
    const instants = [...evenings('2026-03-22', 7, '22:30'), '2026-03-29T21:30:00Z', '2026-03-30T21:30:00Z'];
    const replies = await practiseAt(deps, instants);
    expect(replies.map((r) => JSON.stringify(r.blocks)).filter((b) => b.includes('covered'))).toEqual([]);
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 9, freezes: 1, lastDay: '2026-03-30' });
  });

  it('America/New_York across fall-back: a freeze covers the day missed around the 25-hour day', async () => {
    const deps = makeDeps();
    await run(deps, 'timezone America/New_York');
    // 00:30 local on Oct 25–31 (EDT, 04:30Z); Nov 1 (the 25-hour day) missed;
    // then 00:30 EST on Nov 2 (05:30Z).
    await practiseAt(deps, evenings('2026-10-25', 7, '04:30'));
    deps.clock.set('2026-11-02T05:30:00Z');
    const r = await press(deps, gradeAction('iam-roles', 'knew'));
    expect(JSON.stringify(r.reply.blocks)).toContain('A streak freeze covered the missed day');
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 8, lastDay: '2026-11-02' });
  });
});

describe('bridgedDays (pure)', () => {
  const seven = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'].reduce(
    (s, d) => practise(s, d).state,
    EMPTY_STREAK,
  );

  it('counts the missed days held freezes cover, 0 otherwise', () => {
    expect(seven.freezes).toBe(1);
    expect(bridgedDays(seven, '2026-03-08')).toBe(0); // practised yesterday
    expect(bridgedDays(seven, '2026-03-09')).toBe(1);
    expect(bridgedDays(seven, '2026-03-10')).toBe(0); // two missed, one freeze: the streak is gone
    expect(bridgedDays(EMPTY_STREAK, '2026-03-10')).toBe(0);
  });
});
