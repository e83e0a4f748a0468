/**
 * Outbound messages on a clock (daily posts, reveals, digests, reminders):
 * each running platform registers one ChatPort.
 */
import type { Reply } from '../messages.js';

/** Typed outcome of posting to a channel, which the jobs act on. */
export type PostOutcome =
  | { ok: true; messageId: string }
  | {
      ok: false;
      /** permanent: stop trying this channel until an admin fixes it; transient: retry later. */
      kind: 'permanent' | 'transient';
      reason:
        | 'channel_not_found'
        | 'no_access'
        | 'archived'
        | 'missing_permissions'
        | 'invalid_auth'
        | 'rate_limited'
        | 'server_error'
        | 'timeout'
        | 'unknown';
      detail: string;
      /** A server-given wait (e.g. Retry-After) before a retry makes sense. */
      retryAfterMs?: number;
    };

export type PostFailureOutcome = Extract<PostOutcome, { ok: false }>;

export interface PostOptions {
  /**
   * Stable per (thing, local period), at most 25 characters. Ports whose
   * platform can de-duplicate with it (Discord: message `nonce` with
   * `enforce_nonce`) pass it on; others may ignore it.
   */
  idempotencyKey?: string;
  /** Post in this discussion thread (the `threadRef` a post with `openThread` reported). */
  threadRef?: string;
  /** The message this one answers, when it has no thread: Slack replies in its thread; others may post in the channel. */
  replyTo?: string;
  /** Open a discussion thread on the new message, with this name and first line. */
  openThread?: { name: string; invitation: string };
  /** The workspace the channel belongs to (multi-workspace Slack installs pick their token by it). */
  scope?: string;
}

/** What a successful post may also report. */
export interface PostDetails {
  /** The discussion thread opened on the message, when asked for one. */
  threadRef?: string;
}

/** Whether the bot can post in a channel, and if not, exactly what is missing. */
export interface ChannelAccess {
  ok: boolean;
  /** Plain-words problems, e.g. "Send Messages (channel settings → Permissions)". */
  missing: string[];
}

export interface ChatPort {
  /** The platform id this port posts to (as registered in the platform registry). */
  readonly platform: string;
  postToChannel(channelRef: string, reply: Reply, opts?: PostOptions): Promise<PostOutcome & Partial<PostDetails>>;
  /** A private message to a user (review reminders); absent where the platform cannot DM. */
  sendDirect?(userKey: string, reply: Reply): Promise<PostOutcome>;
  /** Checks the bot's own access to a channel (subscribe and schedule use it). */
  checkAccess?(channelRef: string, needs: { threads: boolean; files: boolean }, scope?: string): Promise<ChannelAccess>;
}
