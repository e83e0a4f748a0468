import { z } from 'zod';
import { context, fields, heading, paragraph, privateReply, codeBlock, type Block } from '../messages.js';
import { UserError } from '../errors.js';
import { gridText, progressFor } from '../usecases/progress.js';
import { streakLine } from '../usecases/outcome.js';
import { userToday } from '../usecases/zone.js';
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
    const today = userToday(ctx.deps, userKey, ctx.channelKey);
    const p = progressFor(ctx.deps, userKey, today);
    const who = own ? 'Your progress' : `Progress of ${ctx.deps.store.getUser(userKey)?.displayName ?? 'that user'}`;
    const blocks: Block[] = [
      heading(who),
      paragraph(streakLine(p.current, p.streak.longest)),
      fields([
        { label: 'Current streak', value: `${p.current} day${p.current === 1 ? '' : 's'}` },
        { label: 'Longest streak', value: `${p.streak.longest} day${p.streak.longest === 1 ? '' : 's'}` },
        { label: 'Days practised', value: String(p.streak.totalDays) },
        { label: 'Questions graded', value: String(p.attempts) },
        { label: 'Streak freezes', value: `${p.streak.freezes} 🧊` },
      ]),
    ];
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
