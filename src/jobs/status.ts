/** `npm run schedule:status`: every subscription, its next run and its last outcome. */
import type { ChannelStore } from '../core/ports/channels.js';
import { describeLastPost, describeStatus } from '../core/post-status.js';
import { formatDays, formatLocal, nextRun } from '../core/schedule.js';

export interface StatusLine {
  channel: string;
  when: string;
  next: string;
  last: string;
  status: string;
}

export async function scheduleStatus(channels: ChannelStore, now: Date): Promise<StatusLine[]> {
  const lines: StatusLine[] = [];
  for (const sub of await channels.listSubscriptions()) {
    const next = nextRun(sub, now);
    lines.push({
      channel: sub.channelKey,
      when: `${sub.time} ${sub.timezone} ${formatDays(sub.days)}${sub.topics.length ? ` [${sub.topics.join(',')}]` : ''}${sub.level ? ` ${sub.level}` : ''}${sub.pausedUntil ? ` paused until ${sub.pausedUntil}` : ''}`,
      next: `${formatLocal(next.at, sub.timezone)} (${next.at.toISOString()})`,
      last: describeLastPost(await channels.lastPost(sub.id, 'daily'), now),
      status: describeStatus(sub),
    });
  }
  return lines;
}

export function formatStatus(lines: StatusLine[], now: Date): string {
  if (lines.length === 0) return 'No subscriptions. An admin starts one with `subscribe 09:00 Europe/Berlin` in a channel.\n';
  const out = [`${lines.length} subscription(s) at ${now.toISOString()}`, ''];
  for (const l of lines) out.push(l.channel, `  when:   ${l.when}`, `  next:   ${l.next}`, `  last:   ${l.last}`, `  status: ${l.status}`, '');
  return out.join('\n');
}
