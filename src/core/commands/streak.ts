import { z } from 'zod';
import { context, fields, heading, paragraph, privateReply, codeBlock, type Block } from '../messages.js';
import { UserError } from '../errors.js';
import { gridText, progressFor } from '../usecases/progress.js';
import { streakLine } from '../usecases/outcome.js';
import { userZone } from '../usecases/zone.js';
import { localDate } from '../dates.js';
import { MAX_FREEZES } from '../streaks.js';
import { defineCommand } from './types.js';

export const streakCommand = defineCommand({
  name: 'streak',
  summary: 'Your (or someone’s) streak, totals, accuracy by topic and a 12-week activity grid.',
  usage: 'streak [user]',
  options: [{ name: 'user', description: 'Whose streak (default: yours)', type: 'user' }],
  schema: z.object({ user: z.string().max(120).optional() }),
  run(input, ctx) {
    let userKey = ctx.actor.userKey;
    if (input.user) {
      const resolved = ctx.resolveUser?.(input.user) ?? null;
      if (!resolved) throw new UserError(`I could not tell who "${input.user.slice(0, 40)}" is. Mention them, e.g. \`streak @alex\`.`);
      userKey = resolved;
    }
    const own = userKey === ctx.actor.userKey;
    const zone = userZone(ctx.deps, userKey, ctx.channelKey);
    const p = progressFor(ctx.deps, userKey, localDate(ctx.deps.clock.now(), zone), zone);
    const who = own ? 'Your progress' : `Progress of ${ctx.deps.store.getUser(userKey)?.displayName ?? 'that user'}`;
    const blocks: Block[] = [
      heading(who),
      paragraph(streakLine(p.current, p.streak.longest)),
      fields([
        { label: 'Current streak', value: `${p.current} day${p.current === 1 ? '' : 's'}` },
        { label: 'Longest streak', value: `${p.streak.longest} day${p.streak.longest === 1 ? '' : 's'}` },
        { label: 'Days practised', value: String(p.streak.totalDays) },
        { label: 'Questions graded', value: String(p.attempts) },
        { label: 'Streak freezes', value: `${p.streak.freezes} 🧊 (max ${MAX_FREEZES})` },
        // Someone else's queue is theirs to see.
        ...(own ? [{ label: 'Reviews due today', value: String(p.dueReviews) }] : []),
      ]),
    ];
    if (p.bridgedDays > 0) {
      const missed = p.bridgedDays === 1 ? 'the missed day' : `${p.bridgedDays} missed days`;
      const spends = p.bridgedDays === 1 ? 'one freeze' : `${p.bridgedDays} freezes`;
      blocks.push(context(`🧊 Streak freezes are covering ${missed}: practise today to keep the ${p.current}-day streak (it spends ${spends}).`));
    }
    if (own && p.dueReviews > 0) blocks.push(context(`🔁 ${p.dueReviews} review${p.dueReviews === 1 ? '' : 's'} due today — type \`review\`.`));
    if (p.topics.length > 0) {
      const lines = p.topics.map(
        (t) => `${t.title}: ${Math.round(t.accuracy * 100)}% (${t.knew} knew · ${t.partly} partly · ${t.missed} missed)`,
      );
      blocks.push(paragraph('Accuracy by topic, weakest first:\n' + lines.join('\n')));
    }
    blocks.push(codeBlock(gridText(p.grid)));
    blocks.push(context('Last 12 weeks: 🟩 practised · ⬛ missed · ⬜ still to come'));
    return privateReply(`${who}: ${streakLine(p.current, p.streak.longest)}`, blocks);
  },
});
