/** Raw interaction → neutral event (zod-checked), the admin rule, and the suggestions autocomplete shows. */
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordDirectory } from '../../src/adapters/discord/index.js';
import { focusedOption, normalize, parseDiscordMention, readSubcommand, userIdOf } from '../../src/adapters/discord/normalize.js';
import { optionChoices, questionChoices, timeZoneChoices, topicChoices } from '../../src/core/inbound/complete.js';
import { DEFAULT_IDS } from '../fakes/discord.js';
import { autocomplete, buttonPress, message, modalSubmit, slashCommand, snowflake, userContextCommand, type Invoker } from '../fakes/discord-payloads.js';
import { fixtureBank } from '../support/core.js';

const ids = DEFAULT_IDS;
const member = (permissions: bigint): Invoker => ({ userId: '111111111111111111', username: 'alice', permissions });
const inGuild = (guildId: string) => guildId === ids.guildId;
const command = (who: Invoker, subcommand = 'subscribe', options = {}) => slashCommand(ids, who, { id: snowflake(), name: 'aws-admin', subcommand, options });

describe('normalize', () => {
  it('builds platform-scoped keys for a server channel, and reads the subcommand with its typed options', () => {
    const n = normalize(command(member(PermissionFlagsBits.SendMessages), 'subscribe', { time: '09:00', timezone: 'UTC' }), inGuild)!;
    expect(n.event).toEqual({
      kind: 'command',
      platform: 'discord',
      actor: { userKey: 'discord:111111111111111111', displayName: 'alice', facts: { permissions: String(PermissionFlagsBits.SendMessages), guildInstall: true, botInGuild: true } },
      place: { scope: `discord:${ids.guildId}`, channelKey: `discord:${ids.guildId}:${ids.channelId}`, channelRef: ids.channelId },
      name: 'subscribe',
      options: { time: '09:00', timezone: 'UTC' },
    });
    expect(n.externalId).toBe(n.raw.id);
    expect(n.replyTo).toEqual({ applicationId: ids.applicationId, token: n.raw.token });
  });

  it('scopes a DM to the user (no member: the user field)', () => {
    const { member: _m, guild_id: _g, guild: _gg, ...dm } = command(member(0n), 'streak');
    const n = normalize({ ...dm, user: { id: '111111111111111111', username: 'alice', global_name: 'Alice' }, context: 1 }, inGuild)!;
    expect(n.event.place).toEqual({ scope: 'discord:dm:111111111111111111', channelKey: `discord:dm:${ids.channelId}`, channelRef: ids.channelId });
    expect(n.event.actor).toMatchObject({ displayName: 'Alice', facts: { guildInstall: false, botInGuild: false } });
  });

  it('marks a guild install only when the guild itself authorised the bot in a guild context', () => {
    const facts = (overrides: Record<string, unknown>) => normalize({ ...command(member(PermissionFlagsBits.ManageGuild)), ...overrides }, inGuild)!.event.actor.facts;
    expect(facts({})).toMatchObject({ guildInstall: true, botInGuild: true });
    expect(facts({ authorizing_integration_owners: { '1': '111111111111111111' } })).toMatchObject({ guildInstall: false });
    expect(facts({ authorizing_integration_owners: { '0': '299999999999999999' } })).toMatchObject({ guildInstall: false });
    expect(facts({ context: 2 })).toMatchObject({ guildInstall: false });
    expect(facts({ guild_id: '299999999999999999', authorizing_integration_owners: { '0': '299999999999999999' } })).toMatchObject({ guildInstall: true, botInGuild: false });
  });

  it('reads a button on a private message, and a modal’s values by field', () => {
    const click = normalize(buttonPress(ids, member(0n), 'reveal:vpc-basics:d', message(ids, { id: snowflake(), flags: 64 })), inGuild)!;
    expect(click.event).toMatchObject({ kind: 'button', actionId: 'reveal:vpc-basics:d', onPrivateMessage: true });
    const form = normalize(modalSubmit(ids, member(0n), 'answer:vpc-basics:d', { answer: 'Stateful.' }), inGuild)!;
    expect(form.event).toMatchObject({ kind: 'form', formId: 'answer:vpc-basics:d', values: { answer: 'Stateful.' } });
  });

  it('refuses (null) what it cannot serve or read', () => {
    const good = command(member(0n));
    const { member: _m, ...noWho } = good;
    const { data: _d, ...noData } = good;
    const { message: _msg, ...noMessage } = buttonPress(ids, member(0n), 'x', message(ids, { id: snowflake() }));
    expect(normalize(noWho, inGuild)).toBeNull();
    expect(normalize(noData, inGuild)).toBeNull();
    expect(normalize(noMessage, inGuild)).toBeNull();
    expect(normalize({ ...good, member: { ...good.member, permissions: '8 or more' } }, inGuild)).toBeNull();
    expect(normalize(userContextCommand(ids, member(0n), { id: snowflake(), name: 'aws' }), inGuild)).toBeNull();
    expect(normalize({ ...good, id: 'not-a-snowflake' }, inGuild)).toBeNull();
    expect(normalize({ ...good, type: 99 }, inGuild)).toBeNull();
    expect(normalize(null, inGuild)).toBeNull();
    expect(normalize('INTERACTION_CREATE', inGuild)).toBeNull();
  });

  it('reads a subcommand and its typed options, and nothing from a payload without one', () => {
    const read = readSubcommand({
      options: [
        { name: 'subscribe', type: ApplicationCommandOptionType.Subcommand, options: [{ name: 'time', type: ApplicationCommandOptionType.String, value: '09:00' }] },
      ],
    });
    expect(read).toEqual({ name: 'subscribe', options: { time: '09:00' } });
    expect(readSubcommand({ options: [] })).toEqual({ name: null, options: {} });
    expect(readSubcommand({ options: [{ name: 'time', type: ApplicationCommandOptionType.String, value: '09:00' }] })).toEqual({ name: null, options: {} });
  });

  it('finds the option being typed in an autocomplete', () => {
    const payload = autocomplete(ids, member(0n), { id: snowflake(), name: 'aws', subcommand: 'question', options: { topic: 'net' }, focused: 'topic' });
    expect(focusedOption(payload)).toEqual({ command: 'question', option: 'topic', typed: 'net' });
    expect(focusedOption(command(member(0n)))).toBeNull();
  });
});

describe('the admin rule (discordDirectory)', () => {
  const admin = (permissions: bigint, overrides: Record<string, unknown> = {}) => {
    const n = normalize({ ...command(member(permissions)), ...overrides }, inGuild)!;
    return discordDirectory.isAdmin(n.event.actor, n.event.place);
  };

  it.each([
    ['Manage Server', PermissionFlagsBits.ManageGuild, true],
    ['Manage Channels', PermissionFlagsBits.ManageChannels, true],
    ['Administrator', PermissionFlagsBits.Administrator, true],
    ['Manage Messages only', PermissionFlagsBits.ManageMessages, false],
    ['nothing', 0n, false],
  ])('treats %s as admin: %s', async (_name, permission, expected) => {
    expect(await admin(permission)).toBe(expected);
  });

  it('is never admin in a user install or in a guild the bot is not in', async () => {
    expect(await admin(PermissionFlagsBits.Administrator, { authorizing_integration_owners: { '1': '111111111111111111' } })).toBe(false);
    expect(await admin(PermissionFlagsBits.Administrator, { guild_id: '299999999999999999', authorizing_integration_owners: { '0': '299999999999999999' } })).toBe(false);
  });
});

describe('user keys and mentions', () => {
  it('resolves user options and mentions to user keys', () => {
    expect(parseDiscordMention('610000000000000001')).toBe('discord:610000000000000001');
    expect(parseDiscordMention('<@!610000000000000001>')).toBe('discord:610000000000000001');
    expect(parseDiscordMention('<@610000000000000001>')).toBe('discord:610000000000000001');
    expect(parseDiscordMention('@alex')).toBeNull();
    expect(userIdOf('discord:610000000000000001')).toBe('610000000000000001');
    expect(userIdOf('slack:T1:U1')).toBeNull();
  });
});

describe('autocomplete choices (ranked by the core, shown by Discord)', () => {
  const bank = fixtureBank();

  it('ranks prefix matches first and stays within 25 choices', () => {
    const zones = timeZoneChoices('europe/b').map((c) => c.value);
    expect(zones).toContain('Europe/Berlin');
    expect(zones.every((z) => z.startsWith('Europe/B'))).toBe(true);
    expect(timeZoneChoices('york')[0]).toEqual({ name: 'America/New York', value: 'America/New_York' });
    expect(timeZoneChoices('a').length).toBe(25);
    expect(timeZoneChoices('')[0]).toEqual({ name: 'UTC', value: 'UTC' });
  });

  it('completes the last topic of a comma-separated list', () => {
    expect(topicChoices(bank, 'networking,i', true)).toEqual([{ name: 'networking,iam — IAM (2)', value: 'networking,iam' }]);
  });

  it('suggests question ids with their question', () => {
    expect(questionChoices(bank, 'iam')[0]).toEqual({ name: 'iam-roles — What is iam-roles?', value: 'iam-roles' });
  });

  it('takes an option’s kind from the registry: choices for a choice option, nothing for a free one or an unknown command', () => {
    expect(optionChoices(bank, 'question', 'level', 'pro')).toEqual([{ name: 'professional', value: 'professional' }]);
    expect(optionChoices(bank, 'subscribe', 'days', 'mon')).toEqual([]);
    expect(optionChoices(bank, 'no-such-command', 'topic', 'n')).toEqual([]);
  });
});
