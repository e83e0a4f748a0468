import { z } from 'zod';
import { UserError } from '../errors.js';
import { REMINDER_TIME } from '../learning/reminders.js';
import { paragraph, privateReply, context } from '../messages.js';
import { dueReviewCount } from '../usecases/review.js';
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
  run(input, ctx) {
    const { store, clock } = ctx.deps;
    const user = store.getUser(ctx.actor.userKey);
    const zone = user?.timezone ?? null;
    const where =
      ctx.platform === 'console' ? 'as a line when you start the console' : ctx.platform === 'slack' ? 'as a Slack DM' : 'as a Discord DM';
    const zoneNote = zone
      ? `${REMINDER_TIME} ${zone}`
      : `${REMINDER_TIME} UTC — set your own zone with \`timezone <zone>\``;
    if (!input.state) {
      const on = user?.remind ?? false;
      const text = on ? `Reminders are on: at most one nudge a day, after ${zoneNote}.` : 'Reminders are off.';
      return privateReply(text, [paragraph(text), context(`${FORM} You have ${dueReviewCount(ctx.deps, ctx.actor.userKey, ctx.channelKey)} review(s) due today.`)]);
    }
    const on = input.state === 'on';
    store.transaction(() => {
      store.touchUser(ctx.actor.userKey, ctx.actor.displayName, clock.now());
      store.setRemind(ctx.actor.userKey, on);
    });
    const text = on
      ? `⏰ Reminders on. When reviews are due I will nudge you ${where}, at most once a day, after ${zoneNote}.`
      : 'Reminders off. I will not nudge you; `review` still shows what is due.';
    return privateReply(text, [paragraph(text)]);
  },
});
