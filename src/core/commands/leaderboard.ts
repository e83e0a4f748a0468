import { z } from 'zod';
import { context, heading, paragraph, privateReply } from '../messages.js';
import { plural } from '../text.js';
import { onOff } from './shared.js';
import { defineCommand } from './types.js';

// The board itself lives in usecases/leaderboard.ts (the digest and the Home tab use it too).
import { LEADERBOARD_SIZE, topStreaks } from '../usecases/leaderboard.js';

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
