/**
 * Posting outside an interaction (daily questions, review nudges) through
 * discord.js's REST client. Rate limits (per-route buckets, 429 Retry-After,
 * the 50 requests/s global limit) are the library's queue's job; this file
 * only turns Discord's answers into the typed PostOutcome the scheduler acts on.
 */
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type APIMessage, type RawFile, type REST } from 'discord.js';
import type { Reply } from '../../core/messages.js';
import type { ChannelAccess, ChatPort, PostOptions, PostOutcome } from '../../core/ports/chat.js';
import type { Logger } from '../../core/ports/logger.js';
import { missingPermissions } from './permissions.js';
import { userIdOf } from './normalize.js';
import { renderPlainText, renderReply, type DiscordPictures } from './render.js';

/** Discord JSON error codes the scheduler must tell apart (see "JSON Error Codes" in the docs). */
export const DISCORD_ERRORS = {
  unknownChannel: 10003,
  unknownUser: 10013,
  missingAccess: 50001,
  cannotMessageUser: 50007,
  missingPermissions: 50013,
  archivedThread: 50083,
} as const;

export const NEEDED_PERMISSIONS = 'View Channel, Send Messages, Embed Links, Attach Files, Create Public Threads and Send Messages in Threads';

/** Diagrams of a reply: the attachment names the embeds refer to, and the PNG files to send. */
export type PicturesFor = (reply: Reply) => { pictures: DiscordPictures; files: (names: string[]) => RawFile[] };

const EMBED_LINKS_DETAIL =
  'The bot lacks the Embed Links permission in this channel, so the question was posted as plain text. Grant Embed Links to the bot (channel or role settings) to get the full card.';

type Failure = Extract<PostOutcome, { ok: false }>;

const fail = (kind: Failure['kind'], reason: Failure['reason'], detail: string): Failure => ({ ok: false, kind, reason, detail });

/** Maps what the REST client threw to a PostOutcome. Never includes request headers (the token). */
export function outcomeOfError(err: unknown, channelRef: string): Failure {
  if (err instanceof DiscordAPIError) {
    const code = Number(err.code);
    switch (code) {
      case DISCORD_ERRORS.unknownChannel:
        return fail('permanent', 'channel_not_found', `Unknown Channel (10003): channel ${channelRef} no longer exists.`);
      case DISCORD_ERRORS.missingAccess:
        return fail('permanent', 'no_access', `Missing Access (50001): the bot cannot see channel ${channelRef}. Give it ${NEEDED_PERMISSIONS} there.`);
      case DISCORD_ERRORS.missingPermissions:
        return fail('permanent', 'missing_permissions', `Missing Permissions (50013) in channel ${channelRef}: the bot needs ${NEEDED_PERMISSIONS}.`);
      case DISCORD_ERRORS.archivedThread:
        return fail('permanent', 'archived', `Thread ${channelRef} is archived (50083).`);
      case DISCORD_ERRORS.cannotMessageUser:
      case DISCORD_ERRORS.unknownUser:
        return fail('permanent', 'no_access', `Discord refused the direct message (${code}): the user blocks DMs from this server or left it.`);
    }
    if (err.status === 401) return fail('permanent', 'invalid_auth', 'Discord rejected the bot token (401). Check DISCORD_TOKEN.');
    if (err.status === 403) return fail('permanent', 'no_access', `Forbidden (${code}) in channel ${channelRef}: ${err.message}`);
    // Another 4xx is most likely our own payload; do not disable the channel for it.
    return fail('transient', 'unknown', `Discord refused the message (${err.status}, code ${code}): ${err.message}`);
  }
  if (err instanceof RateLimitError) return fail('transient', 'rate_limited', `Rate limited on ${err.route}; retry after ${err.retryAfter} ms.`);
  if (err instanceof HTTPError) return fail('transient', 'server_error', `Discord answered ${err.status} ${err.message}.`);
  if (err instanceof Error) {
    if (err.name === 'AbortError' || /timed? ?out/i.test(err.message)) return fail('transient', 'timeout', 'Discord did not answer in time.');
    // After a 401 the REST client forgets the token and refuses further requests with this message.
    if (/Expected token to be set/.test(err.message)) return fail('permanent', 'invalid_auth', 'No valid bot token (Discord answered 401 earlier). Check DISCORD_TOKEN.');
    return fail('transient', 'unknown', `Request failed: ${err.message}`);
  }
  return fail('transient', 'unknown', 'Request failed.');
}

/** Discord's message nonce is at most 25 characters. */
export const MAX_NONCE_LENGTH = 25;

/**
 * With `enforce_nonce`, Discord answers a repeated create with the same nonce
 * (within a few minutes) by returning the message it already made: a re-send
 * after a crash between "Discord accepted it" and "we recorded it" cannot
 * post twice.
 */
export function nonceFields(idempotencyKey: string | undefined): { nonce?: string; enforce_nonce?: boolean } {
  if (!idempotencyKey) return {};
  return { nonce: idempotencyKey.slice(0, MAX_NONCE_LENGTH), enforce_nonce: true };
}

/** A thread's name is at most 100 characters. */
const THREAD_NAME_LIMIT = 100;
/** Public threads archive after a day without messages. */
const THREAD_ARCHIVE_MINUTES = 1440;

export class DiscordChatPort implements ChatPort {
  readonly platform = 'discord';

  constructor(
    private readonly rest: REST,
    private readonly logger: Logger,
    private readonly picturesFor: PicturesFor = () => ({ pictures: new Map(), files: () => [] }),
    /** The bot's own user id (for permission checks); looked up once when absent. */
    private botUserId: string | null = null,
  ) {}

  async postToChannel(channelRef: string, reply: Reply, opts: PostOptions = {}): Promise<PostOutcome & { threadRef?: string }> {
    if (!/^\d{1,22}$/.test(channelRef)) return fail('permanent', 'channel_not_found', `"${channelRef.slice(0, 40)}" is not a Discord channel id.`);
    // A reply in a thread is a message in the thread's own channel.
    const target = opts.threadRef && /^\d{1,22}$/.test(opts.threadRef) ? opts.threadRef : channelRef;
    const { pictures, files } = this.picturesFor(reply);
    const { embeds, components, images } = renderReply(reply, pictures);
    const dedupe = nonceFields(opts.idempotencyKey);
    // `replyTo` (a message id, not a channel) is left out on purpose: a Discord reply needs Read Message
    // History, which the bot does not ask for; without a thread the answer is a message in the channel.
    try {
      const message = await this.create(target, { embeds, components, allowed_mentions: { parse: [] }, ...dedupe }, files(images.map((i) => i.name)));
      // Without Embed Links, Discord accepts a message that has buttons but silently drops its embeds.
      if (embeds.length > 0 && message.embeds.length === 0) return await this.embedsStripped(target, message, reply);
      if (opts.openThread) return { ok: true, messageId: message.id, ...(await this.openThread(target, message.id, opts.openThread)) };
      return { ok: true, messageId: message.id };
    } catch (err) {
      const outcome = outcomeOfError(err, channelRef);
      // An embed-only message without Embed Links is refused with 50013; plain text tells which permission is missing.
      if (outcome.reason === 'missing_permissions') return this.retryAsPlainText(channelRef, reply, outcome, dedupe);
      this.logFailure(channelRef, outcome);
      return outcome;
    }
  }

  async sendDirect(userKey: string, reply: Reply): Promise<PostOutcome> {
    const userId = userIdOf(userKey);
    if (!userId) return fail('permanent', 'no_access', `${userKey.slice(0, 60)} is not a Discord user.`);
    let channelId: string;
    try {
      const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      channelId = channel.id;
    } catch (err) {
      const outcome = outcomeOfError(err, `dm:${userId}`);
      this.logFailure(`dm:${userId}`, outcome);
      return outcome;
    }
    return this.postToChannel(channelId, reply);
  }

  private async create(channelRef: string, body: object, files: RawFile[] = []): Promise<APIMessage> {
    return (await this.rest.post(Routes.channelMessages(channelRef), files.length ? { body, files } : { body })) as APIMessage;
  }

  /** A public thread on the post, auto-archiving after a day, with the invitation as its first message. */
  private async openThread(channelRef: string, messageId: string, thread: { name: string; invitation: string }): Promise<{ threadRef?: string }> {
    try {
      const created = (await this.rest.post(Routes.threads(channelRef, messageId), {
        body: { name: thread.name.slice(0, THREAD_NAME_LIMIT), auto_archive_duration: THREAD_ARCHIVE_MINUTES },
      })) as { id: string };
      await this.rest.post(Routes.channelMessages(created.id), { body: { content: thread.invitation.replace(/\*/g, '**'), allowed_mentions: { parse: [] } } });
      return { threadRef: created.id };
    } catch (err) {
      // The post itself went out; a missing Create Public Threads permission shows in `schedule`.
      this.logger.warn({ channelRef, code: (err as { code?: unknown }).code }, 'could not open the discussion thread');
      return {};
    }
  }

  /** The bot's effective permissions in the channel, and which of the needed ones are missing. */
  async checkAccess(channelRef: string, needs: { threads: boolean; files: boolean }): Promise<ChannelAccess> {
    try {
      this.botUserId ??= ((await this.rest.get(Routes.user('@me'))) as { id: string }).id;
      const missing = await missingPermissions(this.rest, channelRef, this.botUserId, {
        threads: needs.threads,
        files: true,
      });
      return { ok: missing.length === 0, missing };
    } catch (err) {
      if (err instanceof DiscordAPIError && (Number(err.code) === DISCORD_ERRORS.missingAccess || Number(err.code) === DISCORD_ERRORS.unknownChannel)) {
        return { ok: false, missing: ['View Channel (the bot cannot see this channel: channel settings → Permissions → add the bot)'] };
      }
      this.logger.warn({ channelRef, code: (err as { code?: unknown }).code }, 'could not check the bot’s permissions; not blocking');
      return { ok: true, missing: [] };
    }
  }

  private async embedsStripped(channelRef: string, message: APIMessage, reply: Reply): Promise<PostOutcome> {
    try {
      await this.rest.patch(Routes.channelMessage(channelRef, message.id), {
        body: { content: renderPlainText(reply), allowed_mentions: { parse: [] } },
      });
    } catch (err) {
      this.logger.warn({ channelRef, code: (err as { code?: unknown }).code }, 'could not add plain text to a post without embeds');
    }
    return this.embedLinksMissing(channelRef, message.id);
  }

  private async retryAsPlainText(channelRef: string, reply: Reply, original: Failure, dedupe: object): Promise<PostOutcome> {
    try {
      const { components } = renderReply(reply);
      const message = await this.create(channelRef, { content: renderPlainText(reply), components, allowed_mentions: { parse: [] }, ...dedupe });
      return this.embedLinksMissing(channelRef, message.id);
    } catch {
      // Plain text is refused too: Send Messages or View Channel is missing, as the first error said.
      this.logFailure(channelRef, original);
      return original;
    }
  }

  private embedLinksMissing(channelRef: string, messageId: string): PostOutcome {
    const outcome = fail('permanent', 'missing_permissions', `${EMBED_LINKS_DETAIL} (message ${messageId})`);
    this.logFailure(channelRef, outcome);
    return outcome;
  }

  private logFailure(channelRef: string, outcome: Failure): void {
    this.logger.warn({ platform: 'discord', channelRef, kind: outcome.kind, reason: outcome.reason, detail: outcome.detail }, 'discord post failed');
  }
}
