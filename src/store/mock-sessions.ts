/** Mock-interview sessions and their items (issue 7). */
import type Database from 'better-sqlite3';
import type { Grade } from '../core/model.js';
import type { MockItem, MockSession, MockState } from '../core/learning/store.js';

interface SessionRow {
  id: number;
  user_key: string;
  topic: string | null;
  state: MockState;
}

export class MockSessionQueries {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      abandonActive: db.prepare(
        `UPDATE mock_sessions SET state = 'abandoned', finished_at = ? WHERE user_key = ? AND state = 'active'`,
      ),
      insertSession: db.prepare(
        `INSERT INTO mock_sessions (user_key, topic, state, started_at) VALUES (?, ?, 'active', ?)`,
      ),
      insertItem: db.prepare('INSERT INTO mock_items (session_id, position, question_id) VALUES (?, ?, ?)'),
      session: db.prepare('SELECT id, user_key, topic, state FROM mock_sessions WHERE id = ?'),
      items: db.prepare('SELECT position, question_id, grade FROM mock_items WHERE session_id = ? ORDER BY position'),
      gradeItem: db.prepare(
        'UPDATE mock_items SET grade = ?, graded_at = ? WHERE session_id = ? AND position = ? AND grade IS NULL',
      ),
      finish: db.prepare(
        `UPDATE mock_sessions SET state = 'finished', finished_at = ? WHERE id = ? AND state = 'active'`,
      ),
    };
  }

  start(userKey: string, topic: string | null, questionIds: readonly string[], at: Date): MockSession {
    const iso = at.toISOString();
    // The caller's transaction (if any) is joined; alone, this is one atomic change.
    const run = () => {
      this.q.abandonActive.run(iso, userKey);
      const id = Number(this.q.insertSession.run(userKey, topic, iso).lastInsertRowid);
      questionIds.forEach((qid, position) => this.q.insertItem.run(id, position, qid));
      return this.get(id)!;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run).immediate();
  }

  get(id: number): MockSession | null {
    const s = this.q.session.get(id) as SessionRow | undefined;
    if (!s) return null;
    const items = (this.q.items.all(id) as { position: number; question_id: string; grade: Grade | null }[]).map(
      (r): MockItem => ({ position: r.position, questionId: r.question_id, grade: r.grade }),
    );
    return { id: s.id, userKey: s.user_key, topic: s.topic, state: s.state, items };
  }

  gradeItem(sessionId: number, position: number, grade: Grade, at: Date): boolean {
    return this.q.gradeItem.run(grade, at.toISOString(), sessionId, position).changes === 1;
  }

  finish(id: number, at: Date): void {
    this.q.finish.run(at.toISOString(), id);
  }
}
