/** People, their preferences, streaks and memberships (the board's index) on SQLite. */
import type Database from 'better-sqlite3';
import { addDays } from '../../core/dates.js';
import type { LocalDate } from '../../core/model.js';
import type { BoardRow, PeopleStore, Preferences, UserRecord } from '../../core/ports/people.js';
import type { StreakState } from '../../core/streaks.js';
import type { Runner } from './gate.js';
import { toStreak, toUser, type StreakRow, type UserRow } from '../rows.js';


/** The last local day a streak can still be alive on (see memberships_board). */
export const aliveUntil = (s: StreakState): LocalDate | null => (s.lastDay ? addDays(s.lastDay, 1 + s.freezes) : null);

export function peopleQueries(db: Database.Database) {
  return {
    get: db.prepare('SELECT user_key, display_name, timezone, profile_timezone, remind, on_boards, share_details, keep_notes FROM users WHERE user_key = ?'),
    // Writes only when the name changed: touched on every action, it must not dirty a page each time.
    touch: db.prepare(
      `INSERT INTO users (user_key, display_name, created_at) VALUES (?, ?, ?)
       ON CONFLICT (user_key) DO UPDATE SET display_name = excluded.display_name
       WHERE excluded.display_name IS NOT NULL AND excluded.display_name IS NOT users.display_name`,
    ),
    setTimezone: db.prepare('UPDATE users SET timezone = ? WHERE user_key = ?'),
    setProfileTimezone: db.prepare('UPDATE users SET profile_timezone = ? WHERE user_key = ?'),
    setPrefs: db.prepare(
      `UPDATE users SET remind = COALESCE(@remind, remind), on_boards = COALESCE(@onBoards, on_boards),
         share_details = COALESCE(@shareDetails, share_details), keep_notes = COALESCE(@keepNotes, keep_notes)
       WHERE user_key = @userKey`,
    ),
    addMembership: db.prepare(
      `INSERT OR IGNORE INTO memberships (scope, user_key, current, total_days, last_day, freezes, alive_until)
       SELECT ?, u.user_key, COALESCE(s.current, 0), COALESCE(s.total_days, 0), s.last_day, COALESCE(s.freezes, 0),
         CASE WHEN s.last_day IS NULL THEN NULL ELSE date(s.last_day, '+' || (1 + s.freezes) || ' days') END
       FROM users u LEFT JOIN streaks s ON s.user_key = u.user_key WHERE u.user_key = ?`,
    ),
    isMember: db.prepare('SELECT 1 AS one FROM memberships WHERE scope = ? AND user_key = ?'),
    getStreak: db.prepare('SELECT current, longest, total_days, last_day, freezes FROM streaks WHERE user_key = ?'),
    saveStreak: db.prepare(
      `INSERT INTO streaks (user_key, current, longest, total_days, last_day, freezes, updated_at)
       VALUES (@userKey, @current, @longest, @totalDays, @lastDay, @freezes, @at)
       ON CONFLICT (user_key) DO UPDATE SET current = excluded.current, longest = excluded.longest,
         total_days = excluded.total_days, last_day = excluded.last_day, freezes = excluded.freezes, updated_at = excluded.updated_at`,
    ),
    copyStreak: db.prepare(
      `UPDATE memberships SET current = @current, total_days = @totalDays, last_day = @lastDay, freezes = @freezes, alive_until = @aliveUntil
       WHERE user_key = @userKey`,
    ),
    // One indexed range (scope, alive_until) and a cap: lapsed members never enter the scan.
    board: db.prepare(
      // Rank first on the covering index alone, then join only the capped rows: joining every live member
      // before sorting cost ~25 ms at 10,000 members. People off the boards are dropped after the cap,
      // so the cap is generous (see topStreaks).
      `SELECT m.user_key, u.display_name, u.timezone, u.profile_timezone, s.current, s.longest, s.total_days, s.last_day, s.freezes
       FROM (SELECT user_key, current, total_days FROM memberships WHERE scope = ? AND alive_until >= ?
             ORDER BY current DESC, total_days DESC, user_key LIMIT ?) m
       JOIN users u ON u.user_key = m.user_key JOIN streaks s ON s.user_key = m.user_key
       WHERE u.on_boards = 1
       ORDER BY m.current DESC, m.total_days DESC, m.user_key`,
    ),
  };
}

export class SqlitePeople implements PeopleStore {
  constructor(
    private readonly q: ReturnType<typeof peopleQueries>,
    private readonly run: Runner,
  ) {}

  get(userKey: string) {
    return this.run(() => {
      const r = this.q.get.get(userKey) as UserRow | undefined;
      return r ? toUser(r) : null;
    });
  }

  touch(userKey: string, displayName: string | null, at: Date) {
    return this.run(() => void this.q.touch.run(userKey, displayName, at.toISOString()));
  }

  setTimezone(userKey: string, timezone: string | null) {
    return this.run(() => void this.q.setTimezone.run(timezone, userKey));
  }

  setProfileTimezone(userKey: string, timezone: string | null) {
    return this.run(() => void this.q.setProfileTimezone.run(timezone, userKey));
  }

  setPreferences(userKey: string, p: Preferences) {
    const bit = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
    return this.run(
      () => void this.q.setPrefs.run({ userKey, remind: bit(p.remind), onBoards: bit(p.onBoards), shareDetails: bit(p.shareDetails), keepNotes: bit(p.keepNotes) }),
    );
  }

  addMembership(scope: string, userKey: string) {
    return this.run(() => void this.q.addMembership.run(scope, userKey));
  }

  isMember(scope: string, userKey: string) {
    return this.run(() => this.q.isMember.get(scope, userKey) !== undefined);
  }

  getStreak(userKey: string) {
    return this.run(() => toStreak(this.q.getStreak.get(userKey) as StreakRow | undefined));
  }

  saveStreak(userKey: string, s: StreakState, at: Date) {
    return this.run(() => {
      this.q.saveStreak.run({ userKey, ...s, at: at.toISOString() });
      this.q.copyStreak.run({ userKey, current: s.current, totalDays: s.totalDays, lastDay: s.lastDay, freezes: s.freezes, aliveUntil: aliveUntil(s) });
    });
  }

  board(scope: string, aliveOn: LocalDate, limit: number) {
    // A day of slack: local dates lie within a day of the UTC date everywhere.
    const from = addDays(aliveOn, -1);
    return this.run(() =>
      (this.q.board.all(scope, from, limit) as (StreakRow & { user_key: string; display_name: string | null; timezone: string | null; profile_timezone: string | null })[]).map(
        (r): BoardRow => ({ userKey: r.user_key, displayName: r.display_name, timezone: r.timezone, profileTimezone: r.profile_timezone, streak: toStreak(r) }),
      ),
    );
  }
}
