/** Attempts, review cards, last shown and written answers on PostgreSQL. */
import type { Grade, LocalDate } from '../../core/model.js';
import type { AttemptInput, PracticeStore, ReviewCard, TopicStat, WrittenAnswer } from '../../core/ports/practice.js';
import { cardFromRow, cardToRow, type CardRow } from '../rows.js';
import { n, type Db } from './db.js';

export class PgPractice implements PracticeStore {
  constructor(private readonly db: Db) {}

  async insertAttempt(a: AttemptInput) {
    return (
      (await this.db.run(
        `INSERT INTO attempts (user_key, identity_key, question_id, local_date, grade, scope, channel_key, graded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_key, question_id, local_date) DO NOTHING`,
        [a.userKey, a.identityKey ?? a.userKey, a.questionId, a.localDate, a.grade, a.scope, a.channelKey, a.at.toISOString()],
      )) === 1
    );
  }

  async countAttempts(userKey: string) {
    return n((await this.db.one<{ n: string }>('SELECT COUNT(*) AS n FROM attempts WHERE user_key = $1', [userKey]))?.n);
  }

  async topicStats(userKey: string, topicOf: (questionId: string) => string | undefined) {
    const byTopic = new Map<string, TopicStat>();
    for (const r of await this.db.rows<{ question_id: string; grade: Grade; n: string }>(
      'SELECT question_id, grade, COUNT(*) AS n FROM attempts WHERE user_key = $1 GROUP BY question_id, grade',
      [userKey],
    )) {
      const topic = topicOf(r.question_id);
      if (!topic) continue;
      const stat = byTopic.get(topic) ?? { topic, knew: 0, partly: 0, missed: 0 };
      stat[r.grade] += n(r.n);
      byTopic.set(topic, stat);
    }
    return [...byTopic.values()];
  }

  async practisedDays(userKey: string, from: LocalDate) {
    return (await this.db.rows<{ local_date: string }>('SELECT DISTINCT local_date FROM attempts WHERE user_key = $1 AND local_date >= $2 ORDER BY local_date', [userKey, from])).map(
      (r) => r.local_date,
    );
  }

  async latestGrades(userKey: string) {
    const rows = await this.db.rows<{ question_id: string; grade: Grade; local_date: string }>(
      `SELECT DISTINCT ON (question_id) question_id, grade, local_date FROM attempts WHERE user_key = $1
       ORDER BY question_id, local_date DESC`,
      [userKey],
    );
    return rows.map((r) => ({ questionId: r.question_id, grade: r.grade, localDate: r.local_date }));
  }

  async getCard(userKey: string, questionId: string) {
    const r = await this.db.one<CardRow>(
      'SELECT due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review FROM review_cards WHERE user_key = $1 AND question_id = $2',
      [userKey, questionId],
    );
    return r ? cardFromRow(r) : null;
  }

  async saveCard(userKey: string, questionId: string, card: ReviewCard) {
    const c = cardToRow(card);
    await this.db.run(
      `INSERT INTO review_cards (user_key, question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (user_key, question_id) DO UPDATE SET due = EXCLUDED.due, stability = EXCLUDED.stability, difficulty = EXCLUDED.difficulty,
         elapsed_days = EXCLUDED.elapsed_days, scheduled_days = EXCLUDED.scheduled_days, learning_steps = EXCLUDED.learning_steps,
         reps = EXCLUDED.reps, lapses = EXCLUDED.lapses, state = EXCLUDED.state, last_review = EXCLUDED.last_review`,
      [userKey, questionId, c.due, c.stability, c.difficulty, c.elapsed_days, c.scheduled_days, c.learning_steps, c.reps, c.lapses, c.state, c.last_review],
    );
  }

  async dueReviews(userKey: string, dueBefore: Date, limit: number) {
    return (
      await this.db.rows<{ question_id: string; due: string }>('SELECT question_id, due FROM review_cards WHERE user_key = $1 AND due < $2 ORDER BY due, question_id LIMIT $3', [
        userKey,
        dueBefore.getTime(),
        limit,
      ])
    ).map((r) => ({ questionId: r.question_id, due: new Date(n(r.due)) }));
  }

  async countDue(userKey: string, dueBefore: Date) {
    return n((await this.db.one<{ n: string }>('SELECT COUNT(*) AS n FROM review_cards WHERE user_key = $1 AND due < $2', [userKey, dueBefore.getTime()]))?.n);
  }

  async setLastShown(userKey: string, channelKey: string, questionId: string, at: Date, source?: string) {
    await this.db.run(
      `INSERT INTO last_shown (user_key, channel_key, question_id, shown_at, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_key, channel_key) DO UPDATE SET question_id = EXCLUDED.question_id, shown_at = EXCLUDED.shown_at, source = EXCLUDED.source`,
      [userKey, channelKey, questionId, at.toISOString(), source ?? null],
    );
  }

  async getLastShown(userKey: string, channelKey: string) {
    const r = await this.db.one<{ question_id: string; source: string | null; shown_at: string }>(
      'SELECT question_id, source, shown_at FROM last_shown WHERE user_key = $1 AND channel_key = $2',
      [userKey, channelKey],
    );
    return r ? { questionId: r.question_id, source: r.source, at: new Date(r.shown_at) } : null;
  }

  async weekInScope(scope: string, from: LocalDate, to: LocalDate, top: number) {
    const people = await this.db.one<{ n: string }>(
      `SELECT COUNT(DISTINCT a.user_key) AS n FROM attempts a JOIN users u ON u.user_key = a.user_key
       WHERE a.scope = $1 AND a.local_date BETWEEN $2 AND $3 AND u.on_boards = 1`,
      [scope, from, to],
    );
    const missed = await this.db.rows<{ question_id: string; n: string }>(
      `SELECT question_id, COUNT(*) AS n FROM attempts WHERE scope = $1 AND local_date BETWEEN $2 AND $3 AND grade = 'missed'
       GROUP BY question_id ORDER BY n DESC, question_id LIMIT $4`,
      [scope, from, to, top],
    );
    return { people: n(people?.n), missed: missed.map((r) => ({ questionId: r.question_id, count: n(r.n) })) };
  }

  async saveWrittenAnswer(userKey: string, a: WrittenAnswer) {
    await this.db.run(
      `INSERT INTO written_answers (user_key, question_id, text, suggested, written_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_key, question_id) DO UPDATE SET text = EXCLUDED.text, suggested = EXCLUDED.suggested, written_at = EXCLUDED.written_at`,
      [userKey, a.questionId, a.text, a.suggested, a.at.toISOString()],
    );
  }

  async deleteWrittenAnswers(userKey: string) {
    return this.db.run('DELETE FROM written_answers WHERE user_key = $1', [userKey]);
  }

  async writtenAnswers(userKey: string) {
    return (
      await this.db.rows<{ question_id: string; text: string; suggested: Grade; written_at: string }>(
        'SELECT question_id, text, suggested, written_at FROM written_answers WHERE user_key = $1 ORDER BY question_id',
        [userKey],
      )
    ).map((r) => ({ questionId: r.question_id, text: r.text, suggested: r.suggested, at: new Date(r.written_at) }));
  }
}
