import { z } from 'zod';
import { localDate } from '../dates.js';
import { UserError } from '../errors.js';
import { paragraph, privateReply } from '../messages.js';
import { isCalendarDate } from './pause.js';
import { defineCommand } from './types.js';

const FORM = 'Say `skip 2026-12-25,2026-12-31` (those days get no post; they are never caught up), or `skip none` to clear.';
const MAX_SKIPS = 30;

export const skipCommand = defineCommand({
  name: 'skip',
  summary: 'Skip posts on given local dates (holidays); `skip none` clears the list.',
  usage: 'skip <YYYY-MM-DD>[,<YYYY-MM-DD>…] | none',
  adminOnly: true,
  options: [{ name: 'dates', description: 'Comma-separated dates, e.g. 2026-12-25,2026-12-31, or none', type: 'string', required: true }],
  parseText(words) {
    if (words.length === 0) throw new UserError(FORM);
    return { dates: words.join(',') };
  },
  schema: z.object({ dates: z.string({ message: FORM }).max(400, { message: `At most ${MAX_SKIPS} dates. ${FORM}` }) }),
  async run(input, ctx) {
    const { store, clock } = ctx.deps;
    const sub = await store.channels.getSubscription(ctx.channelKey);
    if (!sub) throw new UserError('This channel has no daily question.');
    const now = clock.now();
    const today = localDate(now, sub.timezone);
    let dates: string[] = [];
    if (input.dates.trim().toLowerCase() !== 'none') {
      dates = [...new Set(input.dates.split(',').map((d) => d.trim()).filter(Boolean))].sort();
      const bad = dates.find((d) => !isCalendarDate(d));
      if (bad) throw new UserError(`"${bad.slice(0, 20)}" is not a date like 2026-12-25. ${FORM}`);
      const past = dates.find((d) => d < today);
      if (past) throw new UserError(`${past} is in the past (today is ${today} in ${sub.timezone}). ${FORM}`);
      if (dates.length > MAX_SKIPS) throw new UserError(`At most ${MAX_SKIPS} dates. ${FORM}`);
    }
    // Past skips have done their job: keep only today and later, plus the new ones.
    const kept = [...new Set([...sub.skipDates.filter((d) => d >= today && dates.length > 0), ...dates])].sort().slice(0, MAX_SKIPS);
    await store.channels.updateSubscription(ctx.channelKey, { skipDates: kept }, now);
    await store.channels.recordScheduleChange({ channelKey: ctx.channelKey, actor: ctx.actor.userKey, action: 'skip', detail: kept.length ? kept.join(',') : 'cleared', at: now });
    const text = kept.length ? `⏭️ No posts on ${kept.join(', ')}. Skipped days are never caught up.` : 'No skipped days any more.';
    return privateReply(text, [paragraph(text)]);
  },
});
