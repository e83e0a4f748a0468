import { z } from 'zod';
import { UserError } from '../errors.js';
import { paragraph, privateReply } from '../messages.js';
import { dayNumber, normaliseTime } from '../schedule.js';
import { defineCommand } from './types.js';

const FORM = 'Say `digest mon 09:00` (a weekly look back, in the channel’s zone) or `digest off`.';

export const digestCommand = defineCommand({
  name: 'digest',
  summary: 'A weekly digest in this channel: who practised, top streaks, the most-missed question (or `digest off`).',
  usage: 'digest <day> <HH:MM> | off',
  adminOnly: true,
  options: [
    { name: 'day', description: 'Weekday (mon … sun), or off', type: 'string', required: true, choices: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'off'] },
    { name: 'time', description: 'Local time, 24h HH:MM (default 09:00)', type: 'string' },
  ],
  schema: z.object({ day: z.string({ message: FORM }).max(12, { message: FORM }), time: z.string().max(8, { message: FORM }).optional() }),
  async run(input, ctx) {
    const { store, clock } = ctx.deps;
    const sub = await store.channels.getSubscription(ctx.channelKey);
    if (!sub) throw new UserError('Subscribe this channel first; the digest looks back on its daily questions.');
    const now = clock.now();
    if (input.day.toLowerCase() === 'off') {
      await store.channels.updateSubscription(ctx.channelKey, { digest: null }, now);
      await store.channels.recordScheduleChange({ channelKey: ctx.channelKey, actor: ctx.actor.userKey, action: 'digest', detail: 'off', at: now });
      return privateReply('Weekly digest off.', [paragraph('Weekly digest off.')]);
    }
    const day = dayNumber(input.day);
    const time = normaliseTime(input.time ?? '09:00');
    if (!day || !time) throw new UserError(FORM);
    await store.channels.updateSubscription(ctx.channelKey, { digest: { day, time } }, now);
    await store.channels.recordScheduleChange({ channelKey: ctx.channelKey, actor: ctx.actor.userKey, action: 'digest', detail: `${input.day.toLowerCase().slice(0, 3)} ${time}`, at: now });
    const text = `🗞️ A weekly digest will be posted here every ${input.day.slice(0, 3)} at ${time} ${sub.timezone}: last week’s practice, top streaks and the most-missed question.`;
    return privateReply(text, [paragraph(text)]);
  },
});
