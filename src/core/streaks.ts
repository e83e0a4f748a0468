/**
 * Streak arithmetic: pure functions of (previous state, user-local date).
 *
 * A practised day is a calendar day in the user's zone on which they graded
 * at least one question. Practising the day after the last practised day
 * extends the streak; the same day again changes nothing; a gap resets it to
 * 1 unless held streak freezes cover every missed day (one freeze per day).
 * A freeze is earned at every 7th consecutive day, at most MAX_FREEZES held.
 */
import { daysBetween } from './dates.js';
import type { LocalDate } from './model.js';

export const FREEZE_EVERY_DAYS = 7;
export const MAX_FREEZES = 2;

export interface StreakState {
  current: number;
  longest: number;
  /** Distinct practised days, ever. */
  totalDays: number;
  lastDay: LocalDate | null;
  freezes: number;
}

export const EMPTY_STREAK: StreakState = { current: 0, longest: 0, totalDays: 0, lastDay: null, freezes: 0 };

export type PractiseOutcome =
  | { kind: 'first' }
  | { kind: 'same-day' }
  | { kind: 'extended' }
  | { kind: 'frozen'; freezesUsed: number }
  | { kind: 'reset'; missedDays: number }
  /** The date is before the last practised day (a clock or zone change): ignored. */
  | { kind: 'past' };

export interface PractiseResult {
  state: StreakState;
  outcome: PractiseOutcome;
  freezeEarned: boolean;
}

function grow(prev: StreakState, day: LocalDate, current: number, freezes: number): StreakState {
  const earned = current > 0 && current % FREEZE_EVERY_DAYS === 0 && freezes < MAX_FREEZES ? 1 : 0;
  return {
    current,
    longest: Math.max(prev.longest, current),
    totalDays: prev.totalDays + 1,
    lastDay: day,
    freezes: freezes + earned,
  };
}

export function practise(prev: StreakState, day: LocalDate): PractiseResult {
  if (prev.lastDay === null) {
    const state = grow(prev, day, 1, prev.freezes);
    return { state, outcome: { kind: 'first' }, freezeEarned: state.freezes > prev.freezes };
  }
  const gap = daysBetween(prev.lastDay, day);
  if (gap === 0) return { state: prev, outcome: { kind: 'same-day' }, freezeEarned: false };
  if (gap < 0) return { state: prev, outcome: { kind: 'past' }, freezeEarned: false };

  const missed = gap - 1;
  if (missed === 0) {
    const state = grow(prev, day, prev.current + 1, prev.freezes);
    return { state, outcome: { kind: 'extended' }, freezeEarned: state.freezes > prev.freezes };
  }
  if (missed <= prev.freezes) {
    const left = prev.freezes - missed;
    const state = grow(prev, day, prev.current + 1, left);
    return { state, outcome: { kind: 'frozen', freezesUsed: missed }, freezeEarned: state.freezes > left };
  }
  const state = grow(prev, day, 1, prev.freezes);
  return { state, outcome: { kind: 'reset', missedDays: missed }, freezeEarned: false };
}

/**
 * The streak as it stands on `today` without practising: still alive if the
 * user practised yesterday or today, or if their freezes cover the days in
 * between; otherwise 0. Stored state is only rewritten when the user practises.
 */
export function currentStreak(state: StreakState, today: LocalDate): number {
  if (state.lastDay === null) return 0;
  const gap = daysBetween(state.lastDay, today);
  if (gap <= 1) return state.current;
  return gap - 1 <= state.freezes ? state.current : 0;
}

/**
 * Missed days that held freezes are bridging on `today` without practising
 * (0 when none): the freezes are spent when the user next practises, so the
 * `streak` message can say a freeze is keeping the streak alive.
 */
export function bridgedDays(state: StreakState, today: LocalDate): number {
  if (state.lastDay === null) return 0;
  const missed = daysBetween(state.lastDay, today) - 1;
  return missed > 0 && missed <= state.freezes ? missed : 0;
}
