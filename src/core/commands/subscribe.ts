import { z } from 'zod';
import { say, type CommandContext } from '../context.js';
import { canonicalZone, zoneError } from '../dates.js';
import { UserError } from '../errors.js';
import { context, paragraph, privateReply } from '../messages.js';
import { LEVELS } from '../model.js';
import { formatDays, formatIn, formatLocal, nextRun, normaliseTime, parseDays } from '../schedule.js';
import { checkChannelAccess, postPreview } from '../usecases/channel-access.js';
import { splitTopics, topicError } from './shared.js';
import { defineCommand } from './types.js';

const FORM =
  '`subscribe <HH:MM> <zone> [topics] [days] [level] [thread on|off] [reveal <N>h] [test]`, e.g. `subscribe 09:00 Europe/Berlin networking,iam mon-fri reveal 6h`';

const REVEAL = /^(\d{1,2})h$/;

export const subscribeCommand = defineCommand({
  name: 'subscribe',
  summary: 'Post a daily question in this channel at a local time, with a discussion thread and an optional public reveal.',
  usage: 'subscribe <HH:MM> <zone> [topics] [days] [level] [thread on|off] [reveal <N>h] [test]',
  adminOnly: true,
  options: [
    { name: 'time', description: 'Local time, 24h HH:MM, e.g. 09:00', type: 'string', required: true },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/Berlin', type: 'string', required: true, autocomplete: 'timezone' },
    { name: 'topics', description: 'Comma-separated topics (default: all)', type: 'string', autocomplete: 'topic' },
    { name: 'days', description: 'daily, weekdays, weekends, mon-fri or a list like mon,wed,fri (default: daily)', type: 'string' },
    { name: 'level', description: 'Only this level (default: all)', type: 'string', choices: LEVELS },
    { name: 'thread', description: 'Open a discussion thread on each post (default: on)', type: 'string', choices: ['on', 'off'] },
    { name: 'reveal_after', description: 'Post the answer in the thread this many hours later (1-23)', type: 'integer', min: 1, max: 23 },
    { name: 'test', description: 'Also post a preview now (it does not count as the day’s post)', type: 'string', choices: ['yes'] },
  ],
  // After time and zone, each word is recognised by its shape: a day spec, a level, an option, or topics.
  parseText(words) {
    const [time, timezone, ...restRaw] = words;
    // `networking, iam` arrives as two words: glue comma-separated topic lists back together.
    const rest = restRaw.join(' ').replace(/\s*,\s*/g, ',').split(' ').filter(Boolean);
    const out: Record<string, unknown> = { time, timezone };
    for (let i = 0; i < rest.length; i++) {
      const lower = rest[i]!.toLowerCase();
      if (lower === 'thread' && ['on', 'off'].includes(rest[i + 1]?.toLowerCase() ?? '')) out.thread = rest[++i]!.toLowerCase();
      else if (lower === 'reveal' && REVEAL.test(rest[i + 1]?.toLowerCase() ?? '')) out.reveal_after = Number(REVEAL.exec(rest[++i]!.toLowerCase())![1]);
      else if (lower === 'test') out.test = 'yes';
      else if (parseDays(lower) && out.days === undefined) out.days = lower;
      else if ((LEVELS as readonly string[]).includes(lower) && out.level === undefined) out.level = lower;
      else if (out.topics === undefined && /^[a-z0-9,-]+$/.test(lower)) out.topics = lower;
      else throw new UserError(`I did not understand "${rest[i]!.slice(0, 40)}". Use ${FORM}.`);
    }
    return out;
  },
  schema: z.object({
    time: z
      .string({ message: `Give a time. Use ${FORM}.` })
      .transform((t, c) => normaliseTime(t) ?? (c.addIssue({ code: 'custom', message: `"${t.slice(0, 20)}" is not a 24-hour time like 09:00. Use ${FORM}.` }), z.NEVER)),
    timezone: z
      .string({ message: `Give a time zone. Use ${FORM}.` })
      .transform((t, c) => {
        const check = canonicalZone(t);
        if (check.ok) return check.zone;
        c.addIssue({ code: 'custom', message: zoneError(t) });
        return z.NEVER;
      }),
    topics: z.string().max(400, { message: 'That topic list is too long; `topics` lists them.' }).optional(),
    days: z.string().max(60, { message: 'That day list is too long; use e.g. mon-fri.' }).optional(),
    level: z.enum(LEVELS, { message: 'level must be associate, professional or lead' }).optional(),
    thread: z.enum(['on', 'off'], { message: 'thread must be on or off' }).optional(),
    reveal_after: z.number({ message: 'reveal takes a number of hours, e.g. reveal 6h' }).int().min(1, { message: 'reveal takes 1 to 23 hours' }).max(23, { message: 'reveal takes 1 to 23 hours' }).optional(),
    test: z.literal('yes').optional(),
  }),
  async prepare(input, ctx) {
    validate(input, ctx);
    // Refuse before saving anything when the bot could not post here.
    await checkChannelAccess(ctx, { threads: (input.thread ?? 'on') === 'on' || input.reveal_after !== undefined });
    return input.test ? postPreview(ctx, { topics: topicsOf(input.topics), level: input.level ?? null }) : null;
  },
  async run(input, ctx, preview) {
    const { store, clock } = ctx.deps;
    const { days, topics } = validate(input, ctx);
    const now = clock.now();
    const sub = await store.channels.upsertSubscription(
      {
        platform: ctx.platform.id,
        scope: ctx.scope,
        channelKey: ctx.channelKey,
        channelRef: ctx.channelRef,
        time: input.time,
        timezone: input.timezone,
        days,
        topics,
        level: input.level ?? null,
        createdBy: ctx.actor.userKey,
        // A thread per post where the platform has threads; `thread off` turns it off.
        thread: (input.thread ?? 'on') === 'on' && ctx.platform.capabilities.threads,
        revealAfterHours: input.reveal_after ?? null,
        digest: (await store.channels.getSubscription(ctx.channelKey))?.digest ?? null,
      },
      now,
    );
    const what = `${sub.time} ${sub.timezone}, ${formatDays(sub.days)}${topics.length ? `, topics ${topics.join(', ')}` : ''}${sub.level ? `, ${sub.level} level` : ''}`;
    const extras = [sub.thread ? 'a discussion thread on each post' : 'no thread', sub.revealAfterHours ? `the answer in the thread ${sub.revealAfterHours} h later` : null].filter(Boolean);
    await store.channels.recordScheduleChange({ channelKey: ctx.channelKey, actor: ctx.actor.userKey, action: 'subscribe', detail: `${what}; ${extras.join('; ')}`, at: now });
    const next = nextRun(sub, now);
    const lines = [context(`Next post: ${formatLocal(next.at, sub.timezone)} (${formatIn(next.at, now)}). Subscribing again updates the schedule; ${say(ctx, 'schedule')} shows it.`)];
    if (preview) lines.push(context(preview));
    return privateReply(`Subscribed: ${what}`, [paragraph(`✅ This channel gets a daily question at ${what}, with ${extras.join(' and ')}.`), ...lines]);
  },
});

const topicsOf = (raw: string | undefined) => (raw ? splitTopics(raw) : []);

function validate(input: { days?: string; topics?: string }, ctx: CommandContext): { days: number[]; topics: string[] } {
  const days = input.days ? parseDays(input.days) : [1, 2, 3, 4, 5, 6, 7];
  if (!days) throw new UserError(`"${input.days!.slice(0, 40)}" is not a day list. Use daily, weekdays, weekends, mon-fri or mon,wed,fri.`);
  const topics = topicsOf(input.topics);
  for (const t of topics) if (!ctx.deps.bank.hasTopic(t)) throw topicError(ctx.deps.bank, t);
  return { days, topics };
}
