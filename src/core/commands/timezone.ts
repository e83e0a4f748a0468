import { z } from 'zod';
import { isValidTimeZone, localParts } from '../dates.js';
import { bold, code, paragraph, privateReply } from '../messages.js';
import { userZone } from '../usecases/zone.js';
import { defineCommand } from './types.js';

const ZONE_FORM = 'Use an IANA time zone name such as `Europe/Berlin`, `America/Los_Angeles` or `Asia/Kolkata`.';

export const timezoneCommand = defineCommand({
  name: 'timezone',
  summary: 'Set the time zone that decides when your day (and streak) rolls over.',
  usage: 'timezone [IANA zone]',
  options: [{ name: 'zone', description: 'IANA time zone, e.g. Europe/Berlin', type: 'string', autocomplete: 'timezone' }],
  schema: z.object({
    zone: z
      .string()
      .max(64)
      .refine(isValidTimeZone, { message: `That is not a time zone I know. ${ZONE_FORM}` })
      .optional(),
  }),
  run(input, ctx) {
    const { store, clock } = ctx.deps;
    if (!input.zone) {
      const zone = userZone(ctx.deps, ctx.actor.userKey, ctx.channelKey);
      return privateReply(`Your time zone: ${zone}`, [
        paragraph('Your days follow ', bold(zone), '. Change it with ', code('timezone <zone>'), `. ${ZONE_FORM}`),
      ]);
    }
    const zone = input.zone;
    store.transaction(() => {
      store.touchUser(ctx.actor.userKey, ctx.actor.displayName, clock.now());
      store.setTimezone(ctx.actor.userKey, zone);
    });
    const now = localParts(clock.now(), zone);
    return privateReply(`Time zone set to ${zone}.`, [
      paragraph(`Time zone set to ${zone}. It is ${now.time} on ${now.date} there; your streak days now follow it.`),
    ]);
  },
});
