/**
 * A subscribe that checks itself: before a schedule is saved, the platform
 * says whether the bot can post here (and open threads), and anything
 * missing is named with where to grant it. `subscribe … test` posts a
 * preview now, which does not count as the day's post.
 */
import { questionCard } from '../cards.js';
import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import type { Level } from '../model.js';
import { pickSeeded } from '../rotation.js';

export async function checkChannelAccess(ctx: CommandContext, needs: { threads: boolean }): Promise<string[]> {
  const port = ctx.deps.chat.get(ctx.platform.id);
  if (!port?.checkAccess || !ctx.channelRef) return [];
  const access = await port.checkAccess(ctx.channelRef, { threads: needs.threads && ctx.platform.capabilities.threads, files: false }, ctx.scope);
  if (!access.ok) {
    throw new UserError(`I cannot post here yet, so nothing was saved. Missing: ${access.missing.join('; ')}.`);
  }
  return access.missing;
}

/** Posts a preview question in the channel now; the line to show the admin. */
export async function postPreview(ctx: CommandContext, filter: { topics: string[]; level: Level | null }): Promise<string> {
  const port = ctx.deps.chat.get(ctx.platform.id);
  if (!port) return 'No preview: this platform does not post on a schedule.';
  const pool = ctx.deps.bank.filter(filter).map((q) => q.id);
  const id = pickSeeded(pool.length ? pool : ctx.deps.bank.questions.map((q) => q.id), `preview|${ctx.channelKey}|${ctx.deps.clock.now().getTime()}`);
  const q = id ? ctx.deps.bank.get(id) : undefined;
  if (!q) return 'No preview: the question bank is empty.';
  const reply = questionCard(ctx.deps.bank, q, { title: 'Preview of the daily question (not today’s post)', visibility: 'channel', source: 'd', platform: ctx.platform });
  const outcome = await port.postToChannel(ctx.channelRef, reply, { scope: ctx.scope });
  if (!outcome.ok) throw new UserError(`The preview could not be posted (${outcome.detail}), so nothing was saved.`);
  return '👀 A preview was posted in this channel; it does not count as the day’s post.';
}
