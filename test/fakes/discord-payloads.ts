/**
 * Gateway and interaction payloads as Discord documents them
 * ("Gateway Events: Ready / Guild Create", "Receiving and Responding:
 * Interaction Object"). Typed with discord-api-types (re-exported by
 * discord.js), so a missing or misspelt field fails the type check.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  PermissionFlagsBits,
  type ApplicationFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIGuildMember,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentGuildInteraction,
  type APIModalSubmitGuildInteraction,
  type APITextChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord.js';

/** Flag fields are enums in the types; Discord sends 0 for "none set". */
const NO_FLAGS: number = 0;

let next = 900_000_000_000_000_000n;
/** A fresh snowflake-shaped id. */
export const snowflake = (): string => String(next++);

export interface FakeIds {
  applicationId: string;
  guildId: string;
  channelId: string;
  botUserId: string;
}

/** Permissions an ordinary member has in the test channel. */
export const MEMBER_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands;
export const MANAGE_CHANNELS_PERMISSIONS = MEMBER_PERMISSIONS | PermissionFlagsBits.ManageChannels;
/** What the invite URL grants the bot (its managed role): see, send, embed, attach, open threads and write in them. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

/** The bot's managed role in a guild (Discord creates one per bot, named after it). */
export const botRoleId = (ids: Pick<FakeIds, 'guildId'>): string => String(BigInt(ids.guildId) + 1n);

export function user(id: string, username: string, bot = false): APIUser {
  return { id, username, discriminator: '0', global_name: bot ? null : username, avatar: null, ...(bot ? { bot: true } : {}) };
}

/**
 * The shard that receives a guild's events: (guild_id >> 22) % shard_count
 * ("Sharding Formula" in Discord's gateway docs).
 */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A guild id that lands on `shardId` of `shardCount` (the n-th such id). */
export function guildIdOnShard(shardId: number, shardCount: number, n = 1): string {
  return String((BigInt(n) * BigInt(shardCount) + BigInt(shardId)) << 22n);
}

/** READY for one gateway connection: its shard, and (as unavailable stubs) the guilds that shard owns. */
export function readyPayload(ids: FakeIds, resumeUrl: string, shard: [number, number] = [0, 1], guildIds: string[] = [ids.guildId]): GatewayReadyDispatchData {
  return {
    v: 10,
    user: user(ids.botUserId, 'aws-practice-bot', true),
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: `fake-session-${shard[0]}`,
    resume_gateway_url: resumeUrl,
    shard,
    application: { id: ids.applicationId, flags: NO_FLAGS as ApplicationFlags, flags_new: '0' },
  };
}

export function textChannel(ids: FakeIds): APITextChannel {
  return {
    id: ids.channelId,
    type: ChannelType.GuildText,
    guild_id: ids.guildId,
    name: 'aws-practice',
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    topic: 'One AWS interview question a day',
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function guildCreatePayload(ids: FakeIds): GatewayGuildCreateDispatchData {
  const joinedAt = '2026-01-01T00:00:00.000Z';
  const botMember: APIGuildMember = { user: user(ids.botUserId, 'aws-practice-bot', true), roles: [botRoleId(ids)], joined_at: joinedAt, deaf: false, mute: false, flags: NO_FLAGS as GuildMemberFlags };
  return {
    id: ids.guildId,
    name: 'AWS study group',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '500000000000000005',
    region: 'us-east',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: [
      {
        id: ids.guildId,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: String(MEMBER_PERMISSIONS | PermissionFlagsBits.EmbedLinks),
        managed: false,
        mentionable: false,
        flags: NO_FLAGS as RoleFlags,
      },
      {
        id: botRoleId(ids),
        name: 'aws-practice-bot',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 1,
        permissions: String(BOT_PERMISSIONS),
        managed: true,
        mentionable: false,
        flags: NO_FLAGS as RoleFlags,
        tags: { bot_id: ids.botUserId },
      },
    ],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: ids.channelId,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [botMember],
    channels: [textChannel(ids)],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface Invoker {
  userId: string;
  username: string;
  /** The member's permissions in the channel, as Discord computes them. */
  permissions: bigint;
}

function member(who: Invoker): APIInteractionGuildMember {
  return {
    user: user(who.userId, who.username),
    roles: [],
    premium_since: null,
    permissions: String(who.permissions),
    pending: false,
    nick: null,
    mute: false,
    deaf: false,
    joined_at: '2026-01-02T00:00:00.000Z',
    flags: NO_FLAGS as GuildMemberFlags,
  };
}

/** Fields every guild interaction carries. */
function base(ids: FakeIds, who: Invoker, appPermissions: bigint) {
  return {
    id: snowflake(),
    application_id: ids.applicationId,
    token: `interaction-token-${snowflake()}`,
    version: 1 as const,
    guild_id: ids.guildId,
    guild: { id: ids.guildId, locale: Locale.EnglishUS, features: [] },
    channel_id: ids.channelId,
    channel: textChannel(ids),
    member: member(who),
    app_permissions: String(appPermissions),
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: ids.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10_485_760,
  };
}

export type OptionValues = Record<string, string | number>;

function typedOptions(values: OptionValues, focused?: string): APIApplicationCommandInteractionDataBasicOption[] {
  return Object.entries(values).map(([name, value]) =>
    typeof value === 'number'
      ? { name, type: ApplicationCommandOptionType.Integer, value }
      : { name, type: ApplicationCommandOptionType.String, value, ...(name === focused ? { focused: true } : {}) },
  ) as APIApplicationCommandInteractionDataBasicOption[];
}

export function slashCommand(
  ids: FakeIds,
  who: Invoker,
  command: { id: string; name: string; subcommand: string; options?: OptionValues },
): APIChatInputApplicationCommandGuildInteraction {
  return {
    ...base(ids, who, BOT_PERMISSIONS),
    type: InteractionType.ApplicationCommand,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: ids.guildId,
      options: [{ name: command.subcommand, type: ApplicationCommandOptionType.Subcommand, options: typedOptions(command.options ?? {}) }],
    },
  };
}

export function autocomplete(
  ids: FakeIds,
  who: Invoker,
  command: { id: string; name: string; subcommand: string; options: OptionValues; focused: string },
): APIApplicationCommandAutocompleteGuildInteraction {
  return {
    ...base(ids, who, BOT_PERMISSIONS),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      options: [{ name: command.subcommand, type: ApplicationCommandOptionType.Subcommand, options: typedOptions(command.options, command.focused) }],
    },
  };
}

/** A message as Discord returns it (the one a button was clicked on). */
export function message(ids: FakeIds, fields: Partial<APIMessage> & { id: string }): APIMessage {
  return {
    channel_id: ids.channelId,
    author: user(ids.botUserId, 'aws-practice-bot', true),
    content: '',
    timestamp: new Date('2026-03-10T12:00:00Z').toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
    components: [],
    ...fields,
  };
}

export function buttonPress(ids: FakeIds, who: Invoker, customId: string, on: APIMessage): APIMessageComponentGuildInteraction {
  return {
    ...base(ids, who, BOT_PERMISSIONS),
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message: on,
  };
}

/** A submitted modal: one text input per value, each in its own action row, as Discord sends them. */
export function modalSubmit(ids: FakeIds, who: Invoker, customId: string, values: Record<string, string>): APIModalSubmitGuildInteraction {
  return {
    ...base(ids, who, BOT_PERMISSIONS),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: customId,
      components: Object.entries(values).map(([id, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: id, value }],
      })),
    },
  } as APIModalSubmitGuildInteraction;
}

/** A user context-menu command ("Apps → …" on a member): data.type 2, with no resolved users. */
export function userContextCommand(ids: FakeIds, who: Invoker, command: { id: string; name: string }): Record<string, unknown> {
  return {
    ...base(ids, who, BOT_PERMISSIONS),
    type: InteractionType.ApplicationCommand,
    data: { id: command.id, name: command.name, type: ApplicationCommandType.User, target_id: who.userId, guild_id: ids.guildId },
  };
}
