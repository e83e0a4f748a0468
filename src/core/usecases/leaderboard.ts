/** The top live streaks of a workspace/server: for `leaderboard`, the Home tab and the weekly digest. */
import type { BoardEntry } from '../boards.js';
import type { CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import { currentStreak } from '../streaks.js';
import { zoneFrom } from './zone.js';

export const LEADERBOARD_SIZE = 10;
/** Rows read per board: the live filter in the store leaves only people lapsed within a day, so this is plenty. */
const BOARD_CAP = 200;
/** A board is recomputed at most this often per workspace/server. */
export const BOARD_CACHE_MS = 45_000;

/** The top live streaks of a scope, each judged in its person's own zone. Cached briefly per scope. */
export async function topStreaks(deps: CoreDeps, scope: string, size = LEADERBOARD_SIZE, fresh = false): Promise<BoardEntry[]> {
  const now = deps.clock.now();
  const hit = deps.boards.get(scope);
  if (!fresh && hit && now.getTime() - hit.at < BOARD_CACHE_MS) return hit.rows.slice(0, size);
  const rows = await deps.store.people.board(scope, localDate(now, 'UTC'), BOARD_CAP);
  const live = rows
    .map((r) => ({ r, current: currentStreak(r.streak, localDate(now, zoneFrom(r, deps.defaultZone))) }))
    .filter((x) => x.current > 0)
    .sort((a, b) => b.current - a.current || b.r.streak.totalDays - a.r.streak.totalDays || (a.r.userKey < b.r.userKey ? -1 : 1))
    .slice(0, LEADERBOARD_SIZE)
    .map(({ r, current }) => ({ userKey: r.userKey, name: r.displayName ?? r.userKey.split(':').pop()!, current, totalDays: r.streak.totalDays }));
  deps.boards.set(scope, now.getTime(), live);
  return live.slice(0, size);
}
