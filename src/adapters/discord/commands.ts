/**
 * The application commands, generated from the core registry so Discord's
 * options can never drift from what the commands accept:
 *
 *   /aws <sub>        every command anyone may run (question, answer, streak, …)
 *   /aws-admin <sub>  the adminOnly ones (subscribe, unsubscribe)
 *
 * Why two commands: default_member_permissions applies to a whole command,
 * never to one subcommand. Putting the admin subcommands on their own command
 * lets Discord hide them from ordinary members. Discord requires a member to
 * hold *every* permission in that bit set, so it is Manage Channels alone
 * (subscribing changes what a channel receives); the run-time check in the
 * core (Actor.isAdmin: Manage Server OR Manage Channels) still decides,
 * because server owners can override command permissions in Integrations.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS } from '../../core/commands/registry.js';
import type { CommandDefinition, OptionSpec } from '../../core/commands/types.js';
import { CHOICE_NAME_LIMIT, COMMAND_DESCRIPTION_LIMIT, SUBCOMMANDS_LIMIT, truncate } from './limits.js';

import { ADMIN_COMMAND, MAIN_COMMAND } from './names.js';

/** Who sees /aws-admin by default: Manage Channels (bit 4), as a decimal string the API expects. */
export const ADMIN_DEFAULT_MEMBER_PERMISSIONS = PermissionFlagsBits.ManageChannels.toString();

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

const describe = (text: string) => truncate(text, COMMAND_DESCRIPTION_LIMIT);

function optionJson(spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: spec.name, description: describe(spec.description), required: spec.required ?? false };
  // A written answer or a report may be long: Discord's string options carry up to 6,000 characters.
  const long = spec.name === 'text' ? { max_length: 3000 } : {};
  if (spec.type === 'user') return { ...base, type: ApplicationCommandOptionType.User };
  if (spec.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(spec.min !== undefined ? { min_value: spec.min } : {}),
      ...(spec.max !== undefined ? { max_value: spec.max } : {}),
    };
  }
  // Discord refuses options that have both autocomplete and choices; autocomplete wins.
  if (spec.autocomplete) return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
  if (spec.choices && spec.choices.length > 0) {
    const choices = spec.choices.slice(0, 25).map((c) => ({ name: truncate(c, CHOICE_NAME_LIMIT), value: c }));
    return { ...base, type: ApplicationCommandOptionType.String, choices };
  }
  return { ...base, type: ApplicationCommandOptionType.String, ...long };
}

function subcommandJson(command: CommandDefinition): APIApplicationCommandSubcommandOption {
  // Discord requires required options to come before optional ones.
  const ordered = [...command.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: command.name,
    description: describe(command.summary),
    options: ordered.map(optionJson),
  };
}

export function isAdminCommand(command: CommandDefinition): boolean {
  return command.adminOnly === true;
}

/** Which top-level command a core command lives under. */
export function parentCommandOf(command: CommandDefinition): string {
  return isAdminCommand(command) ? ADMIN_COMMAND : MAIN_COMMAND;
}

export function buildCommands(commands: readonly CommandDefinition[] = COMMANDS): CommandJson[] {
  const everyone = commands.filter((c) => !isAdminCommand(c));
  const admins = commands.filter(isAdminCommand);
  if (everyone.length > SUBCOMMANDS_LIMIT || admins.length > SUBCOMMANDS_LIMIT) {
    throw new Error(`Discord allows at most ${SUBCOMMANDS_LIMIT} subcommands per command`);
  }
  const main: CommandJson = {
    type: ApplicationCommandType.ChatInput,
    name: MAIN_COMMAND,
    description: 'Practise AWS interview questions: daily question, answers, streaks',
    options: everyone.map(subcommandJson),
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
  const admin: CommandJson = {
    type: ApplicationCommandType.ChatInput,
    name: ADMIN_COMMAND,
    description: 'Channel admins: schedule, pause or stop the daily AWS question in this channel',
    options: admins.map(subcommandJson),
    default_member_permissions: ADMIN_DEFAULT_MEMBER_PERMISSIONS,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
  return admins.length > 0 ? [main, admin] : [main];
}

/**
 * What the bot itself needs in a channel it posts to: see it, send, show
 * embeds, attach diagram pictures, open a discussion thread on each daily
 * post and write in it. Nothing else (no Read Message History, no Manage
 * Messages): interactions are answered without any channel permission.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

/** The URL a server admin opens to add the bot, with exactly BOT_PERMISSIONS. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: BOT_PERMISSIONS.toString(),
    integration_type: '0',
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
