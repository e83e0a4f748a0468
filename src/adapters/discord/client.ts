/**
 * The Discord bot: a discord.js gateway client with the minimum intents
 * (Guilds only: no message content, no member list, nothing privileged),
 * answering interactions and exposing a ChatPort for scheduled posts.
 *
 * DISCORD_API_URL sets the REST base; the gateway URL is then discovered from
 * GET /gateway/bot on that base, so a proxy, a staging fake or the tests'
 * loopback fake can stand in for Discord entirely.
 *
 * One client is one gateway connection (shard 0 of 1) unless it runs in a
 * process started by discord.js's ShardingManager (DISCORD_SHARDS, see
 * sharding.ts): the Client then reads its shard id and count from the
 * SHARDS / SHARD_COUNT variables the manager sets, so none are passed here.
 */
import type { HandleWrapper } from '../../core/dispatch.js';
import { Client, Events, GatewayIntentBits, type RESTOptions } from 'discord.js';
import type { Config } from '../../config.js';
import type { CoreDeps } from '../../core/context.js';
import type { Logger } from '../../core/ports.js';
import { DiscordChatPort } from './chat-port.js';
import { inviteUrl } from './commands.js';
import { DEFAULT_DEFER_AFTER_MS, describeError, onInteraction } from './interactions.js';
import { apiBase } from './register-commands.js';

export interface DiscordBotOptions {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL'>;
  deps: CoreDeps;
  logger: Logger;
  /** Defer an interaction reply that is not ready after this many ms (0 = always). */
  deferAfterMs?: number;
  /** Extra REST settings, e.g. shorter timeouts or fewer retries in tests. */
  rest?: Partial<RESTOptions>;
  /** Hands each interaction's handling to shutdown's in-flight tracker, so a stop lets it finish. */
  track?: <T>(work: Promise<T>) => Promise<T>;
  /** Wraps each command and button press (timing, log line, metrics). */
  wrap?: HandleWrapper;
}

export interface DiscordBot {
  client: Client;
  chatPort: DiscordChatPort;
  /** Logs in and resolves once the gateway session is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createDiscordBot(opts: DiscordBotOptions): DiscordBot {
  const token = opts.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is required for the Discord adapter');
  const { logger } = opts;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...opts.rest, api: apiBase(opts.config.DISCORD_API_URL) },
  });
  // The chat port shares the client's REST instance, hence one rate-limit queue for everything.
  client.rest.setToken(token);
  const chatPort = new DiscordChatPort(client.rest, logger);
  const env = { deps: opts.deps, logger, deferAfterMs: opts.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS, wrap: opts.wrap };
  const track = opts.track ?? ((work) => work);

  client.on(Events.InteractionCreate, (interaction) => void track(onInteraction(interaction, env)));
  client.on(Events.Error, (err) => logger.error({ platform: 'discord', err: describeError(err) }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ platform: 'discord', message }, 'discord warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ platform: 'discord', shardId, code: event.code }, 'discord gateway disconnected'));
  client.rest.on('rateLimited', (info) =>
    logger.info({ platform: 'discord', route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit: waiting'),
  );

  return {
    client,
    chatPort,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(token);
      } catch (err) {
        await client.destroy();
        if ((err as { code?: unknown }).code === 'TokenInvalid') {
          throw new Error('Discord rejected DISCORD_TOKEN (401). Reset the bot token in the developer portal (Bot → Reset Token) and update DISCORD_TOKEN.');
        }
        throw err;
      }
      await ready;
      const invite = client.application ? inviteUrl(client.application.id) : undefined;
      logger.info({ platform: 'discord', user: client.user?.tag, guilds: client.guilds.cache.size, invite }, 'discord bot ready');
    },
    async stop() {
      await client.destroy();
    },
  };
}
