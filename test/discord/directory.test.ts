/** Who administers a Discord channel: the permission bits spelled out in index.ts agree with discord.js's. */
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordDirectory } from '../../src/adapters/discord/index.js';

const PLACE = { scope: 'discord:200000000000000002', channelKey: 'discord:300000000000000003', channelRef: '300000000000000003' };
const actor = (permissions: bigint, facts: Record<string, boolean> = {}) => ({
  userKey: 'discord:610000000000000001',
  displayName: 'ada',
  facts: { permissions: permissions.toString(), guildInstall: true, botInGuild: true, ...facts },
});

describe('discordDirectory.isAdmin', () => {
  it.each([
    ['Manage Server', PermissionFlagsBits.ManageGuild, true],
    ['Manage Channels', PermissionFlagsBits.ManageChannels, true],
    ['Administrator', PermissionFlagsBits.Administrator, true],
    ['Send Messages and everything else but those', ~(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageChannels | PermissionFlagsBits.Administrator) & ((1n << 50n) - 1n), false],
  ])('%s → %s', async (_name, bits, admin) => {
    expect(await discordDirectory.isAdmin(actor(bits), PLACE)).toBe(admin);
  });

  it('never outside a guild install of this bot, or in a guild it is not in', async () => {
    expect(await discordDirectory.isAdmin(actor(PermissionFlagsBits.Administrator, { guildInstall: false }), PLACE)).toBe(false);
    expect(await discordDirectory.isAdmin(actor(PermissionFlagsBits.Administrator, { botInGuild: false }), PLACE)).toBe(false);
  });
});
