/**
 * One line saying how a subscription's daily post last went, shared by the
 * `schedule` command and `npm run schedule:status` so both tell the same story.
 */
import type { Subscription } from './model.js';
import type { PostRecord } from './ports.js';

const hhmm = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function describeLastPost(last: PostRecord | null | undefined, now: Date): string {
  if (!last) return 'nothing posted yet';
  const day = last.localDate;
  switch (last.state) {
    case 'sent':
      return `sent ${day} at ${hhmm(last.sentAt ?? '')}${last.messageId ? ` (message ${last.messageId})` : ''}`;
    case 'failed':
      return last.errorKind === 'permanent'
        ? `failed ${day}: ${last.lastError ?? 'unknown error'}`
        : `gave up ${day} after ${last.attempts} attempts: ${last.lastError ?? 'unknown error'}`;
    case 'pending': {
      if (last.errorKind === 'transient' && last.notBefore && last.notBefore > now.toISOString()) {
        return `retrying ${day}: attempt ${last.attempts} failed (${last.lastError ?? 'unknown'}), next try ${hhmm(last.notBefore)}`;
      }
      return `sending ${day} (attempt ${last.attempts})`;
    }
  }
}

export function describeStatus(sub: Subscription): string {
  return sub.status === 'ok'
    ? 'ok'
    : `failing: ${sub.lastError ?? 'unknown error'} (an admin's \`subscribe\` resumes it)`;
}
