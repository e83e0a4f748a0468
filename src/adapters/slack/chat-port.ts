/**
 * The ChatPort the scheduler and reminders use on Slack: chat.postMessage to a
 * channel, or a DM through conversations.open (needs the im:write scope).
 * Slack errors become typed PostOutcomes so the scheduler can tell "this
 * channel is gone, stop" from "try again later". 429s never reach here unless
 * the WebClient's own retry policy (which honours Retry-After) gave up.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/messages.js';
import type { ChatPort, Logger, PostOutcome } from '../../core/ports.js';
import { renderReply } from './render.js';

type Failure = Extract<PostOutcome, { ok: false }>;

/** Slack `error` codes -> outcome. Anything unlisted is a transient "unknown". */
const PLATFORM_ERRORS: Record<string, Pick<Failure, 'kind' | 'reason'>> = {
  channel_not_found: { kind: 'permanent', reason: 'channel_not_found' },
  user_not_found: { kind: 'permanent', reason: 'channel_not_found' },
  not_in_channel: { kind: 'permanent', reason: 'no_access' },
  cannot_dm_bot: { kind: 'permanent', reason: 'no_access' },
  user_disabled: { kind: 'permanent', reason: 'no_access' },
  is_archived: { kind: 'permanent', reason: 'archived' },
  invalid_auth: { kind: 'permanent', reason: 'invalid_auth' },
  not_authed: { kind: 'permanent', reason: 'invalid_auth' },
  account_inactive: { kind: 'permanent', reason: 'invalid_auth' },
  token_revoked: { kind: 'permanent', reason: 'invalid_auth' },
  token_expired: { kind: 'permanent', reason: 'invalid_auth' },
  no_permission: { kind: 'permanent', reason: 'missing_permissions' },
  missing_scope: { kind: 'permanent', reason: 'missing_permissions' },
  restricted_action: { kind: 'permanent', reason: 'missing_permissions' },
  restricted_action_read_only_channel: { kind: 'permanent', reason: 'missing_permissions' },
  restricted_action_thread_only_channel: { kind: 'permanent', reason: 'missing_permissions' },
  ekm_access_denied: { kind: 'permanent', reason: 'missing_permissions' },
  ratelimited: { kind: 'transient', reason: 'rate_limited' },
  rate_limited: { kind: 'transient', reason: 'rate_limited' },
  internal_error: { kind: 'transient', reason: 'server_error' },
  fatal_error: { kind: 'transient', reason: 'server_error' },
  service_unavailable: { kind: 'transient', reason: 'server_error' },
  request_timeout: { kind: 'transient', reason: 'timeout' },
};

const HINTS: Partial<Record<Failure['reason'], string>> = {
  channel_not_found: 'the channel no longer exists or the bot cannot see it',
  no_access: 'the bot is not a member: invite it with /invite @bot',
  archived: 'the channel is archived',
  invalid_auth: 'the bot token is invalid or revoked: reinstall the app and update SLACK_BOT_TOKEN',
  missing_permissions: 'the app lacks a scope or permission: reinstall it from slack/manifest.yml',
};

function failure(kind: Failure['kind'], reason: Failure['reason'], code: string): Failure {
  const hint = HINTS[reason];
  return { ok: false, kind, reason, detail: hint ? `${code}: ${hint}` : code };
}

interface CodedError {
  code?: string;
  data?: { error?: string };
  statusCode?: number;
  original?: { name?: string; message?: string };
  message?: string;
}

/** Maps an error thrown by the Slack WebClient to a typed outcome. */
export function mapSlackError(err: unknown): Failure {
  const e = (err && typeof err === 'object' ? err : {}) as CodedError;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      const known = PLATFORM_ERRORS[code];
      return known ? failure(known.kind, known.reason, code) : failure('transient', 'unknown', code);
    }
    case 'slack_webapi_rate_limited_error':
      return failure('transient', 'rate_limited', 'ratelimited');
    case 'slack_webapi_http_error':
      return failure('transient', 'server_error', `http_${e.statusCode ?? 'error'}`);
    case 'slack_webapi_request_error': {
      // Repeated 429s surface here once the retry policy gives up (the WebClient wraps its own rate-limit error).
      if (/rate limit/i.test(e.original?.message ?? '')) return failure('transient', 'rate_limited', 'ratelimited');
      const name = e.original?.name ?? '';
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return failure('transient', timedOut ? 'timeout' : 'server_error', timedOut ? 'request_timeout' : 'request_failed');
    }
  }
  return failure('transient', 'unknown', 'unexpected_error');
}

/** `slack:T123:U456` -> `U456` (the DM target); other platforms' keys -> null. */
function slackUserId(userKey: string): string | null {
  const m = /^slack:[A-Z0-9]+:([UW][A-Z0-9]+)$/.exec(userKey);
  return m ? m[1]! : null;
}

export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  async postToChannel(channelRef: string, reply: Reply): Promise<PostOutcome> {
    const message = renderReply(reply);
    try {
      // Unfurls off: a daily question's doc links would otherwise add big previews.
      const res = await this.client.chat.postMessage({ channel: channelRef, ...message, unfurl_links: false, unfurl_media: false });
      return { ok: true, messageId: res.ts ?? '' };
    } catch (err) {
      const outcome = mapSlackError(err);
      this.logger.warn({ channel: channelRef, reason: outcome.reason, detail: outcome.detail }, 'Slack post failed');
      return outcome;
    }
  }

  async sendDirect(userKey: string, reply: Reply): Promise<PostOutcome> {
    const userId = slackUserId(userKey);
    if (!userId) return { ok: false, kind: 'permanent', reason: 'unknown', detail: 'not a Slack user key' };
    let channel: string | undefined;
    try {
      const opened = await this.client.conversations.open({ users: userId });
      channel = opened.channel?.id;
    } catch (err) {
      const outcome = mapSlackError(err);
      this.logger.warn({ user: userKey, reason: outcome.reason, detail: outcome.detail }, 'Slack DM open failed');
      return outcome;
    }
    if (!channel) return { ok: false, kind: 'transient', reason: 'unknown', detail: 'conversations.open returned no channel' };
    return this.postToChannel(channel, reply);
  }
}
