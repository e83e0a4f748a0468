import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/dates.js';
import { currentStreak, EMPTY_STREAK, MAX_FREEZES, practise, type StreakState } from '../../src/core/streaks.js';

/** Practise on each local date in turn, returning the final state. */
function run(days: string[], from: StreakState = EMPTY_STREAK): StreakState {
  return days.reduce((s, d) => practise(s, d).state, from);
}

describe('practise', () => {
  it('starts at 1 on the first day', () => {
    const r = practise(EMPTY_STREAK, '2026-03-01');
    expect(r.outcome.kind).toBe('first');
    expect(r.state).toEqual({ current: 1, longest: 1, totalDays: 1, lastDay: '2026-03-01', freezes: 0 });
  });

  it('counts the same day twice once', () => {
    const once = run(['2026-03-01']);
    const twice = practise(once, '2026-03-01');
    expect(twice.outcome.kind).toBe('same-day');
    expect(twice.state).toBe(once);
  });

  it('extends on consecutive days, across month and year ends', () => {
    expect(run(['2026-01-30', '2026-01-31', '2026-02-01']).current).toBe(3);
    expect(run(['2025-12-31', '2026-01-01']).current).toBe(2);
    expect(run(['2028-02-28', '2028-02-29', '2028-03-01']).current).toBe(3); // leap year
  });

  it('resets after a gap but keeps longest and total', () => {
    const s = run(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-06']);
    expect(s).toMatchObject({ current: 1, longest: 3, totalDays: 4, lastDay: '2026-03-06' });
  });

  it('ignores a date before the last practised day', () => {
    const s = run(['2026-03-05']);
    expect(practise(s, '2026-03-04').outcome.kind).toBe('past');
  });

  it('earns a freeze every 7 consecutive days, at most MAX_FREEZES', () => {
    const days = Array.from({ length: 28 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);
    expect(run(days.slice(0, 6)).freezes).toBe(0);
    const seven = practise(run(days.slice(0, 6)), days[6]!);
    expect(seven.freezeEarned).toBe(true);
    expect(seven.state.freezes).toBe(1);
    expect(run(days).freezes).toBe(MAX_FREEZES);
  });

  it('a freeze covers exactly one missed day, two cover two, three missed days reset', () => {
    const base: StreakState = { current: 10, longest: 10, totalDays: 10, lastDay: '2026-03-10', freezes: 2 };
    const one = practise(base, '2026-03-12');
    expect(one.outcome).toEqual({ kind: 'frozen', freezesUsed: 1 });
    expect(one.state).toMatchObject({ current: 11, freezes: 1 });
    const two = practise(base, '2026-03-13');
    expect(two.outcome).toEqual({ kind: 'frozen', freezesUsed: 2 });
    expect(two.state).toMatchObject({ current: 11, freezes: 0 });
    const three = practise(base, '2026-03-14');
    expect(three.outcome).toEqual({ kind: 'reset', missedDays: 3 });
    expect(three.state).toMatchObject({ current: 1, longest: 10, freezes: 2 });
  });
});

describe('currentStreak (as it stands today without practising)', () => {
  const s: StreakState = { current: 5, longest: 5, totalDays: 5, lastDay: '2026-03-10', freezes: 0 };
  it('is alive on the same day and the next, gone after', () => {
    expect(currentStreak(s, '2026-03-10')).toBe(5);
    expect(currentStreak(s, '2026-03-11')).toBe(5);
    expect(currentStreak(s, '2026-03-12')).toBe(0);
  });
  it('survives a gap covered by freezes', () => {
    expect(currentStreak({ ...s, freezes: 1 }, '2026-03-12')).toBe(5);
    expect(currentStreak({ ...s, freezes: 1 }, '2026-03-13')).toBe(0);
  });
  it('is 0 for someone who never practised', () => {
    expect(currentStreak(EMPTY_STREAK, '2026-03-10')).toBe(0);
  });
});

describe('streaks follow the user’s own calendar day', () => {
  /** Practise at each UTC instant, converted to the zone's local date. */
  const inZone = (zone: string, instants: string[]) => run(instants.map((t) => localDate(new Date(t), zone)));

  it('Pacific/Kiritimati (UTC+14): two instants 12 hours apart can be consecutive local days', () => {
    // 09:00Z = 23:00 local on the 1st; 11:00Z = 01:00 local on the 2nd.
    expect(inZone('Pacific/Kiritimati', ['2026-03-01T09:00:00Z', '2026-03-01T11:00:00Z']).current).toBe(2);
    // The same pair is one day in UTC.
    expect(inZone('UTC', ['2026-03-01T09:00:00Z', '2026-03-01T11:00:00Z']).current).toBe(1);
  });

  it('America/Los_Angeles: late evening local is the next UTC day but the same local day', () => {
    // 2026-03-02T07:30Z is 23:30 on Mar 1 in LA (PST, UTC-8).
    const s = inZone('America/Los_Angeles', ['2026-03-01T18:00:00Z', '2026-03-02T07:30:00Z']);
    expect(s).toMatchObject({ current: 1, totalDays: 1, lastDay: '2026-03-01' });
  });

  it('Asia/Kolkata (UTC+05:30): the half-hour offset moves the day boundary', () => {
    // 18:29Z = 23:59 IST; 18:31Z = 00:01 IST next day.
    const s = inZone('Asia/Kolkata', ['2026-03-01T18:29:00Z', '2026-03-01T18:31:00Z']);
    expect(s).toMatchObject({ current: 2, lastDay: '2026-03-02' });
  });

  it('America/Los_Angeles across spring-forward (8 Mar 2026, a 23-hour day)', () => {
    // 23:30 local each evening: PST (UTC-8) before, PDT (UTC-7) after.
    const s = inZone('America/Los_Angeles', ['2026-03-08T07:30:00Z', '2026-03-09T06:30:00Z', '2026-03-10T06:30:00Z']);
    expect(s).toMatchObject({ current: 3, lastDay: '2026-03-09' });
  });

  it('Europe/Berlin across fall-back (25 Oct 2026, a 25-hour day) counts the long day once', () => {
    // 00:30 and 23:30 local on the 25th (CEST then CET) are 24h apart in UTC but one local day.
    const s = inZone('Europe/Berlin', ['2026-10-24T22:30:00Z', '2026-10-25T22:30:00Z', '2026-10-26T08:00:00Z']);
    expect(s).toMatchObject({ current: 2, totalDays: 2, lastDay: '2026-10-26' });
  });

  it('America/New_York: practising just after local midnight both sides of DST keeps the streak', () => {
    const s = inZone('America/New_York', [
      '2026-03-07T05:05:00Z', // 00:05 EST Mar 7
      '2026-03-08T05:05:00Z', // 00:05 EST Mar 8 (DST starts 02:00 that day)
      '2026-03-09T04:05:00Z', // 00:05 EDT Mar 9
      '2026-11-01T04:05:00Z', // 00:05 EDT Nov 1: gap, resets
      '2026-11-02T05:05:00Z', // 00:05 EST Nov 2
    ]);
    expect(s).toMatchObject({ current: 2, longest: 3, totalDays: 5 });
  });
});
