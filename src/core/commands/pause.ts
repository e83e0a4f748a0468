import { z } from 'zod';
import { localDate } from '../dates.js';
import { UserError } from '../errors.js';
import { paragraph, privateReply } from '../messages.js';
import { formatLocal, nextRun } from '../schedule.js';
import { defineCommand } from './types.js';

const FORM = 'Say `pause until 2026-12-28` (posts, reveals and digests resume that day).';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A pause longer than this is an unsubscribe. */
const MAX_PAUSE_DAYS = 366;

export const isCalendarDate = (d: string): boolean => DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

export const pauseCommand = defineCommand({
  name: 'pause',
  summary: 'Pause this channel’s posts, reveals and digests until a date (they resume that day).',
  usage: 'pause until <YYYY-MM-DD>',
  adminOnly: true,
  options: [{ name: 'until', description: 'The local date posts resume, e.g. 2026-12-28', type: 'string', required: true }],
  parseText(words) {
    const [first, second, ...rest] = words;
    if (rest.length > 0 || !first) throw new UserError(FORM);
    return first.toLowerCase() === 'until' ? { until: second } : { until: first };
  },
  schema: z.object({ until: z.string({ message: FORM }).max(10, { message: FORM }).regex(DATE, { message: FORM }) }),
  async run(input, ctx) {
    const { store, clock } = ctx.deps;
    const sub = await store.channels.getSubscription(ctx.channelKey);
    if (!sub) throw new UserError('This channel has no daily question to pause.');
    if (!isCalendarDate(input.until)) throw new UserError(`${input.until} is not a calendar date. ${FORM}`);
    const now = clock.now();
    const today = localDate(now, sub.timezone);
    if (input.until <= today) throw new UserError(`${input.until} is not in the future (today is ${today} in ${sub.timezone}). ${FORM}`);
    if (Date.parse(input.until) - Date.parse(today) > MAX_PAUSE_DAYS * 86_400_000) throw new UserError('A pause can last at most a year; `unsubscribe` stops the posts for good.');
    const updated = (await store.channels.updateSubscription(ctx.channelKey, { pausedUntil: input.until }, now))!;
    await store.channels.recordScheduleChange({ channelKey: ctx.channelKey, actor: ctx.actor.userKey, action: 'pause', detail: `until ${input.until}`, at: now });
    const next = nextRun(updated, now);
    const text = `⏸️ Paused: no posts, reveals or digests before ${input.until}. The next post is ${formatLocal(next.at, updated.timezone)}.`;
    return privateReply(text, [paragraph(text)]);
  },
});

export const resumeCommand = defineCommand({
  name: 'resume',
  summary: 'End a pause now.',
  usage: 'resume',
  adminOnly: true,
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    const { store, clock } = ctx.deps;
    const sub = await store.channels.getSubscription(ctx.channelKey);
    if (!sub) throw new UserError('This channel has no daily question.');
    if (!sub.pausedUntil) throw new UserError('This channel is not paused.');
    const now = clock.now();
    const updated = (await store.channels.updateSubscription(ctx.channelKey, { pausedUntil: null }, now))!;
    await store.channels.recordScheduleChange({ channelKey: ctx.channelKey, actor: ctx.actor.userKey, action: 'resume', detail: 'pause ended', at: now });
    const next = nextRun(updated, now);
    const text = `▶️ Resumed. The next post is ${formatLocal(next.at, updated.timezone)}.`;
    return privateReply(text, [paragraph(text)]);
  },
});
