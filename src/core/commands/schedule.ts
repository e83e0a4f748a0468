import { z } from 'zod';
import { context, fields, heading, paragraph, privateReply } from '../messages.js';
import { describeLastPost } from '../post-status.js';
import { formatDays, nextRun } from '../schedule.js';
import { defineCommand } from './types.js';

export const scheduleCommand = defineCommand({
  name: 'schedule',
  summary: 'This channel’s daily-question schedule, next post and last outcome.',
  usage: 'schedule',
  options: [],
  schema: z.object({}),
  run(_input, ctx) {
    const sub = ctx.deps.store.getSubscriptionByChannel(ctx.channelKey);
    if (!sub) {
      return privateReply('No daily question here.', [
        paragraph('This channel has no daily question. An admin can start one with `subscribe 09:00 Europe/Berlin`.'),
      ]);
    }
    const now = ctx.deps.clock.now();
    const next = nextRun(sub, now);
    const status =
      sub.status === 'ok'
        ? '✅ ok'
        : `⚠️ failing: ${sub.lastError ?? 'unknown error'}. Fix the bot's access, then subscribe again to resume.`;
    const last = ctx.deps.store.lastPost?.(sub.id);
    return privateReply(`Daily question at ${sub.time} ${sub.timezone}`, [
      heading('Daily question schedule'),
      fields([
        { label: 'When', value: `${sub.time} ${sub.timezone}, ${formatDays(sub.days)}` },
        { label: 'Topics', value: sub.topics.length ? sub.topics.join(', ') : 'all' },
        { label: 'Level', value: sub.level ?? 'all' },
        {
          label: 'Next post',
          value: `${sub.status === 'failing' ? 'paused while failing; would be ' : ''}${next.at.toISOString()} (${next.date} local)`,
        },
        { label: 'Last post', value: describeLastPost(last, now) },
        { label: 'Status', value: status },
      ]),
      context(sub.lastOutcomeAt ? `Last outcome at ${sub.lastOutcomeAt}` : 'Nothing posted yet.'),
    ]);
  },
});
