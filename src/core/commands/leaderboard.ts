import { z } from 'zod';
import { addDays, localDate } from '../dates.js';
import { context, heading, paragraph, privateReply } from '../messages.js';
import type { LocalDate } from '../model.js';
import type { LeaderboardRow, Store } from '../ports.js';
import { currentStreak } from '../streaks.js';
import { defineCommand } from './types.js';

export const LEADERBOARD_SIZE = 10;
const PAGE = LEADERBOARD_SIZE * 3;

/**
 * Rows whose streak is still alive in each user's own zone, page by page in
 * stored-rank order: a lapsed user's stored streak can outrank live ones, so
 * pages continue until the live rows fill the board (or the scope runs out).
 * A live row's streak is its stored one (a lapsed row's reads 0), so the first
 * LEADERBOARD_SIZE live rows in stored-rank order are exactly the board's top.
 */
function liveRows(store: Store, scope: string, minLastDay: LocalDate, now: Date) {
  const live: (LeaderboardRow & { current: number })[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = store.leaderboard(scope, minLastDay, PAGE, offset);
    for (const r of page) {
      const current = currentStreak(r.streak, localDate(now, r.timezone ?? 'UTC'));
      if (current > 0) live.push({ ...r, current });
    }
    if (page.length < PAGE || live.length >= LEADERBOARD_SIZE) return live;
  }
}

export const leaderboardCommand = defineCommand({
  name: 'leaderboard',
  summary: 'Top current streaks in this workspace / server (ties broken by days practised).',
  usage: 'leaderboard',
  options: [],
  schema: z.object({}),
  run(_input, ctx) {
    const { store, clock } = ctx.deps;
    const now = clock.now();
    // Zones run from UTC-12 to UTC+14, so anyone whose last day is older than
    // two UTC days ago has lost their streak unless freezes cover it; the store
    // pre-filters with a generous margin and each row is re-checked in its zone.
    const minLastDay = addDays(localDate(now, 'UTC'), -4);
    const rows = liveRows(store, ctx.scope, minLastDay, now)
      .sort((a, b) => b.current - a.current || b.streak.totalDays - a.streak.totalDays)
      .slice(0, LEADERBOARD_SIZE);
    if (rows.length === 0) {
      return privateReply('No streaks yet.', [
        heading('Leaderboard'),
        paragraph('No one here has a streak yet. Grade a question to start one!'),
      ]);
    }
    const medals = ['🥇', '🥈', '🥉'];
    const lines = rows.map(
      (r, i) =>
        `${medals[i] ?? `${i + 1}.`} ${r.displayName ?? r.userKey.split(':').pop()} — 🔥 ${r.current} (${r.streak.totalDays} days practised)`,
    );
    return privateReply(`Leaderboard: ${lines[0]}`, [
      heading('Leaderboard'),
      paragraph(lines.join('\n')),
      context('Ranked by current streak, ties by days practised.'),
    ]);
  },
});
