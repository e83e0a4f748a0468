/**
 * Registers the slash commands: `npm run discord:register`.
 *
 * A bulk overwrite (PUT) replaces the whole command list, so running it again
 * is harmless and removes commands that no longer exist. Global commands reach
 * every server the bot is in; with DISCORD_GUILD_ID they go to that one server
 * only, where changes show up instantly (handy while testing).
 * `npm run discord:register -- --clear` removes them from that scope.
 */
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
// REST comes through discord.js (its CommonJS build), so errors are the same classes the client throws.
import { REST, Routes, type APIApplicationCommand } from 'discord.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { buildCommands, inviteUrl, type CommandJson } from '../src/adapters/discord/commands.js';
import { apiBase } from '../src/adapters/discord/transport.js';

export interface RegisterOptions {
  rest: REST;
  applicationId: string;
  /** Register to this server only; global when absent. */
  guildId?: string;
  commands?: CommandJson[];
}

export interface RegisterResult {
  scope: 'global' | 'guild';
  names: string[];
}

export async function registerCommands(opts: RegisterOptions): Promise<RegisterResult> {
  const body = opts.commands ?? buildCommands();
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const saved = (await opts.rest.put(route, { body })) as APIApplicationCommand[];
  return { scope: opts.guildId ? 'guild' : 'global', names: saved.map((c) => c.name) };
}



async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new ConfigError(['DISCORD_TOKEN and DISCORD_APPLICATION_ID are both required to register commands']);
  }
  const rest = new REST({ api: apiBase(config.DISCORD_API_URL) }).setToken(config.DISCORD_TOKEN);
  const clear = process.argv.includes('--clear');
  const result = await registerCommands({
    rest,
    applicationId: config.DISCORD_APPLICATION_ID,
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    ...(clear ? { commands: [] } : {}),
  });
  const where = result.scope === 'guild' ? `server ${config.DISCORD_GUILD_ID}` : 'all servers (global; may take up to an hour to show)';
  const what = clear ? 'Removed all commands' : `Registered /${result.names.join(', /')}`;
  process.stdout.write(`${what} for ${where}.\n`);
  if (!clear) process.stdout.write(`Invite the bot with exactly the permissions it needs:\n  ${inviteUrl(config.DISCORD_APPLICATION_ID)}\n`);
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  main().catch((err: unknown) => {
    // Only the message: an error object may carry request details; the token is never printed.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Could not register the Discord commands: ${message}\n`);
    process.exit(1);
  });
}
