/** Interaction -> core context, and the autocomplete suggestions. */
import { ApplicationCommandOptionType, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { autocompleteChoices, questionChoices, timeZoneChoices, topicChoices } from '../../src/adapters/discord/autocomplete.js';
import { readSubcommand, resolveDiscordUser, toCommandContext } from '../../src/adapters/discord/normalize.js';
import { fixtureBank, makeDeps } from '../support/core.js';

const deps = makeDeps();
const source = (permissions: bigint | null, guildId: string | null = '222') => ({
  user: { id: '111', username: 'alice', globalName: 'Alice' },
  guildId,
  channelId: '333',
  memberPermissions: permissions === null ? null : new PermissionsBitField(permissions),
});

describe('toCommandContext', () => {
  it('builds platform-scoped keys for a server channel', async () => {
    const ctx = toCommandContext(source(PermissionFlagsBits.SendMessages), deps);
    expect(ctx).toMatchObject({ platform: 'discord', scope: 'discord:222', channelKey: 'discord:222:333', channelRef: '333' });
    expect(ctx.actor).toMatchObject({ userKey: 'discord:111', displayName: 'Alice' });
    expect(await ctx.actor.isAdmin()).toBe(false);
  });

  it.each([
    ['Manage Server', PermissionFlagsBits.ManageGuild, true],
    ['Manage Channels', PermissionFlagsBits.ManageChannels, true],
    ['Administrator', PermissionFlagsBits.Administrator, true],
    ['Manage Messages only', PermissionFlagsBits.ManageMessages, false],
  ])('treats %s as admin: %s', async (_name, permission, admin) => {
    expect(await toCommandContext(source(permission), deps).actor.isAdmin()).toBe(admin);
  });

  it('scopes a DM to the user and is never admin there', async () => {
    const ctx = toCommandContext(source(null, null), deps);
    expect(ctx).toMatchObject({ scope: 'discord:dm:111', channelKey: 'discord:dm:333' });
    expect(await ctx.actor.isAdmin()).toBe(false);
  });

  it('resolves user options and mentions to user keys', () => {
    expect(resolveDiscordUser('610000000000000001')).toBe('discord:610000000000000001');
    expect(resolveDiscordUser('<@!610000000000000001>')).toBe('discord:610000000000000001');
    expect(resolveDiscordUser('@alex')).toBeNull();
  });

  it('reads a subcommand and its typed options', () => {
    const read = readSubcommand([
      { name: 'subscribe', type: ApplicationCommandOptionType.Subcommand, options: [{ name: 'time', type: ApplicationCommandOptionType.String, value: '09:00' }] },
    ]);
    expect(read).toEqual({ subcommand: 'subscribe', options: { time: '09:00' } });
    expect(readSubcommand([])).toEqual({ subcommand: null, options: {} });
  });
});

describe('autocomplete', () => {
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

  it('suggests nothing for an option without autocomplete', () => {
    expect(autocompleteChoices(bank, 'subscribe', 'days', 'mon')).toEqual([]);
    expect(autocompleteChoices(bank, 'no-such-command', 'topic', 'n')).toEqual([]);
  });
});
