import { z } from 'zod';
import { canonicalZone, localParts, zoneError } from '../dates.js';
import { bold, code, paragraph, privateReply } from '../messages.js';
import { zoneFrom } from '../usecases/zone.js';
import { defineCommand } from './types.js';

const ZONE_FORM = 'Use a place name such as `Europe/Berlin`, `America/Los_Angeles` or `Asia/Kolkata` (or `UTC`).';

export const timezoneCommand = defineCommand({
  name: 'timezone',
  summary: 'Show or set the time zone that decides when your day (and streak) rolls over.',
  usage: 'timezone [IANA zone]',
  options: [{ name: 'zone', description: 'IANA time zone, e.g. Europe/Berlin', type: 'string', autocomplete: 'timezone' }],
  schema: z.object({
    zone: z
      .string()
      .max(64, { message: `That is too long for a time zone. ${ZONE_FORM}` })
      .transform((z0, c) => {
        const check = canonicalZone(z0);
        if (check.ok) return check.zone;
        c.addIssue({ code: 'custom', message: zoneError(z0) });
        return z.NEVER;
      })
      .optional(),
  }),
  async run(input, ctx) {
    const { store, clock } = ctx.deps;
    if (!input.zone) {
      const user = await store.people.get(ctx.actor.userKey);
      const zone = zoneFrom(user, ctx.deps.defaultZone);
      const from = user?.timezone ? 'you set it' : user?.profileTimezone ? `from your ${ctx.platform.label} profile` : 'the bot’s default';
      return privateReply(`Your time zone: ${zone}`, [
        paragraph('Your days follow ', bold(zone), ` (${from}). Change it with `, code('timezone <zone>'), `. ${ZONE_FORM}`),
      ]);
    }
    const zone = input.zone;
    await store.people.touch(ctx.actor.userKey, ctx.actor.displayName, clock.now());
    await store.people.setTimezone(ctx.actor.userKey, zone);
    const now = localParts(clock.now(), zone);
    return privateReply(`Time zone set to ${zone}.`, [
      paragraph(`Time zone set to ${zone}. It is ${now.time} on ${now.date} there; your streak days, reviews and reminders now follow it.`),
    ]);
  },
});
