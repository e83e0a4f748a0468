/** Row ↔ domain conversions shared by the SQLite stores. */
import { EMPTY_STREAK, type StreakState } from '../../core/streaks.js';

export interface StreakRow {
  current: number;
  longest: number;
  total_days: number;
  last_day: string | null;
  freezes: number;
}

export const toStreak = (r: StreakRow | undefined): StreakState =>
  r ? { current: r.current, longest: r.longest, totalDays: r.total_days, lastDay: r.last_day, freezes: r.freezes } : EMPTY_STREAK;

/** Keeps stored error text bounded whatever a platform sends back. */
export const clip = (text: string, max = 500): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

export const iso = (d: Date): string => d.toISOString();
