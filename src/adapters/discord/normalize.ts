/**
 * A Discord interaction → the neutral event. Read from the raw payload
 * (`interaction.toJSON()` shape or the gateway's own), validated with zod: a
 * payload missing its user, data or message, with non-numeric permissions, or
 * of a kind we do not serve becomes null (logged and ignored), never a crash.
 *
 *   user key     discord:<user id>
 *   scope        discord:<guild id>            (DMs: discord:dm:<user id>)
 *   channel key  discord:<guild id>:<channel>  (DMs: discord:dm:<channel id>)
 */
import { z } from 'zod';
import type { EventPlace, InboundEvent } from '../../core/ports/inbound.js';

export const userKeyOf = (userId: string): string => `discord:${userId}`;

/** The Discord user id inside a `discord:<id>` key, or null for other platforms' keys. */
export function userIdOf(userKey: string): string | null {
  const match = /^discord:(\d{1,22})$/.exec(userKey);
  return match ? match[1]! : null;
}

/** `<@123>`, `<@!123>` or a bare id (what a Discord user option carries) → `discord:123`. */
export function parseDiscordMention(mention: string, _place?: EventPlace): string | null {
  const match = /^(?:<@!?(\d{15,22})>|(\d{15,22}))$/.exec(mention.trim());
  const id = match?.[1] ?? match?.[2];
  return id ? userKeyOf(id) : null;
}

const snowflake = z.string().regex(/^\d{1,22}$/);
const user = z.object({ id: snowflake, username: z.string().max(100).optional(), global_name: z.string().max(100).nullable().optional() });

const optionSchema: z.ZodType<{ name: string; type: number; value?: unknown; options?: unknown[] }> = z.object({
  name: z.string().max(40),
  type: z.number().int(),
  value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
  options: z.array(z.lazy(() => optionSchema)).max(25).optional(),
  focused: z.boolean().optional(),
});

const interactionSchema = z.object({
  id: snowflake,
  application_id: snowflake,
  type: z.number().int(),
  token: z.string().min(1).max(500),
  guild_id: snowflake.optional().nullable(),
  channel_id: snowflake.optional().nullable(),
  member: z.object({ user: user.optional(), permissions: z.string().max(40).optional() }).optional().nullable(),
  user: user.optional().nullable(),
  data: z.record(z.string(), z.unknown()).optional(),
  message: z.object({ id: snowflake, flags: z.number().int().optional() }).optional().nullable(),
  context: z.number().int().optional().nullable(),
  authorizing_integration_owners: z.record(z.string(), z.string()).optional().nullable(),
});

export type RawInteraction = z.infer<typeof interactionSchema>;

/** Where the answer goes after a restart: the interaction's webhook (a capability: stored, never logged). */
export interface DiscordReplyTo {
  applicationId: string;
  token: string;
}

export interface Normalized {
  event: InboundEvent;
  externalId: string;
  replyTo: DiscordReplyTo;
  raw: RawInteraction;
}

const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Reads the subcommand and its typed options: `/aws question topic:networking`. */
export function readSubcommand(data: Record<string, unknown>): { name: string | null; options: Record<string, unknown> } {
  const parsed = z.array(optionSchema).max(25).safeParse(data.options ?? []);
  const sub = parsed.success ? parsed.data[0] : undefined;
  // Subcommand = option type 1.
  if (!sub || sub.type !== 1) return { name: null, options: {} };
  const options: Record<string, unknown> = {};
  for (const o of sub.options ?? []) {
    const option = o as { name: string; value?: unknown };
    if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
  }
  return { name: sub.name, options };
}

/** The interaction as an event, or null when it is malformed or not one we serve. */
export function normalize(rawInput: unknown, botGuilds: (guildId: string) => boolean): Normalized | null {
  const parsed = interactionSchema.safeParse(rawInput);
  if (!parsed.success) return null;
  const raw = parsed.data;
  const who = raw.member?.user ?? raw.user;
  if (!who || !raw.channel_id) return null;
  const guildId = raw.guild_id ?? null;
  // Discord sends permissions as a decimal string; anything else is not a payload from Discord.
  const sent = raw.member?.permissions;
  if (sent !== undefined && !/^\d{1,20}$/.test(sent)) return null;
  const permissions = sent ?? '0';
  // Admin commands count only in a guild that installed this bot, and that it is in (not a user install).
  const guildInstall = Boolean(guildId && raw.authorizing_integration_owners?.['0'] === guildId && (raw.context ?? 0) === 0);
  const actor = {
    userKey: userKeyOf(who.id),
    displayName: who.global_name ?? who.username ?? null,
    facts: { permissions, guildInstall, botInGuild: guildId ? botGuilds(guildId) : false },
  };
  const place: EventPlace = {
    scope: guildId ? `discord:${guildId}` : `discord:dm:${who.id}`,
    channelKey: guildId ? `discord:${guildId}:${raw.channel_id}` : `discord:dm:${raw.channel_id}`,
    channelRef: raw.channel_id,
  };
  const base = { platform: 'discord', actor, place };
  const data = raw.data ?? {};
  const replyTo = { applicationId: raw.application_id, token: raw.token };
  let event: InboundEvent | null = null;
  if (raw.type === InteractionType.ApplicationCommand) {
    // Only chat-input commands (type 1); user or message context menus are not ours.
    if (data.type !== undefined && data.type !== 1) return null;
    const { name, options } = readSubcommand(data);
    if (!name) return null;
    event = { ...base, kind: 'command', name, options };
  } else if (raw.type === InteractionType.MessageComponent) {
    if (typeof data.custom_id !== 'string' || !raw.message) return null;
    event = { ...base, kind: 'button', actionId: data.custom_id, onPrivateMessage: ((raw.message.flags ?? 0) & 64) === 64 };
  } else if (raw.type === InteractionType.ModalSubmit) {
    if (typeof data.custom_id !== 'string') return null;
    const values: Record<string, string> = {};
    const rows = z.array(z.object({ components: z.array(z.object({ custom_id: z.string().max(100), value: z.string().max(4000).optional() })).max(5) })).max(5).safeParse(data.components ?? []);
    if (!rows.success) return null;
    for (const row of rows.data) for (const c of row.components) if (typeof c.value === 'string') values[c.custom_id] = c.value;
    event = { ...base, kind: 'form', formId: data.custom_id, values };
  }
  return event ? { event, externalId: raw.id, replyTo, raw } : null;
}

/** The option being typed in an autocomplete interaction. */
export function focusedOption(rawInput: unknown): { command: string; option: string; typed: string } | null {
  const parsed = interactionSchema.safeParse(rawInput);
  if (!parsed.success || parsed.data.type !== InteractionType.Autocomplete) return null;
  const sub = z.array(optionSchema).max(25).safeParse(parsed.data.data?.options ?? []);
  const first = sub.success ? (sub.data[0] as { name: string; type: number; options?: unknown[] } | undefined) : undefined;
  if (!first || first.type !== 1) return null;
  const focused = (first.options ?? []).find((o) => (o as { focused?: boolean }).focused) as { name: string; value?: unknown } | undefined;
  return focused ? { command: first.name, option: focused.name, typed: String(focused.value ?? '') } : null;
}
