/** People, preferences, streaks and memberships on PostgreSQL (same rules as sqlite/people.ts). */
import { addDays } from '../../core/dates.js';
import type { LocalDate } from '../../core/model.js';
import type { BoardRow, PeopleStore, Preferences } from '../../core/ports/people.js';
import type { StreakState } from '../../core/streaks.js';
import { toStreak, toUser, type StreakRow, type UserRow } from '../rows.js';
import type { Db } from './db.js';

const aliveUntil = (s: StreakState): LocalDate | null => (s.lastDay ? addDays(s.lastDay, 1 + s.freezes) : null);

export class PgPeople implements PeopleStore {
  constructor(private readonly db: Db) {}

  async get(userKey: string) {
    const r = await this.db.one<UserRow>('SELECT * FROM users WHERE user_key = $1', [userKey]);
    return r ? toUser(r) : null;
  }

  /**
   * Touched on every action, so it must not write when nothing changed: an
   * ON CONFLICT DO UPDATE … WHERE locks the row (and writes WAL) even when its
   * WHERE is false, turning every command into a write. Insert-if-absent, then
   * update only a changed name.
   */
  async touch(userKey: string, displayName: string | null, at: Date) {
    await this.db.run('INSERT INTO users (user_key, display_name, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_key) DO NOTHING', [userKey, displayName, at.toISOString()]);
    if (displayName !== null) {
      await this.db.run('UPDATE users SET display_name = $2 WHERE user_key = $1 AND display_name IS DISTINCT FROM $2', [userKey, displayName]);
    }
  }

  async setTimezone(userKey: string, timezone: string | null) {
    await this.db.run('UPDATE users SET timezone = $1 WHERE user_key = $2', [timezone, userKey]);
  }

  async setProfileTimezone(userKey: string, timezone: string | null) {
    await this.db.run('UPDATE users SET profile_timezone = $1 WHERE user_key = $2', [timezone, userKey]);
  }

  async setPreferences(userKey: string, p: Preferences) {
    const bit = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
    await this.db.run(
      `UPDATE users SET remind = COALESCE($2, remind), on_boards = COALESCE($3, on_boards),
         share_details = COALESCE($4, share_details), keep_notes = COALESCE($5, keep_notes) WHERE user_key = $1`,
      [userKey, bit(p.remind), bit(p.onBoards), bit(p.shareDetails), bit(p.keepNotes)],
    );
  }

  async addMembership(scope: string, userKey: string) {
    await this.db.run(
      `INSERT INTO memberships (scope, user_key, current, total_days, last_day, freezes, alive_until)
       SELECT $1, u.user_key, COALESCE(s.current, 0), COALESCE(s.total_days, 0), s.last_day, COALESCE(s.freezes, 0),
         CASE WHEN s.last_day IS NULL THEN NULL ELSE to_char(s.last_day::date + (1 + s.freezes), 'YYYY-MM-DD') END
       FROM users u LEFT JOIN streaks s ON s.user_key = u.user_key WHERE u.user_key = $2
       ON CONFLICT (scope, user_key) DO NOTHING`,
      [scope, userKey],
    );
  }

  async isMember(scope: string, userKey: string) {
    return (await this.db.one('SELECT 1 AS one FROM memberships WHERE scope = $1 AND user_key = $2', [scope, userKey])) !== undefined;
  }

  async getStreak(userKey: string) {
    return toStreak(await this.db.one<StreakRow>('SELECT current, longest, total_days, last_day, freezes FROM streaks WHERE user_key = $1', [userKey]));
  }

  async saveStreak(userKey: string, s: StreakState, at: Date) {
    await this.db.run(
      `INSERT INTO streaks (user_key, current, longest, total_days, last_day, freezes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_key) DO UPDATE SET current = EXCLUDED.current, longest = EXCLUDED.longest, total_days = EXCLUDED.total_days,
         last_day = EXCLUDED.last_day, freezes = EXCLUDED.freezes, updated_at = EXCLUDED.updated_at`,
      [userKey, s.current, s.longest, s.totalDays, s.lastDay, s.freezes, at.toISOString()],
    );
    await this.db.run('UPDATE memberships SET current = $2, total_days = $3, last_day = $4, freezes = $5, alive_until = $6 WHERE user_key = $1', [
      userKey,
      s.current,
      s.totalDays,
      s.lastDay,
      s.freezes,
      aliveUntil(s),
    ]);
  }

  async board(scope: string, aliveOn: LocalDate, limit: number) {
    const rows = await this.db.rows<StreakRow & { user_key: string; display_name: string | null; timezone: string | null; profile_timezone: string | null }>(
      // Rank on the memberships index first, then join only the capped rows (as the SQLite store does).
      `SELECT m.user_key, u.display_name, u.timezone, u.profile_timezone, s.current, s.longest, s.total_days, s.last_day, s.freezes
       FROM (SELECT user_key, current, total_days FROM memberships WHERE scope = $1 AND alive_until >= $2
             ORDER BY current DESC, total_days DESC, user_key LIMIT $3) m
       JOIN users u ON u.user_key = m.user_key JOIN streaks s ON s.user_key = m.user_key
       WHERE u.on_boards = 1
       ORDER BY m.current DESC, m.total_days DESC, m.user_key`,
      [scope, addDays(aliveOn, -1), limit],
    );
    return rows.map((r): BoardRow => ({ userKey: r.user_key, displayName: r.display_name, timezone: r.timezone, profileTimezone: r.profile_timezone, streak: toStreak(r) }));
  }
}
