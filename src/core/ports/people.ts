/** People: who they are, their zone and preferences, their streak and where they practise. */
import type { LocalDate } from '../model.js';
import type { StreakState } from '../streaks.js';

export interface UserRecord {
  userKey: string;
  displayName: string | null;
  /** The zone the person set themselves (`timezone`), IANA spelling. */
  timezone: string | null;
  /** The zone their platform profile reports (Slack users.info tz), when it has one. */
  profileTimezone: string | null;
  remind: boolean;
  /** false: left out of leaderboards and digests (`leaderboard off`). */
  onBoards: boolean;
  /** true: others may see their details with `streak @them` (`share on`). */
  shareDetails: boolean;
  /** true: written answers are kept and exported (`notes on`). */
  keepNotes: boolean;
}

export interface Preferences {
  remind?: boolean;
  onBoards?: boolean;
  shareDetails?: boolean;
  keepNotes?: boolean;
}

export interface BoardRow {
  userKey: string;
  displayName: string | null;
  /** The zone that decides this person's day (own → profile → default applied by the core). */
  timezone: string | null;
  profileTimezone: string | null;
  streak: StreakState;
}

export interface PeopleStore {
  get(userKey: string): Promise<UserRecord | null>;
  /** Creates the person if missing; updates the display name when given. */
  touch(userKey: string, displayName: string | null, at: Date): Promise<void>;
  setTimezone(userKey: string, timezone: string | null): Promise<void>;
  setProfileTimezone(userKey: string, timezone: string | null): Promise<void>;
  setPreferences(userKey: string, prefs: Preferences): Promise<void>;
  addMembership(scope: string, userKey: string): Promise<void>;
  isMember(scope: string, userKey: string): Promise<boolean>;
  getStreak(userKey: string): Promise<StreakState>;
  /** Saves the streak and keeps each membership's copy (the board's index) in step. */
  saveStreak(userKey: string, state: StreakState, at: Date): Promise<void>;
  /**
   * Members of `scope` on the boards whose streak may still be alive on
   * `aliveOn` (a local date: one day of slack either side covers every
   * zone), best first, at most `limit`. The core re-checks each in its zone.
   */
  board(scope: string, aliveOn: LocalDate, limit: number): Promise<BoardRow[]>;
}
