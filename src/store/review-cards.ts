/**
 * FSRS review cards, the last-shown source and latest grades (issue 7).
 * A card is stored field for field; instants as epoch milliseconds, so
 * `load(save(card))` is the same card, to the millisecond and the last bit.
 */
import type Database from 'better-sqlite3';
import type { Grade } from '../core/model.js';
import type { DueReview, LastShown, LatestGrade, ReviewCard } from '../core/learning/store.js';

interface CardRow {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: number | null;
}

export function cardFromRow(r: CardRow): ReviewCard {
  return {
    due: new Date(r.due),
    stability: r.stability,
    difficulty: r.difficulty,
    elapsed_days: r.elapsed_days,
    scheduled_days: r.scheduled_days,
    learning_steps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    // ts-fsrs's own empty card carries the key with `undefined`; keep that shape.
    last_review: r.last_review === null ? undefined : new Date(r.last_review),
  };
}

export function cardToRow(card: ReviewCard): CardRow {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ? card.last_review.getTime() : null,
  };
}

export class ReviewCardQueries {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      get: db.prepare(
        `SELECT due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review
         FROM review_cards WHERE user_key = ? AND question_id = ?`,
      ),
      save: db.prepare(
        `INSERT INTO review_cards (user_key, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
           learning_steps, reps, lapses, state, last_review)
         VALUES (@userKey, @questionId, @due, @stability, @difficulty, @elapsed_days, @scheduled_days,
           @learning_steps, @reps, @lapses, @state, @last_review)
         ON CONFLICT (user_key, question_id) DO UPDATE SET due = excluded.due, stability = excluded.stability,
           difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days,
           scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps, reps = excluded.reps,
           lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review`,
      ),
      due: db.prepare(
        `SELECT question_id, due FROM review_cards WHERE user_key = ? AND due < ?
         ORDER BY due, question_id LIMIT ?`,
      ),
      countDue: db.prepare('SELECT COUNT(*) AS n FROM review_cards WHERE user_key = ? AND due < ?'),
      lastShown: db.prepare('SELECT question_id, source FROM last_shown WHERE user_key = ? AND channel_key = ?'),
      // With a single MAX() aggregate SQLite takes the bare columns from the
      // row holding the maximum: the grade of each question's latest day.
      latestGrades: db.prepare(
        `SELECT question_id, grade, MAX(local_date) AS local_date FROM attempts WHERE user_key = ?
         GROUP BY question_id ORDER BY question_id`,
      ),
    };
  }

  get(userKey: string, questionId: string): ReviewCard | null {
    const r = this.q.get.get(userKey, questionId) as CardRow | undefined;
    return r ? cardFromRow(r) : null;
  }

  save(userKey: string, questionId: string, card: ReviewCard): void {
    this.q.save.run({ userKey, questionId, ...cardToRow(card) });
  }

  due(userKey: string, dueBefore: Date, limit: number): DueReview[] {
    const rows = this.q.due.all(userKey, dueBefore.getTime(), limit) as { question_id: string; due: number }[];
    return rows.map((r) => ({ questionId: r.question_id, due: new Date(r.due) }));
  }

  countDue(userKey: string, dueBefore: Date): number {
    return (this.q.countDue.get(userKey, dueBefore.getTime()) as { n: number }).n;
  }

  lastShown(userKey: string, channelKey: string): LastShown | null {
    const r = this.q.lastShown.get(userKey, channelKey) as { question_id: string; source: string | null } | undefined;
    return r ? { questionId: r.question_id, source: r.source } : null;
  }

  latestGrades(userKey: string): LatestGrade[] {
    const rows = this.q.latestGrades.all(userKey) as { question_id: string; grade: Grade; local_date: string }[];
    return rows.map((r) => ({ questionId: r.question_id, grade: r.grade, localDate: r.local_date }));
  }
}
