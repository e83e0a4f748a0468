/**
 * People's data is theirs: `mydata` hands over everything stored about the
 * learner (every linked identity) as a JSON file; `forget-me` (confirmed)
 * erases it all in one transaction and says what was deleted.
 */
import { encodeAction } from '../actions.js';
import { say, type CommandContext } from '../context.js';
import { actions, context, heading, paragraph, privateReply, type Reply } from '../messages.js';
import { plural } from '../text.js';

export async function exportMine(ctx: CommandContext): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const keys = await store.identities.identitiesOf(ctx.actor.userKey);
  const tables = await store.privacy.exportAll(keys);
  const rows = Object.values(tables).reduce((n, t) => n + t.length, 0);
  const data = { exportedAt: clock.now().toISOString(), learner: ctx.actor.userKey, identities: keys, tables };
  const filename = `aws-bot-my-data-${clock.now().toISOString().slice(0, 10)}.json`;
  const text = `Everything stored about you: ${plural(rows, 'row')} from ${plural(Object.values(tables).filter((t) => t.length > 0).length, 'table')}, in ${filename}.`;
  return {
    ...privateReply(text, [heading('Your data'), paragraph(text), context(`${say(ctx, 'forget-me')} erases all of it. What is stored and why: docs/privacy.md.`)]),
    attachment: { filename, content: JSON.stringify(data, null, 2), mimeType: 'application/json' },
  };
}

export function confirmForget(ctx: CommandContext): Reply {
  const text = 'This erases everything stored about you on every linked identity: grades, streaks, reviews, notes, reports, reminders. It cannot be undone.';
  const blocks = [heading('Erase my data?'), paragraph(text)];
  blocks.push(actions([{ action: encodeAction({ type: 'forget', confirm: true }), label: 'Yes, erase everything', style: 'danger', typed: 'forget-me confirm' }]));
  blocks.push(context(`Or type ${say(ctx, 'forget-me')} confirm. Subscriptions you created stay for the channel, without your name.`));
  return privateReply(text, blocks);
}

/** Runs inside one transaction (the caller's). */
export async function forgetMe(ctx: CommandContext): Promise<Reply> {
  const { store } = ctx.deps;
  const keys = await store.identities.identitiesOf(ctx.actor.userKey);
  const counts = await store.privacy.forget(keys);
  ctx.deps.boards.clear();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const lines = Object.entries(counts).map(([table, n]) => `• ${table.replace(/_/g, ' ')}: ${n}`);
  const text = total === 0 ? 'There was nothing stored about you.' : `Erased ${plural(total, 'row')} about you.`;
  return privateReply(text, [heading('Your data is erased'), paragraph(text), ...(lines.length ? [paragraph(lines.join('\n'))] : []), context('If you use the bot again, it starts from zero.')]);
}
