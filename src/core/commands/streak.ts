import { z } from 'zod';
import { say, type CommandContext } from '../context.js';
import { localDate } from '../dates.js';
import { UserError } from '../errors.js';
import { codeBlock, context, fields, heading, paragraph, privateReply, type Block, type Reply } from '../messages.js';
import { MAX_FREEZES, currentStreak } from '../streaks.js';
import { plural } from '../text.js';
import { streakLine } from '../usecases/outcome.js';
import { gridText, progressFor } from '../usecases/progress.js';
import { zoneFrom } from '../usecases/zone.js';
import { defineCommand } from './types.js';

/** What anyone in the workspace may see of someone who is on the boards: what the leaderboard shows. */
async function publicView(ctx: CommandContext, userKey: string, name: string): Promise<Reply> {
  const user = await ctx.deps.store.people.get(userKey);
  const today = localDate(ctx.deps.clock.now(), zoneFrom(user, ctx.deps.defaultZone));
  const s = await ctx.deps.store.people.getStreak(userKey);
  const current = currentStreak(s, today);
  const text = `${name}: ${streakLine(current, s.longest)}, ${plural(s.totalDays, 'day')} practised.`;
  return privateReply(text, [
    heading(`Progress of ${name}`),
    paragraph(text),
    context('Details (accuracy by topic, activity) stay private unless they turn `share on`.'),
  ]);
}

export const streakCommand = defineCommand({
  name: 'streak',
  summary: 'Your streak, totals, accuracy by topic and a 12-week activity grid (of someone else: what the leaderboard shows).',
  usage: 'streak [user]',
  options: [{ name: 'user', description: 'Whose streak (default: yours)', type: 'user' }],
  schema: z.object({ user: z.string().max(120, { message: 'Mention one person, e.g. `streak @alex`.' }).optional() }),
  async run(input, ctx) {
    let userKey = ctx.actor.userKey;
    if (input.user) {
      const resolved = ctx.platform.parseMention?.(input.user, { scope: ctx.scope, channelKey: ctx.channelKey, channelRef: ctx.channelRef }) ?? null;
      if (!resolved) throw new UserError(`I could not tell who "${input.user.slice(0, 40)}" is. Mention them, e.g. \`streak @alex\`.`);
      userKey = resolved;
    }
    const own = userKey === ctx.actor.userKey;
    const user = await ctx.deps.store.people.get(userKey);
    if (!own) {
      // Someone else: only within this workspace/server, only what they agreed to show.
      const member = user && (await ctx.deps.store.people.isMember(ctx.scope, userKey));
      if (!member) throw new UserError('I have no practice from that person here.');
      const name = user.displayName ?? 'that person';
      // `leaderboard off` hides a person from others entirely; `share on` adds details only for people on the boards.
      if (!user.onBoards) throw new UserError(`${name} keeps their practice private.`);
      if (!user.shareDetails) return publicView(ctx, userKey, name);
    }
    const zone = zoneFrom(user, ctx.deps.defaultZone);
    const p = await progressFor(ctx.deps, userKey, localDate(ctx.deps.clock.now(), zone), zone);
    const who = own ? 'Your progress' : `Progress of ${user?.displayName ?? 'that person'}`;
    const blocks: Block[] = [
      heading(who),
      paragraph(streakLine(p.current, p.streak.longest)),
      fields([
        { label: 'Current streak', value: plural(p.current, 'day') },
        { label: 'Longest streak', value: plural(p.streak.longest, 'day') },
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
    if (own && p.dueReviews > 0) blocks.push(context(`🔁 ${plural(p.dueReviews, 'review')} due today — type ${say(ctx, 'review')}.`));
    if (p.topics.length > 0) {
      const lines = p.topics.map((t) => `${t.title}: ${Math.round(t.accuracy * 100)}% (${t.knew} knew · ${t.partly} partly · ${t.missed} missed)`);
      blocks.push(paragraph('Accuracy by topic, weakest first:\n' + lines.join('\n')));
    }
    blocks.push(codeBlock(gridText(p.grid)));
    blocks.push(context('Last 12 weeks: 🟩 practised · ⬛ missed · ⬜ still to come'));
    return privateReply(`${who}: ${streakLine(p.current, p.streak.longest)}`, blocks);
  },
});
