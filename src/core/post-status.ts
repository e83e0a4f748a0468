/**
 * How a subscription's posts went, in words, shared by the `schedule`
 * command and `npm run schedule:status` so both tell the same story. Raw
 * platform error text is for admins; everyone else gets a plain explanation.
 */
import type { Subscription } from './model.js';
import type { PostRecord } from './ports/channels.js';

const hhmm = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const PLAIN: Record<string, string> = {
  channel_not_found: 'the bot cannot find this channel any more',
  no_access: 'the bot is not a member of this channel or cannot see it',
  archived: 'this channel is archived',
  missing_permissions: 'the bot lacks a permission it needs here',
  invalid_auth: 'the bot’s credentials were rejected; an operator must reconnect it',
  rate_limited: 'the platform asked the bot to slow down',
  server_error: 'the platform had a temporary problem',
  timeout: 'the platform did not answer in time',
};

export function plainReason(reason: string | null | undefined): string {
  return (reason && PLAIN[reason]) || 'posting failed';
}

export function describeLastPost(last: PostRecord | null | undefined, now: Date, admin = true, reason?: string | null): string {
  if (!last) return 'nothing posted yet';
  const day = last.localDate;
  const why = admin ? (last.lastError ?? 'unknown error') : plainReason(reason ?? last.errorKind);
  switch (last.state) {
    case 'sent':
      return `sent ${day} at ${hhmm(last.sentAt ?? '')}${admin && last.messageId ? ` (message ${last.messageId})` : ''}`;
    case 'failed':
      return last.errorKind === 'permanent' ? `failed ${day}: ${why}` : `gave up ${day} after ${last.attempts} attempts: ${why}`;
    case 'pending': {
      if (last.errorKind === 'transient' && last.notBefore && last.notBefore > now.toISOString()) {
        return `retrying ${day}: attempt ${last.attempts} failed (${why}), next try ${hhmm(last.notBefore)}`;
      }
      return `sending ${day} (attempt ${last.attempts})`;
    }
  }
}

export function describeStatus(sub: Subscription, admin = true): string {
  if (sub.status === 'ok') return 'ok';
  const why = admin ? (sub.lastError ?? 'unknown error') : plainReason(sub.lastErrorReason);
  return `failing: ${why} (an admin's \`subscribe\` resumes it)`;
}
