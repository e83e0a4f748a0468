/**
 * The weekly digest of a channel: last week's number of people who practised
 * (in this workspace/server), the top current streaks, the most-missed
 * question with a button to practise it, and streak milestones. People who
 * set `leaderboard off` appear nowhere in it.
 */
import { encodeAction } from '../actions.js';
import { topStreaks } from './leaderboard.js';
import type { CoreDeps } from '../context.js';
import { addDays, localDate, weekdayOf } from '../dates.js';
import { actions, bold, channelReply, context, heading, paragraph, type Block, type Reply } from '../messages.js';
import type { LocalDate, Subscription } from '../model.js';
import { plural } from '../text.js';

const MILESTONES = [365, 100, 50, 30, 14, 7];

/** The Monday of the local week containing `date`: a digest's period. */
export const weekStart = (date: LocalDate): LocalDate => addDays(date, 1 - weekdayOf(date));

export async function digestReply(deps: CoreDeps, sub: Subscription, now: Date): Promise<Reply> {
  const thisWeek = weekStart(localDate(now, sub.timezone));
  const from = addDays(thisWeek, -7);
  const to = addDays(thisWeek, -1);
  const week = await deps.store.practice.weekInScope(sub.scope, from, to, 1);
  const top = await topStreaks(deps, sub.scope, 5, true);
  const blocks: Block[] = [heading(`Last week in practice (${from} – ${to})`)];
  blocks.push(paragraph(week.people === 0 ? 'Nobody practised last week — this week is a fresh start.' : `👥 ${plural(week.people, 'person', 'people')} practised.`));
  if (top.length > 0) {
    const medals = ['🥇', '🥈', '🥉'];
    blocks.push(paragraph(bold('Top streaks'), '\n' + top.map((r, i) => `${medals[i] ?? `${i + 1}.`} ${r.name} — 🔥 ${r.current}`).join('\n')));
    const reached = top.flatMap((r) => {
      const m = MILESTONES.find((x) => r.current >= x);
      return m ? [`${r.name} (${m}+ days)`] : [];
    });
    if (reached.length > 0) blocks.push(paragraph(bold('Milestones: '), reached.join(', ')));
  }
  const missed = week.missed[0];
  const q = missed ? deps.bank.get(missed.questionId) : undefined;
  if (q && missed) {
    blocks.push(paragraph(bold('Most missed: '), q.question), context(`${plural(missed.count, 'person', 'people')} marked it "didn't know".`));
    blocks.push(actions([{ action: encodeAction({ type: 'practise', questionId: q.id }), label: 'Practise it', style: 'primary', typed: `answer ${q.id}` }]));
  }
  blocks.push(context('People who set `leaderboard off` are not shown. The digest comes once a week; an admin changes it with `digest`.'));
  return channelReply(`Last week: ${plural(week.people, 'person', 'people')} practised.`, blocks);
}
