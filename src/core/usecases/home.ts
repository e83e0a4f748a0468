/**
 * The home view: the same progress as `streak` (current streak, totals,
 * weakest topics, due reviews, the 12-week grid), as neutral blocks. Slack
 * shows it as the App Home tab; the console prints it when it starts.
 */
import { questionCard } from '../cards.js';
import { say, type CommandContext } from '../context.js';
import { localDate } from '../dates.js';
import { bold, codeBlock, context, fields, heading, paragraph, privateReply, type Block, type Reply } from '../messages.js';
import { plural } from '../text.js';
import { todaysQuestionForChannel } from './daily.js';
import { streakLine } from './outcome.js';
import { gridText, progressFor } from './progress.js';
import { reviewGreeting } from './remind.js';
import { dueReviewList } from './review.js';
import { zoneFrom } from './zone.js';

const WEAKEST_SHOWN = 3;
const REVIEWS_SHOWN = 10;

export async function homeView(ctx: CommandContext): Promise<Reply> {
  const { deps } = ctx;
  const user = await deps.store.people.get(ctx.actor.userKey);
  const zone = zoneFrom(user, deps.defaultZone);
  const p = await progressFor(deps, ctx.actor.userKey, localDate(deps.clock.now(), zone), zone);
  const blocks: Block[] = [heading('Your AWS interview practice'), paragraph(bold(streakLine(p.current, p.streak.longest)))];
  if (p.attempts > 0) {
    blocks.push(
      fields([
        { label: 'Current streak', value: plural(p.current, 'day') },
        { label: 'Longest streak', value: plural(p.streak.longest, 'day') },
        { label: 'Days practised', value: String(p.streak.totalDays) },
        { label: 'Questions graded', value: String(p.attempts) },
        { label: 'Streak freezes', value: `${p.streak.freezes} 🧊` },
      ]),
    );
    const weakest = p.topics.slice(0, WEAKEST_SHOWN);
    if (weakest.length > 0) {
      const lines = weakest.map((t) => `• ${t.title}: ${Math.round(t.accuracy * 100)}% (${t.knew} knew · ${t.partly} partly · ${t.missed} missed)`);
      blocks.push(paragraph(bold('Weakest topics'), '\n' + lines.join('\n')));
    }
  }
  const due = await dueReviewList(deps, ctx.actor.userKey);
  if (due.length > 0) {
    const lines = due.slice(0, REVIEWS_SHOWN).map((r) => `• ${r.question} (id ${r.questionId})`);
    if (due.length > REVIEWS_SHOWN) lines.push(`… and ${due.length - REVIEWS_SHOWN} more`);
    blocks.push(paragraph(bold(`Due reviews (${due.length})`), '\n' + lines.join('\n')), context(`${say(ctx, 'review')} goes through them.`));
  } else if (p.attempts > 0) {
    blocks.push(paragraph(bold('Due reviews'), '\nNothing due — nice.'));
  }
  // Without direct messages (the console) the day's review reminder is a line here, claimed once a day.
  if (!ctx.platform.capabilities.dm) for (const line of await reviewGreeting(deps, ctx.actor.userKey)) blocks.push(context(line));
  if (p.attempts > 0) blocks.push(codeBlock(gridText(p.grid)), context('Last 12 weeks: 🟩 practised · ⬛ missed · ⬜ still to come'));
  // Where the home has a channel (the console), today's question comes with it.
  if (ctx.channelRef) {
    const today = await todaysQuestionForChannel(deps, ctx.channelKey);
    if (today) {
      await deps.store.people.touch(ctx.actor.userKey, ctx.actor.displayName, deps.clock.now());
      await deps.store.practice.setLastShown(ctx.actor.userKey, ctx.channelKey, today.id, deps.clock.now(), 'd');
      blocks.push(...questionCard(deps.bank, today, { title: "Today's question", visibility: 'private', platform: ctx.platform }).blocks);
    }
  }
  blocks.push(context(`Practise with ${say(ctx, 'question')}; ${say(ctx, 'help')} lists every command. Your data: ${say(ctx, 'mydata')} · docs/privacy.md`));
  return privateReply(streakLine(p.current, p.streak.longest), blocks);
}
