/** "⚑ Report a problem" with a question: stored with the bank's version, at most a few a day per person. */
import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import { paragraph, privateReply, type Reply } from '../messages.js';
import type { Question } from '../model.js';

export const MAX_REPORT = 1000;
export const REPORTS_PER_DAY = 5;

export async function fileReport(ctx: CommandContext, q: Question, raw: string | undefined): Promise<Reply> {
  const text = (raw ?? '').trim();
  if (text.length < 5) throw new UserError('Say in a few words what is wrong (for example: "the limit is 10 GB, not 5 GB, since 2025").');
  if (text.length > MAX_REPORT) throw new UserError(`That report is ${text.length} characters; at most ${MAX_REPORT}.`);
  const { store, clock, bank } = ctx.deps;
  const now = clock.now();
  const made = await store.reports.countBy(ctx.actor.userKey, new Date(now.getTime() - 86_400_000));
  if (made >= REPORTS_PER_DAY) throw new UserError(`You sent ${REPORTS_PER_DAY} reports in the last 24 hours, the most I take in a day. Thank you — please try again tomorrow.`);
  await store.people.touch(ctx.actor.userKey, ctx.actor.displayName, now);
  await store.reports.add({ questionId: q.id, bankVersion: bank.version, reporter: ctx.actor.userKey, scope: ctx.scope, text, at: now });
  const thanks = `Thank you — your report about \`${q.id}\` was recorded for the maintainers. Until it is checked, the answer stays as it is.`;
  return privateReply(thanks, [paragraph(`🙏 ${thanks}`)]);
}
