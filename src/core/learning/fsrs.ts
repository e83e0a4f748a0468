/**
 * Spaced repetition with ts-fsrs (the FSRS scheduler), not a formula of our own.
 *
 * Settings, and why:
 * - `enable_short_term: false` — FSRS's minute-long (re)learning steps suit a
 *   flashcard session, not a bot people open once a day; without them every
 *   grade schedules whole days (missed → tomorrow, partly → ~2 days, knew → ~3
 *   days for a new card, growing with each success).
 * - `enable_fuzz: false` — the same grades give the same schedule, which keeps
 *   reviews explainable and tests exact.
 *
 * A card counts as due on the user's local day when its due instant falls
 * before that day ends, so "due tomorrow" means due all of tomorrow, wherever
 * the user is, not from the minute of yesterday's grade.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, type Grade as FsrsRating } from 'ts-fsrs';
import { addDays, daysBetween, localDate } from '../dates.js';
import type { Grade, LocalDate } from '../model.js';
import { zonedInstant } from '../schedule.js';
import type { ReviewCard } from '../ports/practice.js';

export const FSRS_PARAMETERS = generatorParameters({ enable_short_term: false, enable_fuzz: false });

const scheduler = fsrs(FSRS_PARAMETERS);

/** The self-grade's FSRS rating. */
export const RATING_FOR_GRADE: Readonly<Record<Grade, FsrsRating>> = {
  knew: Rating.Good,
  partly: Rating.Hard,
  missed: Rating.Again,
};

/** The card after grading it at `at`; a first grade starts from an empty card. */
export function nextCard(previous: ReviewCard | null, grade: Grade, at: Date): ReviewCard {
  return scheduler.next(previous ?? createEmptyCard(at), at, RATING_FOR_GRADE[grade]).card;
}

const dayEnds = new Map<string, Date>();

/** The instant local day `date` ends in `zone` (memoised: a handful of zones and days are live at once). */
export function endOfDay(date: LocalDate, zone: string): Date {
  const key = `${zone}|${date}`;
  let end = dayEnds.get(key);
  if (!end) {
    if (dayEnds.size > 5_000) dayEnds.clear();
    end = zonedInstant(addDays(date, 1), '00:00', zone);
    dayEnds.set(key, end);
  }
  return new Date(end);
}

/** The instant the user's local day containing `now` ends: cards due before it are due today. */
export function endOfLocalDay(now: Date, zone: string): Date {
  return endOfDay(localDate(now, zone), zone);
}

/** Whole local days from today until a card is due (0 = due today or overdue). */
export function daysUntilDue(due: Date, now: Date, zone: string): number {
  return Math.max(0, daysBetween(localDate(now, zone), localDate(due, zone)));
}
