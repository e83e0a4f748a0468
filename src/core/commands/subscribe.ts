import { z } from 'zod';
import { isValidTimeZone } from '../dates.js';
import { UserError } from '../errors.js';
import { paragraph, privateReply, context } from '../messages.js';
import { LEVELS } from '../model.js';
import { formatDays, nextRun, normaliseTime, parseDays } from '../schedule.js';
import { topicError } from './shared.js';
import { defineCommand } from './types.js';

const FORM = '`subscribe <HH:MM> <IANA zone> [topics] [days] [level]`, e.g. `subscribe 09:00 Europe/Berlin networking,iam mon-fri`';

export const subscribeCommand = defineCommand({
  name: 'subscribe',
  summary: 'Post a daily question in this channel at a local time (channel admins).',
  usage: 'subscribe <HH:MM> <IANA zone> [topics] [days] [level]',
  adminOnly: true,
  options: [
    { name: 'time', description: 'Local time, 24h HH:MM, e.g. 09:00', type: 'string', required: true },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/Berlin', type: 'string', required: true, autocomplete: 'timezone' },
    { name: 'topics', description: 'Comma-separated topics (default: all)', type: 'string', autocomplete: 'topic' },
    { name: 'days', description: 'daily, mon-fri, weekends or a list like mon,wed,fri (default: daily)', type: 'string' },
    { name: 'level', description: 'Only this level (default: all)', type: 'string', choices: LEVELS },
  ],
  // After time and zone, each word is recognised by its shape: a day spec, a level, or topics.
  parseText(words) {
    const [time, timezone, ...rest] = words;
    const out: Record<string, unknown> = { time, timezone };
    for (const w of rest) {
      const lower = w.toLowerCase();
      if (parseDays(lower) && out.days === undefined) out.days = lower;
      else if ((LEVELS as readonly string[]).includes(lower) && out.level === undefined) out.level = lower;
      else if (out.topics === undefined) out.topics = lower;
      else throw new UserError(`I did not understand "${w.slice(0, 40)}". Use ${FORM}.`);
    }
    return out;
  },
  schema: z.object({
    time: z
      .string({ message: `Give a time. Use ${FORM}.` })
      .transform((t, c) => normaliseTime(t) ?? (c.addIssue({ code: 'custom', message: `"${t.slice(0, 20)}" is not a 24-hour time like 09:00. Use ${FORM}.` }), z.NEVER)),
    timezone: z
      .string({ message: `Give a time zone. Use ${FORM}.` })
      .refine(isValidTimeZone, { message: `That is not an IANA time zone (e.g. Europe/Berlin, America/New_York). Use ${FORM}.` }),
    topics: z.string().max(400).optional(),
    days: z.string().max(60).optional(),
    level: z.enum(LEVELS, { message: 'level must be associate, professional or lead' }).optional(),
  }),
  run(input, ctx) {
    const { store, bank, clock } = ctx.deps;
    const days = input.days ? parseDays(input.days) : [1, 2, 3, 4, 5, 6, 7];
    if (!days) throw new UserError(`"${input.days}" is not a day list. Use daily, mon-fri, weekends or mon,wed,fri.`);
    const topics = input.topics ? input.topics.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean) : [];
    for (const t of topics) if (!bank.hasTopic(t)) throw topicError(bank, t);
    const sub = store.upsertSubscription(
      {
        platform: ctx.platform,
        scope: ctx.scope,
        channelKey: ctx.channelKey,
        channelRef: ctx.channelRef,
        time: input.time,
        timezone: input.timezone,
        days,
        topics,
        level: input.level ?? null,
        createdBy: ctx.actor.userKey,
      },
      clock.now(),
    );
    const next = nextRun(sub, clock.now());
    const what = `${sub.time} ${sub.timezone}, ${formatDays(sub.days)}${topics.length ? `, topics ${topics.join(', ')}` : ''}${sub.level ? `, ${sub.level} level` : ''}`;
    return privateReply(`Subscribed: ${what}`, [
      paragraph(`✅ This channel gets a daily question at ${what}.`),
      context(`Next post: ${next.at.toISOString()} (${next.date} local). Subscribing again updates the schedule.`),
    ]);
  },
});
