/** `npm run schedule:status`: every subscription, its next run (core nextRun) and its last outcome. */
import { formatDays, nextRun } from '../core/schedule.js';
import { describeLastPost, describeStatus } from '../core/post-status.js';
import type { PostStore } from '../core/ports.js';

export interface StatusLine {
  channel: string;
  when: string;
  next: string;
  last: string;
  status: string;
}

export function scheduleStatus(posts: PostStore, now: Date): StatusLine[] {
  return posts.listSubscriptions().map((sub) => {
    const next = nextRun(sub, now);
    return {
      channel: `${sub.channelKey}`,
      when: `${sub.time} ${sub.timezone} ${formatDays(sub.days)}${sub.topics.length ? ` [${sub.topics.join(',')}]` : ''}${sub.level ? ` ${sub.level}` : ''}`,
      next: `${next.at.toISOString()} (${next.date} local)`,
      last: describeLastPost(posts.lastPost(sub.id), now),
      status: describeStatus(sub),
    };
  });
}

export function formatStatus(lines: StatusLine[], now: Date): string {
  if (lines.length === 0) return 'No subscriptions. An admin starts one with `/aws subscribe 09:00 Europe/Berlin`.\n';
  const out = [`${lines.length} subscription(s) at ${now.toISOString()}`, ''];
  for (const l of lines) {
    out.push(l.channel, `  when:   ${l.when}`, `  next:   ${l.next}`, `  last:   ${l.last}`, `  status: ${l.status}`, '');
  }
  return out.join('\n');
}
