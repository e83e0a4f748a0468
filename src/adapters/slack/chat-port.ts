/**
 * The ChatPort the scheduler and reminders use on Slack: chat.postMessage to a
 * channel, or a DM through conversations.open (needs the im:write scope).
 * Slack errors become typed PostOutcomes so the scheduler can tell "this
 * channel is gone, stop" from "try again later". 429s never reach here unless
 * the WebClient's own retry policy (which honours Retry-After) gave up.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/messages.js';
import type { ChannelAccess, ChatPort, PostOptions, PostOutcome } from '../../core/ports/chat.js';
import type { Logger } from '../../core/ports/logger.js';
import { fileMessages, renderReply, type SlackPictures } from './render.js';

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
  invalid_auth: 'the bot token is invalid or revoked: reinstall the app (and update SLACK_BOT_TOKEN in single-workspace mode)',
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

/** `slack:T123:U456` → `U456` (the DM target); other platforms' keys → null. */
function slackUserId(userKey: string): string | null {
  const m = /^slack:[A-Z0-9]+:([UW][A-Z0-9]+)$/.exec(userKey);
  return m ? m[1]! : null;
}

/** The Web API client for a workspace (single-token mode: always the same one). */
export type ClientFor = (scope: string | undefined) => Promise<webApi.WebClient>;
/** How to show each diagram of a reply in a workspace. */
export type PicturesFor = (reply: Reply, scope: string | undefined) => Promise<SlackPictures>;

export class SlackChatPort implements ChatPort {
  readonly platform = 'slack';

  constructor(
    private readonly clientFor: ClientFor,
    private readonly pictures: PicturesFor,
    private readonly logger: Logger,
  ) {}

  async postToChannel(channelRef: string, reply: Reply, opts: PostOptions = {}): Promise<PostOutcome & { threadRef?: string }> {
    try {
      const client = await this.clientFor(opts.scope);
      const message = renderReply(reply, await this.pictures(reply, opts.scope));
      // Unfurls off: a daily question's doc links would otherwise add big previews.
      const res = await client.chat.postMessage({
        channel: channelRef,
        ...message,
        unfurl_links: false,
        unfurl_media: false,
        ...(opts.threadRef || opts.replyTo ? { thread_ts: opts.threadRef ?? opts.replyTo } : {}),
      });
      const ts = res.ts ?? '';
      if (opts.openThread && ts) {
        // A Slack thread is the message's replies: the invitation opens it, and its id is the post's ts.
        await client.chat.postMessage({ channel: channelRef, thread_ts: ts, text: opts.openThread.invitation, unfurl_links: false }).catch((err: unknown) => {
          this.logger.warn({ channel: channelRef, reason: mapSlackError(err).reason }, 'could not post the thread invitation');
        });
        return { ok: true, messageId: ts, threadRef: ts };
      }
      return { ok: true, messageId: ts };
    } catch (err) {
      const outcome = mapSlackError(err);
      this.logger.warn({ channel: channelRef, reason: outcome.reason, detail: outcome.detail }, 'Slack post failed');
      return outcome;
    }
  }

  async sendDirect(userKey: string, reply: Reply): Promise<PostOutcome> {
    const userId = slackUserId(userKey);
    if (!userId) return { ok: false, kind: 'permanent', reason: 'unknown', detail: 'not a Slack user key' };
    const scope = `slack:${userKey.split(':')[1]}`;
    const channel = await this.openDm(userId, scope);
    if (typeof channel !== 'string') return channel;
    return this.postToChannel(channel, reply, { scope });
  }

  /** The bot's own access to a channel: a member of it, and it is not archived. */
  async checkAccess(channelRef: string, _needs: { threads: boolean; files: boolean }, scope?: string): Promise<ChannelAccess> {
    try {
      const client = await this.clientFor(scope);
      const res = await client.conversations.info({ channel: channelRef });
      const missing: string[] = [];
      if (res.channel?.is_archived) missing.push('the channel is archived (unarchive it, or subscribe another channel)');
      // DMs and group DMs report no is_member; the bot is in them by definition.
      if (res.channel && res.channel.is_member === false && !res.channel.is_im && !res.channel.is_mpim) missing.push('the bot is not a member of this channel: type `/invite @aws-coach` here');
      return { ok: missing.length === 0, missing };
    } catch (err) {
      const outcome = mapSlackError(err);
      if (outcome.reason === 'channel_not_found' || outcome.reason === 'no_access') {
        return { ok: false, missing: ['the bot cannot see this channel: type `/invite @aws-coach` here'] };
      }
      if (outcome.reason === 'missing_permissions') {
        return { ok: false, missing: ['the app lacks the channels:read scope: reinstall it from slack/manifest.yml'] };
      }
      // Slack did not answer: do not block the admin on our own check.
      this.logger.warn({ channel: channelRef, reason: outcome.reason }, 'conversations.info failed; access not checked');
      return { ok: true, missing: [] };
    }
  }

  /**
   * Hands a person a file privately: uploaded to their DM with files.uploadV2;
   * without the files:write scope, sent to the DM as several text messages
   * within Slack's limits. Returns a line to tell them where it went.
   */
  async deliverFile(userKey: string, file: { filename: string; content: string }): Promise<string> {
    const userId = slackUserId(userKey);
    if (!userId) return 'I could not tell who you are, so the file was not sent.';
    const scope = `slack:${userKey.split(':')[1]}`;
    const client = await this.clientFor(scope);
    const channel = await this.openDm(userId, scope);
    if (typeof channel !== 'string') return `I could not open a direct message to send ${file.filename} (${channel.detail}).`;
    try {
      await client.files.uploadV2({ channel_id: channel, filename: file.filename, content: file.content, title: file.filename });
      return `📎 ${file.filename} is in your direct messages with the bot.`;
    } catch (err) {
      const outcome = mapSlackError(err);
      if (outcome.reason !== 'missing_permissions') return `The file could not be uploaded (${outcome.detail}).`;
    }
    const parts = fileMessages(file.filename, file.content);
    for (const part of parts) await client.chat.postMessage({ channel, ...part, unfurl_links: false, unfurl_media: false });
    return `📎 ${file.filename} is in your direct messages with the bot, in ${parts.length} message${parts.length === 1 ? '' : 's'} (add the files:write scope to get it as one file).`;
  }

  private async openDm(userId: string, scope: string): Promise<string | Failure> {
    try {
      const client = await this.clientFor(scope);
      const opened = await client.conversations.open({ users: userId });
      return opened.channel?.id ?? { ok: false, kind: 'transient', reason: 'unknown', detail: 'conversations.open returned no channel' };
    } catch (err) {
      const outcome = mapSlackError(err);
      this.logger.warn({ user: userId, reason: outcome.reason, detail: outcome.detail }, 'Slack DM open failed');
      return outcome;
    }
  }
}
