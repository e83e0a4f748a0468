import { z } from 'zod';
import { say } from '../context.js';
import { UserError } from '../errors.js';
import { REMINDER_TIME } from '../learning/reminders.js';
import { context, paragraph, privateReply } from '../messages.js';
import { plural } from '../text.js';
import { dueReviewCount } from '../usecases/review.js';
import { zoneFrom } from '../usecases/zone.js';
import { defineCommand } from './types.js';

const FORM = 'Say `remind on` or `remind off`.';

export const remindCommand = defineCommand({
  name: 'remind',
  summary: `A private daily nudge (after ${REMINDER_TIME} your time) when reviews are due: on or off.`,
  usage: 'remind [on|off]',
  options: [{ name: 'state', description: 'on or off (default: show the current setting)', type: 'string', choices: ['on', 'off'] }],
  parseText(words) {
    if (words.length > 1) throw new UserError(FORM);
    return words.length === 0 ? {} : { state: words[0]!.toLowerCase() };
  },
  schema: z.object({ state: z.enum(['on', 'off'], { message: FORM }).optional() }),
  async run(input, ctx) {
    const { store, clock } = ctx.deps;
    const user = await store.people.get(ctx.actor.userKey);
    const zone = zoneFrom(user, ctx.deps.defaultZone);
    const where = ctx.platform.capabilities.dm ? `as a ${ctx.platform.label} direct message` : 'as a line when you start';
    const zoneNote = user?.timezone || user?.profileTimezone ? `${REMINDER_TIME} ${zone}` : `${REMINDER_TIME} ${zone} — set your own zone with ${say(ctx, 'timezone')}`;
    if (!input.state) {
      const on = user?.remind ?? false;
      const text = on ? `Reminders are on: at most one nudge a day, after ${zoneNote}.` : 'Reminders are off.';
      const due = await dueReviewCount(ctx.deps, ctx.actor.userKey);
      return privateReply(text, [paragraph(text), context(`${FORM} You have ${plural(due, 'review')} due today.`)]);
    }
    const on = input.state === 'on';
    await store.people.touch(ctx.actor.userKey, ctx.actor.displayName, clock.now());
    await store.people.setPreferences(ctx.actor.userKey, { remind: on });
    const text = on
      ? `⏰ Reminders on. When reviews are due I will nudge you ${where}, at most once a day, after ${zoneNote}.`
      : `Reminders off. I will not nudge you; ${say(ctx, 'review')} still shows what is due.`;
    return privateReply(text, [paragraph(text)]);
  },
});
