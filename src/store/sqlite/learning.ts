/** Review-reminder claims and mock-interview sessions on SQLite. */
import type Database from 'better-sqlite3';
import type { Grade, LocalDate } from '../../core/model.js';
import type { MockItem, MockSession, MockState, MockStore, ReminderCandidate, ReminderStore } from '../../core/ports/learning.js';
import type { Runner } from './gate.js';
import { clip } from '../rows.js';

export function learningQueries(db: Database.Database) {
  return {
    // `remind = 1` matches the partial index users_reminded: only opted-in people are read.
    candidates: db.prepare(
      `SELECT u.user_key, u.timezone, u.profile_timezone,
         (SELECT MAX(n.local_date) FROM nudges n WHERE n.user_key = u.user_key) AS last_nudged_on
       FROM users u WHERE u.remind = 1 ORDER BY u.user_key`,
    ),
    claim: db.prepare(
      `INSERT INTO nudges (user_key, local_date, due_count, state, claimed_at) VALUES (?, ?, ?, 'claimed', ?)
       ON CONFLICT (user_key, local_date) DO NOTHING`,
    ),
    finish: db.prepare(`UPDATE nudges SET state = ?, detail = ?, finished_at = ? WHERE user_key = ? AND local_date = ? AND state = 'claimed'`),
    abandonActive: db.prepare(`UPDATE mock_sessions SET state = 'abandoned', finished_at = ? WHERE user_key = ? AND state = 'active'`),
    insertSession: db.prepare(`INSERT INTO mock_sessions (user_key, topic, state, started_at) VALUES (?, ?, 'active', ?)`),
    insertItem: db.prepare('INSERT INTO mock_items (session_id, position, question_id) VALUES (?, ?, ?)'),
    session: db.prepare('SELECT id, user_key, topic, state FROM mock_sessions WHERE id = ?'),
    items: db.prepare('SELECT position, question_id, grade FROM mock_items WHERE session_id = ? ORDER BY position'),
    gradeItem: db.prepare('UPDATE mock_items SET grade = ?, graded_at = ? WHERE session_id = ? AND position = ? AND grade IS NULL'),
    finishSession: db.prepare(`UPDATE mock_sessions SET state = 'finished', finished_at = ? WHERE id = ? AND state = 'active'`),
    prune: db.prepare(`DELETE FROM mock_sessions WHERE state <> 'active' AND finished_at < ?`),
  };
}

export class SqliteReminders implements ReminderStore {
  constructor(
    private readonly q: ReturnType<typeof learningQueries>,
    private readonly run: Runner,
  ) {}

  candidates() {
    return this.run(() =>
      (this.q.candidates.all() as { user_key: string; timezone: string | null; profile_timezone: string | null; last_nudged_on: string | null }[]).map(
        (r): ReminderCandidate => ({ userKey: r.user_key, timezone: r.timezone, profileTimezone: r.profile_timezone, lastNudgedOn: r.last_nudged_on }),
      ),
    );
  }

  claim(userKey: string, localDate: LocalDate, dueCount: number, at: Date) {
    return this.run(() => this.q.claim.run(userKey, localDate, dueCount, at.toISOString()).changes === 1);
  }

  finish(userKey: string, localDate: LocalDate, state: 'sent' | 'failed', detail: string | null, at: Date) {
    return this.run(() => void this.q.finish.run(state, detail === null ? null : clip(detail), at.toISOString(), userKey, localDate));
  }
}

export class SqliteMocks implements MockStore {
  constructor(
    private readonly db: Database.Database,
    private readonly q: ReturnType<typeof learningQueries>,
    private readonly run: Runner,
  ) {}

  private read(id: number): MockSession | null {
    const s = this.q.session.get(id) as { id: number; user_key: string; topic: string | null; state: MockState } | undefined;
    if (!s) return null;
    const items = (this.q.items.all(id) as { position: number; question_id: string; grade: Grade | null }[]).map(
      (r): MockItem => ({ position: r.position, questionId: r.question_id, grade: r.grade }),
    );
    return { id: s.id, userKey: s.user_key, topic: s.topic, state: s.state, items };
  }

  start(userKey: string, topic: string | null, questionIds: readonly string[], at: Date) {
    return this.run(() => {
      const iso = at.toISOString();
      const go = () => {
        this.q.abandonActive.run(iso, userKey);
        const id = Number(this.q.insertSession.run(userKey, topic, iso).lastInsertRowid);
        questionIds.forEach((qid, position) => this.q.insertItem.run(id, position, qid));
        return this.read(id)!;
      };
      return this.db.inTransaction ? go() : this.db.transaction(go).immediate();
    });
  }

  get(id: number) {
    return this.run(() => this.read(id));
  }

  gradeItem(sessionId: number, position: number, grade: Grade, at: Date) {
    return this.run(() => this.q.gradeItem.run(grade, at.toISOString(), sessionId, position).changes === 1);
  }

  finish(id: number, at: Date) {
    return this.run(() => void this.q.finishSession.run(at.toISOString(), id));
  }

  prune(before: Date) {
    return this.run(() => this.q.prune.run(before.toISOString()).changes);
  }
}
