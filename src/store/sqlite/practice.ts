/**
 * Attempts, FSRS review cards, what a person last saw, and written answers
 * on SQLite. A card is stored field for field; instants as epoch
 * milliseconds, so `load(save(card))` is the same card to the millisecond.
 */
import type Database from 'better-sqlite3';
import type { Grade, LocalDate } from '../../core/model.js';
import type { AttemptInput, DueReview, LastShown, LatestGrade, PracticeStore, ReviewCard, TopicStat, WrittenAnswer } from '../../core/ports/practice.js';
import type { Runner } from './gate.js';
import { cardFromRow, cardToRow, type CardRow } from '../rows.js';


export function practiceQueries(db: Database.Database) {
  return {
    insertAttempt: db.prepare(
      `INSERT OR IGNORE INTO attempts (user_key, identity_key, question_id, local_date, grade, scope, channel_key, graded_at)
       VALUES (@userKey, @identityKey, @questionId, @localDate, @grade, @scope, @channelKey, @at)`,
    ),
    countAttempts: db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE user_key = ?'),
    gradesByQuestion: db.prepare('SELECT question_id, grade, COUNT(*) AS n FROM attempts WHERE user_key = ? GROUP BY question_id, grade'),
    practisedDays: db.prepare('SELECT DISTINCT local_date FROM attempts WHERE user_key = ? AND local_date >= ? ORDER BY local_date'),
    // With a single MAX() aggregate SQLite takes the bare columns from the row holding the maximum.
    latestGrades: db.prepare(
      `SELECT question_id, grade, MAX(local_date) AS local_date FROM attempts WHERE user_key = ?
       GROUP BY question_id ORDER BY question_id`,
    ),
    getCard: db.prepare(
      `SELECT due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review
       FROM review_cards WHERE user_key = ? AND question_id = ?`,
    ),
    saveCard: db.prepare(
      `INSERT INTO review_cards (user_key, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
         learning_steps, reps, lapses, state, last_review)
       VALUES (@userKey, @questionId, @due, @stability, @difficulty, @elapsed_days, @scheduled_days,
         @learning_steps, @reps, @lapses, @state, @last_review)
       ON CONFLICT (user_key, question_id) DO UPDATE SET due = excluded.due, stability = excluded.stability,
         difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days,
         scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps, reps = excluded.reps,
         lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review`,
    ),
    due: db.prepare('SELECT question_id, due FROM review_cards WHERE user_key = ? AND due < ? ORDER BY due, question_id LIMIT ?'),
    countDue: db.prepare('SELECT COUNT(*) AS n FROM review_cards WHERE user_key = ? AND due < ?'),
    setLastShown: db.prepare(
      `INSERT INTO last_shown (user_key, channel_key, question_id, shown_at, source) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_key, channel_key) DO UPDATE SET question_id = excluded.question_id,
         shown_at = excluded.shown_at, source = excluded.source`,
    ),
    getLastShown: db.prepare('SELECT question_id, source, shown_at FROM last_shown WHERE user_key = ? AND channel_key = ?'),
    weekPeople: db.prepare(
      `SELECT COUNT(DISTINCT a.user_key) AS n FROM attempts a JOIN users u ON u.user_key = a.user_key
       WHERE a.scope = ? AND a.local_date BETWEEN ? AND ? AND u.on_boards = 1`,
    ),
    weekMissed: db.prepare(
      `SELECT question_id, COUNT(*) AS n FROM attempts WHERE scope = ? AND local_date BETWEEN ? AND ? AND grade = 'missed'
       GROUP BY question_id ORDER BY n DESC, question_id LIMIT ?`,
    ),
    saveWritten: db.prepare(
      `INSERT INTO written_answers (user_key, question_id, text, suggested, written_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_key, question_id) DO UPDATE SET text = excluded.text, suggested = excluded.suggested, written_at = excluded.written_at`,
    ),
    written: db.prepare('SELECT question_id, text, suggested, written_at FROM written_answers WHERE user_key = ? ORDER BY question_id'),
    deleteWritten: db.prepare('DELETE FROM written_answers WHERE user_key = ?'),
  };
}

export class SqlitePractice implements PracticeStore {
  constructor(
    private readonly q: ReturnType<typeof practiceQueries>,
    private readonly run: Runner,
  ) {}

  insertAttempt(input: AttemptInput) {
    return this.run(() => this.q.insertAttempt.run({ ...input, identityKey: input.identityKey ?? input.userKey, at: input.at.toISOString() }).changes === 1);
  }

  countAttempts(userKey: string) {
    return this.run(() => (this.q.countAttempts.get(userKey) as { n: number }).n);
  }

  topicStats(userKey: string, topicOf: (questionId: string) => string | undefined) {
    return this.run(() => {
      const byTopic = new Map<string, TopicStat>();
      for (const r of this.q.gradesByQuestion.all(userKey) as { question_id: string; grade: Grade; n: number }[]) {
        const topic = topicOf(r.question_id);
        if (!topic) continue; // a question since removed from the bank
        const stat = byTopic.get(topic) ?? { topic, knew: 0, partly: 0, missed: 0 };
        stat[r.grade] += r.n;
        byTopic.set(topic, stat);
      }
      return [...byTopic.values()];
    });
  }

  practisedDays(userKey: string, from: LocalDate) {
    return this.run(() => (this.q.practisedDays.all(userKey, from) as { local_date: string }[]).map((r) => r.local_date));
  }

  latestGrades(userKey: string) {
    return this.run(() =>
      (this.q.latestGrades.all(userKey) as { question_id: string; grade: Grade; local_date: string }[]).map(
        (r): LatestGrade => ({ questionId: r.question_id, grade: r.grade, localDate: r.local_date }),
      ),
    );
  }

  getCard(userKey: string, questionId: string) {
    return this.run(() => {
      const r = this.q.getCard.get(userKey, questionId) as CardRow | undefined;
      return r ? cardFromRow(r) : null;
    });
  }

  saveCard(userKey: string, questionId: string, card: ReviewCard) {
    return this.run(() => void this.q.saveCard.run({ userKey, questionId, ...cardToRow(card) }));
  }

  dueReviews(userKey: string, dueBefore: Date, limit: number) {
    return this.run(() =>
      (this.q.due.all(userKey, dueBefore.getTime(), limit) as { question_id: string; due: number }[]).map((r): DueReview => ({ questionId: r.question_id, due: new Date(r.due) })),
    );
  }

  countDue(userKey: string, dueBefore: Date) {
    return this.run(() => (this.q.countDue.get(userKey, dueBefore.getTime()) as { n: number }).n);
  }

  setLastShown(userKey: string, channelKey: string, questionId: string, at: Date, source?: string) {
    return this.run(() => void this.q.setLastShown.run(userKey, channelKey, questionId, at.toISOString(), source ?? null));
  }

  getLastShown(userKey: string, channelKey: string) {
    return this.run(() => {
      const r = this.q.getLastShown.get(userKey, channelKey) as { question_id: string; source: string | null; shown_at: string } | undefined;
      return r ? ({ questionId: r.question_id, source: r.source, at: new Date(r.shown_at) } satisfies LastShown) : null;
    });
  }

  weekInScope(scope: string, from: LocalDate, to: LocalDate, top: number) {
    return this.run(() => ({
      people: (this.q.weekPeople.get(scope, from, to) as { n: number }).n,
      missed: (this.q.weekMissed.all(scope, from, to, top) as { question_id: string; n: number }[]).map((r) => ({ questionId: r.question_id, count: r.n })),
    }));
  }

  saveWrittenAnswer(userKey: string, a: WrittenAnswer) {
    return this.run(() => void this.q.saveWritten.run(userKey, a.questionId, a.text, a.suggested, a.at.toISOString()));
  }

  deleteWrittenAnswers(userKey: string) {
    return this.run(() => this.q.deleteWritten.run(userKey).changes);
  }

  writtenAnswers(userKey: string) {
    return this.run(() =>
      (this.q.written.all(userKey) as { question_id: string; text: string; suggested: Grade; written_at: string }[]).map(
        (r): WrittenAnswer => ({ questionId: r.question_id, text: r.text, suggested: r.suggested, at: new Date(r.written_at) }),
      ),
    );
  }
}
