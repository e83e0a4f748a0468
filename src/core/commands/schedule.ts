import { z } from 'zod';
import { say, type CommandContext } from '../context.js';
import { localDate } from '../dates.js';
import { UserError } from '../errors.js';
import { context, fields, heading, paragraph, privateReply, type Reply } from '../messages.js';
import { describeLastPost, describeStatus } from '../post-status.js';
import { formatDays, formatIn, formatLocal, nextRun } from '../schedule.js';
import { defineCommand } from './types.js';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

async function history(ctx: CommandContext): Promise<Reply> {
  const changes = await ctx.deps.store.channels.scheduleHistory(ctx.channelKey, 20);
  if (changes.length === 0) return privateReply('No schedule changes here yet.', [paragraph('No schedule changes in this channel yet.')]);
  const lines = changes.map((c) => `• ${c.at.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${c.action} by ${c.actor.split(':').pop()}: ${c.detail}`);
  return privateReply(`${changes.length} schedule changes`, [heading('Schedule history (latest first)'), paragraph(lines.join('\n'))]);
}

export const scheduleCommand = defineCommand({
  name: 'schedule',
  summary: 'This channel’s daily-question schedule, next post, pauses and last outcome; `schedule history` shows changes.',
  usage: 'schedule [history]',
  options: [{ name: 'view', description: 'history: the last 20 schedule changes', type: 'string', choices: ['history'] }],
  schema: z.object({ view: z.enum(['history'], { message: 'Say `schedule` or `schedule history`.' }).optional() }),
  async prepare(input, ctx) {
    if (input.view) return { admin: false, missing: [] as string[] };
    const admin = await ctx.actor.isAdmin();
    const sub = await ctx.deps.store.channels.getSubscription(ctx.channelKey);
    const port = ctx.deps.chat.get(ctx.platform.id);
    if (!sub || !port?.checkAccess || !ctx.channelRef) return { admin, missing: [] };
    try {
      const access = await port.checkAccess(ctx.channelRef, { threads: sub.thread && ctx.platform.capabilities.threads, files: false }, ctx.scope);
      return { admin, missing: access.missing };
    } catch {
      return { admin, missing: [] };
    }
  },
  async run(input, ctx, prepared) {
    if (input.view === 'history') return history(ctx);
    const sub = await ctx.deps.store.channels.getSubscription(ctx.channelKey);
    if (!sub) {
      return privateReply('No daily question here.', [
        paragraph(`This channel has no daily question. An admin can start one with ${say(ctx, 'subscribe', true).replace(/`$/, ' 09:00 Europe/Berlin`')}.`),
      ]);
    }
    if (!prepared) throw new UserError('Could not read the schedule.');
    const now = ctx.deps.clock.now();
    const next = nextRun(sub, now);
    const last = await ctx.deps.store.channels.lastPost(sub.id, 'daily');
    const options = [
      sub.thread ? 'a thread on each post' : 'no thread',
      sub.revealAfterHours ? `public reveal after ${sub.revealAfterHours} h` : 'no public reveal',
      sub.digest ? `weekly digest ${DAY_NAMES[sub.digest.day - 1]} ${sub.digest.time}` : 'no digest',
    ];
    const rows = [
      { label: 'When', value: `${sub.time} ${sub.timezone}, ${formatDays(sub.days)}` },
      { label: 'Topics', value: sub.topics.length ? sub.topics.join(', ') : 'all' },
      { label: 'Level', value: sub.level ?? 'all' },
      { label: 'Options', value: options.join(' · ') },
      {
        label: 'Next post',
        value: `${sub.status === 'failing' ? 'paused while failing; would be ' : ''}${formatLocal(next.at, sub.timezone)} (${formatIn(next.at, now)})`,
      },
      { label: 'Last post', value: describeLastPost(last, now, prepared.admin, sub.lastErrorReason) },
      { label: 'Status', value: describeStatus(sub, prepared.admin) },
    ];
    if (sub.pausedUntil && sub.pausedUntil > localDate(now, sub.timezone)) rows.push({ label: 'Paused', value: `no posts before ${sub.pausedUntil}` });
    if (sub.skipDates.length > 0) rows.push({ label: 'Skipped days', value: sub.skipDates.join(', ') });
    if (prepared.missing.length > 0) rows.push({ label: 'Cannot post', value: `Missing: ${prepared.missing.join('; ')}` });
    return privateReply(`Daily question at ${sub.time} ${sub.timezone}`, [
      heading('Daily question schedule'),
      fields(rows),
      context(sub.lastOutcomeAt ? `Last outcome at ${sub.lastOutcomeAt}. ${say(ctx, 'schedule')} history shows changes.` : 'Nothing posted yet.'),
    ]);
  },
});
