/** Review-reminder opt-in and the once-per-local-day nudge record (issue 7). */
import type Database from 'better-sqlite3';
import type { LocalDate } from '../core/model.js';
import type { ReminderCandidate } from '../core/learning/store.js';

export class NudgeQueries {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      setRemind: db.prepare('UPDATE users SET remind = ? WHERE user_key = ?'),
      // `remind = 1` matches the partial index users_reminded: only opted-in users are read.
      candidates: db.prepare(
        `SELECT u.user_key, u.timezone,
           (SELECT MAX(n.local_date) FROM nudges n WHERE n.user_key = u.user_key) AS last_nudged_on
         FROM users u WHERE u.remind = 1 ORDER BY u.user_key`,
      ),
      claim: db.prepare(
        `INSERT INTO nudges (user_key, local_date, due_count, state, claimed_at) VALUES (?, ?, ?, 'claimed', ?)
         ON CONFLICT (user_key, local_date) DO NOTHING`,
      ),
      finish: db.prepare(
        `UPDATE nudges SET state = ?, detail = ?, finished_at = ? WHERE user_key = ? AND local_date = ? AND state = 'claimed'`,
      ),
    };
  }

  setRemind(userKey: string, on: boolean): void {
    this.q.setRemind.run(on ? 1 : 0, userKey);
  }

  candidates(): ReminderCandidate[] {
    const rows = this.q.candidates.all() as { user_key: string; timezone: string | null; last_nudged_on: string | null }[];
    return rows.map((r) => ({ userKey: r.user_key, timezone: r.timezone, lastNudgedOn: r.last_nudged_on }));
  }

  claim(userKey: string, localDate: LocalDate, dueCount: number, at: Date): boolean {
    return this.q.claim.run(userKey, localDate, dueCount, at.toISOString()).changes === 1;
  }

  finish(userKey: string, localDate: LocalDate, state: 'sent' | 'failed', detail: string | null, at: Date): void {
    const clipped = detail && detail.length > 500 ? `${detail.slice(0, 497)}...` : detail;
    this.q.finish.run(state, clipped, at.toISOString(), userKey, localDate);
  }
}
