/**
 * Discord as a platform: what it can do, who administers a channel, and how
 * it starts. discord.js is loaded only when Discord starts (a second or so of
 * start-up that Slack-only and console deployments do not pay).
 */
import { discordEnabled } from '../../config.js';
import type { EventActor } from '../../core/ports/inbound.js';
import type { PlatformDirectory, PlatformInfo } from '../../core/ports/platform.js';
import type { PlatformModule } from '../contract.js';
import { ADMIN_COMMAND, MAIN_COMMAND } from './names.js';
import { parseDiscordMention } from './normalize.js';

/** Discord's permission bits (docs: Permissions), as discord.js's PermissionFlagsBits spells them. */
const ADMINISTRATOR = 1n << 3n;
const MANAGE_CHANNELS = 1n << 4n;
const MANAGE_GUILD = 1n << 5n;

export const discordInfo: PlatformInfo = {
  id: 'discord',
  label: 'Discord',
  capabilities: { dm: true, forms: true, files: true, editInPlace: true, threads: true, ephemeral: true },
  adminsAre: 'members with Manage Server or Manage Channels, in a server that added the bot',
  invocation: (command, adminOnly) => `/${adminOnly ? ADMIN_COMMAND : MAIN_COMMAND} ${command}`,
  parseMention: parseDiscordMention,
};

/**
 * Manage Server or Manage Channels (Administrator implies both), and only in a
 * guild that installed this bot and that it is in: a user-install-shaped
 * interaction from a guild the bot is not in administers nothing.
 */
export const discordDirectory: PlatformDirectory = {
  async isAdmin(actor: EventActor) {
    const facts = actor.facts ?? {};
    if (facts.guildInstall !== true || facts.botInGuild !== true) return false;
    const raw = typeof facts.permissions === 'string' && /^\d{1,20}$/.test(facts.permissions) ? BigInt(facts.permissions) : 0n;
    return (raw & (MANAGE_GUILD | MANAGE_CHANNELS | ADMINISTRATOR)) !== 0n;
  },
};

export const discordPlatform: PlatformModule = {
  info: discordInfo,
  enabled: (config) => discordEnabled(config),
  async start(host) {
    const { config, logger } = host;
    if (config.DISCORD_SHARDS && host.role === 'main') {
      // One process per shard answers interactions; this one opens no gateway and posts over REST.
      const { startDiscordShards } = await import('./sharding.js');
      const shards = await startDiscordShards({ config, logger, diagrams: host.diagrams });
      shards.rest.on('rateLimited', (info) => host.rateLimited('discord', info.retryAfter / 1000));
      host.registerHealth('discord', shards.health);
      return { chatPort: shards.chatPort, directory: discordDirectory, stop: () => shards.stop() };
    }
    const { createDiscordBot } = await import('./transport.js');
    const bot = createDiscordBot({ config, inbound: host.inbound, logger, diagrams: host.diagrams, clock: host.clock, track: host.track });
    bot.client.rest.on('rateLimited', (info) => host.rateLimited('discord', info.retryAfter / 1000));
    await bot.start();
    host.registerHealth('discord', () => (bot.client.isReady() ? { ok: true } : { ok: false, detail: 'gateway not connected' }));
    await bot.recover().catch((err: unknown) => logger.error({ err }, 'Discord inbox recovery failed'));
    return { chatPort: bot.chatPort, directory: discordDirectory, stop: () => bot.stop() };
  },
};
