/**
 * A Discord interaction as the core sees it: who (user key), where (scope,
 * channel key, channel id) and whether they may administer the channel.
 *
 *   user key     discord:<user id>
 *   scope        discord:<guild id>            (DMs: discord:dm:<user id>)
 *   channel key  discord:<guild id>:<channel>  (DMs: discord:dm:<channel id>)
 */
import { ApplicationCommandOptionType, PermissionFlagsBits, type CommandInteractionOption } from 'discord.js';
import type { CommandContext, CoreDeps } from '../../core/context.js';

/** What normalisation reads from an interaction; discord.js interactions satisfy it. */
export interface InteractionSource {
  user: { id: string; username: string; globalName?: string | null };
  guildId: string | null;
  channelId: string | null;
  /** The member's permissions in this channel (overwrites applied); null in DMs. */
  memberPermissions: { any(permissions: readonly bigint[]): boolean } | null;
}

export const userKeyOf = (userId: string): string => `discord:${userId}`;

/** The Discord user id inside a `discord:<id>` key, or null for other platforms' keys. */
export function userIdOf(userKey: string): string | null {
  const match = /^discord:(\d{1,22})$/.exec(userKey);
  return match ? match[1]! : null;
}

/** `<@123>`, `<@!123>` or a bare id (what a Discord user option carries) -> `discord:123`. */
export function resolveDiscordUser(mention: string): string | null {
  const match = /^(?:<@!?(\d{15,22})>|(\d{15,22}))$/.exec(mention.trim());
  const id = match?.[1] ?? match?.[2];
  return id ? userKeyOf(id) : null;
}

/** Manage Server or Manage Channels (Administrator implies both). */
export function isChannelAdmin(source: InteractionSource): boolean {
  return source.memberPermissions?.any([PermissionFlagsBits.ManageGuild, PermissionFlagsBits.ManageChannels]) ?? false;
}

export function toCommandContext(source: InteractionSource, deps: CoreDeps): CommandContext {
  const { user, guildId } = source;
  const channelId = source.channelId ?? 'unknown';
  const admin = isChannelAdmin(source);
  return {
    platform: 'discord',
    actor: {
      userKey: userKeyOf(user.id),
      displayName: user.globalName ?? user.username,
      isAdmin: async () => admin,
    },
    scope: guildId ? `discord:${guildId}` : `discord:dm:${user.id}`,
    channelKey: guildId ? `discord:${guildId}:${channelId}` : `discord:dm:${channelId}`,
    channelRef: channelId,
    deps,
    resolveUser: resolveDiscordUser,
  };
}

export interface InvokedSubcommand {
  subcommand: string | null;
  /** Option name -> value, the raw input the core's zod schema checks. */
  options: Record<string, unknown>;
}

/** `/aws question topic:networking` arrives as one Subcommand option holding the typed options. */
export function readSubcommand(data: readonly CommandInteractionOption[]): InvokedSubcommand {
  const sub = data[0];
  if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) return { subcommand: null, options: {} };
  const options: Record<string, unknown> = {};
  for (const option of sub.options ?? []) {
    if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
  }
  return { subcommand: sub.name, options };
}
