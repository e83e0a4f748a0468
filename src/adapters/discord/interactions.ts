/**
 * Answering Discord interactions, from the raw gateway payload and over REST
 * (interaction callbacks and the interaction webhook), so a malformed payload
 * is refused by our own validation, never by a library crash.
 *
 * Every interaction must be answered within Discord's 3-second window: an
 * answer not ready after DEFAULT_DEFER_AFTER_MS is deferred first (Discord
 * shows "thinking…", privately or publicly as the core's plan says) and sent
 * as an edit afterwards. Before any answer, the interaction is written to the
 * durable inbox, and it is marked done with its effect.
 */
import { Routes, type RawFile, type REST } from 'discord.js';
import type { Reply } from '../../core/messages.js';
import type { Delivery, Outcome } from '../../core/ports/inbound.js';
import type { Logger } from '../../core/ports/logger.js';
import type { InboundPort } from '../contract.js';
import { AUTOCOMPLETE_CHOICES_LIMIT, CHOICE_NAME_LIMIT, CHOICE_VALUE_LIMIT, EPHEMERAL_FLAG, truncate } from './limits.js';
import { focusedOption, normalize, type DiscordReplyTo, type Normalized } from './normalize.js';
import { renderModal, renderReply, type DiscordPictures } from './render.js';

/** Well inside Discord's 3 s, leaving room for the network round trip. */
export const DEFAULT_DEFER_AFTER_MS = 1500;
/** An interaction token works for 15 minutes. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;

const Callback = { Message: 4, DeferredMessage: 5, DeferredUpdate: 6, UpdateMessage: 7, Autocomplete: 8, Modal: 9 } as const;

export interface InteractionEnv {
  rest: REST;
  inbound: InboundPort;
  logger: Logger;
  deferAfterMs: number;
  /** Whether the bot is in a guild (admin commands count only there). */
  botInGuild(guildId: string): boolean;
  /** Diagram attachments for a reply. */
  pictures(reply: Reply): { pictures: DiscordPictures; files: (names: string[]) => RawFile[] };
  durable: boolean;
  track<T>(work: Promise<T>): Promise<T>;
}

/** A reply as a REST message body plus its files (diagram PNGs, an export). */
function messageOf(env: InteractionEnv, reply: Reply, visibility: 'public' | 'private' | 'keep'): { body: Record<string, unknown>; files: RawFile[] } {
  const { pictures, files } = env.pictures(reply);
  const message = renderReply(reply, pictures);
  const attached = files(message.images.map((i) => i.name));
  if (message.attachment) attached.push({ name: message.attachment.filename, data: Buffer.from(message.attachment.content, 'utf8'), contentType: message.attachment.mimeType });
  const body: Record<string, unknown> = { embeds: message.embeds, components: message.components, allowed_mentions: { parse: [] } };
  if (visibility === 'private') body.flags = EPHEMERAL_FLAG;
  // Files are re-sent whole on every edit: list them, and only them.
  if (attached.length) body.attachments = attached.map((f, id) => ({ id, filename: f.name }));
  return { body, files: attached };
}

const visibilityOf = (delivery: Delivery): 'public' | 'private' | 'keep' => (delivery === 'channel' ? 'public' : delivery === 'replace' ? 'keep' : 'private');

async function callback(env: InteractionEnv, raw: { id: string; token: string }, type: number, data?: { body: Record<string, unknown>; files: RawFile[] }): Promise<void> {
  const route = Routes.interactionCallback(raw.id, raw.token);
  await env.rest.post(route, { auth: false, body: data ? { type, data: data.body } : { type }, ...(data?.files.length ? { files: data.files } : {}) });
}

async function editOriginal(env: InteractionEnv, to: DiscordReplyTo, data: { body: Record<string, unknown>; files: RawFile[] }): Promise<void> {
  const { flags: _fixedWhenDeferred, ...body } = data.body;
  await env.rest.patch(Routes.webhookMessage(to.applicationId, to.token, '@original'), { auth: false, body, ...(data.files.length ? { files: data.files } : {}) });
}

/** Runs `work`; if it is not done within `ms`, calls `defer` first so Discord keeps waiting. */
async function inTime<T>(work: Promise<T>, ms: number, defer: () => Promise<unknown>): Promise<{ value: T; deferred: boolean }> {
  if (ms <= 0) {
    await defer();
    return { value: await work, deferred: true };
  }
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), ms)));
  const first = await Promise.race([work, slow]);
  clearTimeout(timer);
  if (first !== 'slow') return { value: first as T, deferred: false };
  await defer();
  return { value: await work, deferred: true };
}

/** Only what helps debugging: an error's url holds the interaction token, so it is never logged. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { code, status } = err as { code?: unknown; status?: unknown };
  return { name: err.name, message: err.message.replace(/\/interactions\/\d+\/[^/\s]+/g, '/interactions/…'), code, status };
}

async function answer(env: InteractionEnv, n: Normalized, inboxId: number | undefined): Promise<Outcome> {
  const plan = env.inbound.plan(n.event);
  const work = env.track(env.inbound.handle(n.event, inboxId === undefined ? {} : { inboxId }));
  if (plan.delivery === 'form') {
    // A modal must be the interaction's first answer: no deferring.
    const outcome = await work;
    if (outcome.delivery === 'form' && outcome.form) await callback(env, n.raw, Callback.Modal, { body: renderModal(outcome.form), files: [] });
    else await callback(env, n.raw, Callback.Message, messageOf(env, outcome.reply, 'private'));
    return outcome;
  }
  const { value: outcome, deferred } = await inTime(work, env.deferAfterMs, () =>
    plan.delivery === 'replace'
      ? callback(env, n.raw, Callback.DeferredUpdate)
      : callback(env, n.raw, Callback.DeferredMessage, { body: plan.delivery === 'channel' ? {} : { flags: EPHEMERAL_FLAG }, files: [] }),
  );
  const visibility = visibilityOf(outcome.delivery);
  const data = messageOf(env, outcome.reply, visibility);
  if (!deferred) {
    await callback(env, n.raw, outcome.delivery === 'replace' ? Callback.UpdateMessage : Callback.Message, data);
  } else if (plan.delivery === 'channel' && visibility === 'private') {
    // A public "thinking…" cannot turn private: remove it and answer privately instead.
    await env.rest.delete(Routes.webhookMessage(n.replyTo.applicationId, n.replyTo.token, '@original'), { auth: false });
    await env.rest.post(Routes.webhook(n.replyTo.applicationId, n.replyTo.token), { auth: false, body: data.body, ...(data.files.length ? { files: data.files } : {}) });
  } else if (plan.delivery === 'replace' && visibility !== 'keep') {
    // Deferred as an in-place update, but the answer is a new private message.
    await env.rest.post(Routes.webhook(n.replyTo.applicationId, n.replyTo.token), { auth: false, body: data.body, ...(data.files.length ? { files: data.files } : {}) });
  } else {
    await editOriginal(env, n.replyTo, data);
  }
  return outcome;
}

export async function onRawInteraction(env: InteractionEnv, raw: unknown): Promise<void> {
  const focused = focusedOption(raw);
  if (focused) {
    const choices = env.inbound
      .suggest(focused.command, focused.option, focused.typed)
      .slice(0, AUTOCOMPLETE_CHOICES_LIMIT)
      .map((c) => ({ name: truncate(c.name, CHOICE_NAME_LIMIT), value: c.value.slice(0, CHOICE_VALUE_LIMIT) }));
    const r = raw as { id: string; token: string };
    await callback(env, r, Callback.Autocomplete, { body: { choices }, files: [] }).catch((err: unknown) => env.logger.warn({ err: describeError(err) }, 'autocomplete answer failed'));
    return;
  }
  const n = normalize(raw, env.botInGuild);
  if (!n) {
    const type = (raw as { type?: unknown } | null)?.type;
    env.logger.warn({ platform: 'discord', type: typeof type === 'number' ? type : null }, 'malformed or unsupported interaction ignored');
    return;
  }
  let inboxId: number | undefined;
  try {
    if (env.durable) {
      const accepted = await env.inbound.accept(n.event, n.externalId, n.replyTo);
      if (accepted.duplicate) return;
      inboxId = accepted.id;
    }
    await answer(env, n, inboxId);
  } catch (err) {
    env.logger.error({ platform: 'discord', err: describeError(err) }, 'discord interaction failed');
  }
}

/** Finishes interactions accepted before a crash: the effect always, the reply while the token works. */
export async function recoverInbox(env: InteractionEnv, now: Date): Promise<{ finished: number; replied: number }> {
  let finished = 0;
  let replied = 0;
  for (const entry of await env.inbound.pending('discord')) {
    let n: { event: Normalized['event']; replyTo: DiscordReplyTo };
    try {
      n = { event: JSON.parse(entry.event) as Normalized['event'], replyTo: JSON.parse(entry.replyTo ?? '{}') as DiscordReplyTo };
    } catch {
      env.logger.error({ inboxId: entry.id }, 'unreadable inbox entry skipped');
      continue;
    }
    const outcome = await env.inbound.handle(n.event, { inboxId: entry.id, recovered: true });
    if (outcome.status === 'duplicate') continue;
    finished++;
    if (now.getTime() - entry.acceptedAt.getTime() < INTERACTION_TOKEN_TTL_MS && n.replyTo.token) {
      try {
        await editOriginal(env, n.replyTo, messageOf(env, outcome.reply, visibilityOf(outcome.delivery)));
        replied++;
      } catch (err) {
        env.logger.info({ inboxId: entry.id, err: describeError(err) }, 'finished an interaction accepted before a restart; could not reply');
      }
    }
  }
  return { finished, replied };
}
