import { z } from 'zod';
import type { CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import { context, heading, paragraph, privateReply } from '../messages.js';
import { currentStreak } from '../streaks.js';
import { plural } from '../text.js';
import { zoneFrom } from '../usecases/zone.js';
import { onOff } from './shared.js';
import { defineCommand } from './types.js';
import type { BoardEntry } from '../boards.js';

export { BoardCache, type BoardEntry } from '../boards.js';

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

const FORM = 'Say `leaderboard` to see it, or `leaderboard off` / `leaderboard on` to leave or join the boards and digests.';

export const leaderboardCommand = defineCommand({
  name: 'leaderboard',
  summary: 'Top current streaks here; `leaderboard off` keeps you off boards and digests.',
  usage: 'leaderboard [on|off]',
  options: [{ name: 'show_me', description: 'on or off: appear on boards and digests (default: just show the board)', type: 'string', choices: ['on', 'off'] }],
  schema: z.object({ show_me: z.string().max(10).optional() }),
  async run(input, ctx) {
    const setting = onOff(input.show_me, FORM);
    if (setting !== undefined) {
      await ctx.deps.store.people.touch(ctx.actor.userKey, ctx.actor.displayName, ctx.deps.clock.now());
      await ctx.deps.store.people.setPreferences(ctx.actor.userKey, { onBoards: setting });
      ctx.deps.boards.clear();
      const text = setting
        ? 'You are on the leaderboards and weekly digests again.'
        : 'You are off the leaderboards and weekly digests. Your streak still counts for you.';
      return privateReply(text, [paragraph(text)]);
    }
    const rows = await topStreaks(ctx.deps, ctx.scope);
    if (rows.length === 0) {
      return privateReply('No streaks yet.', [heading('Leaderboard'), paragraph('No one here has a streak yet. Grade a question to start one!')]);
    }
    const medals = ['🥇', '🥈', '🥉'];
    const lines = rows.map((r, i) => `${medals[i] ?? `${i + 1}.`} ${r.name} — 🔥 ${r.current} (${plural(r.totalDays, 'day')} practised)`);
    return privateReply(`Leaderboard: ${lines[0]}`, [
      heading('Leaderboard'),
      paragraph(lines.join('\n')),
      context(`Ranked by current streak, ties by days practised. Updated within the last minute. \`leaderboard off\` keeps you off it.`),
    ]);
  },
});
