/** Progress figures for `streak` and the home view. */
import type { CoreDeps } from '../context.js';
import { addDays, daysBetween, weekdayOf } from '../dates.js';
import { endOfDay } from '../learning/fsrs.js';
import type { LocalDate } from '../model.js';
import type { TopicStat } from '../ports/practice.js';
import { bridgedDays, currentStreak, type StreakState } from '../streaks.js';

export const GRID_WEEKS = 12;

export interface Progress {
  today: LocalDate;
  streak: StreakState;
  current: number;
  attempts: number;
  topics: (TopicStat & { title: string; accuracy: number })[];
  /** 12 rows (weeks, oldest first) of 7 booleans (Mon..Sun); null = in the future. */
  grid: (boolean | null)[][];
  /** Spaced-repetition cards due by the end of `today`. */
  dueReviews: number;
  /** Missed days that held streak freezes are covering right now (0 = none). */
  bridgedDays: number;
}

/** `zone` is the one `today` was computed in (the person's, see zone.ts). */
export async function progressFor(deps: CoreDeps, userKey: string, today: LocalDate, zone: string): Promise<Progress> {
  const { store, bank } = deps;
  const streak = await store.people.getStreak(userKey);
  // The grid ends with the current week (Mon..Sun) and starts GRID_WEEKS-1 weeks earlier.
  const monday = addDays(today, 1 - weekdayOf(today));
  const start = addDays(monday, -7 * (GRID_WEEKS - 1));
  // Cells as day offsets from `start`: 84 integer look-ups rather than 84 date-string round trips.
  const practised = new Set((await store.practice.practisedDays(userKey, start)).map((d) => daysBetween(start, d)));
  const todayOffset = daysBetween(start, today);
  const grid: (boolean | null)[][] = [];
  for (let w = 0; w < GRID_WEEKS; w++) {
    const row: (boolean | null)[] = [];
    for (let d = 0; d < 7; d++) {
      const offset = w * 7 + d;
      row.push(offset > todayOffset ? null : practised.has(offset));
    }
    grid.push(row);
  }
  const topics = (await store.practice.topicStats(userKey, (id) => bank.get(id)?.topic))
    .map((t) => {
      const n = t.knew + t.partly + t.missed;
      return { ...t, title: bank.topicTitle(t.topic), accuracy: n === 0 ? 0 : (t.knew + 0.5 * t.partly) / n };
    })
    .sort((a, b) => a.accuracy - b.accuracy);
  return {
    today,
    streak,
    current: currentStreak(streak, today),
    attempts: await store.practice.countAttempts(userKey),
    topics,
    grid,
    dueReviews: await store.practice.countDue(userKey, endOfDay(today, zone)),
    bridgedDays: bridgedDays(streak, today),
  };
}

export function gridText(grid: (boolean | null)[][]): string {
  // One line per weekday, one column per week: reads like a contribution graph.
  const labels = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return labels.map((label, d) => `${label} ${grid.map((week) => (week[d] === null ? '⬜' : week[d] ? '🟩' : '⬛')).join('')}`).join('\n');
}
