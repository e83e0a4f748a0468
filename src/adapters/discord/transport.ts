/**
 * The Discord bot: a discord.js gateway client with the minimum intents
 * (Guilds only: no message content, no member list, nothing privileged),
 * answering interactions (interactions.ts) and posting on a clock through its
 * REST client (chat-port.ts).
 *
 * DISCORD_API_URL sets the REST base; the gateway URL is then discovered from
 * GET /gateway/bot on that base, so a proxy, a staging fake or the tests'
 * loopback fake can stand in for Discord entirely.
 *
 * Shards: one client is shard 0 of 1, or this host's slice
 * (DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT) so several replicas share a
 * bot, or — in a process forked by discord.js's ShardingManager
 * (DISCORD_SHARDS, sharding.ts) — the shard that process was given.
 */
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, type RawFile, type RESTOptions } from 'discord.js';
import type { Config } from '../../config.js';
import type { Reply } from '../../core/messages.js';
import type { Logger } from '../../core/ports/logger.js';
import type { DiagramRenderer } from '../../diagrams/render.js';
import type { InboundPort } from '../contract.js';
import { DiscordChatPort, type PicturesFor } from './chat-port.js';
import { inviteUrl } from './commands.js';
import { DEFAULT_DEFER_AFTER_MS, describeError, onRawInteraction, recoverInbox, type InteractionEnv } from './interactions.js';

/** discord.js waits for the gateway to answer a close; a dead gateway must not eat the whole shutdown budget. */
export const DESTROY_TIMEOUT_MS = 3_000;

export interface DiscordBotOptions {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DISCORD_SHARD_IDS' | 'DISCORD_SHARD_COUNT'> & Partial<Pick<Config, 'DISCORD_REQUESTS_PER_SECOND'>>;
  inbound: InboundPort;
  logger: Logger;
  diagrams: DiagramRenderer;
  clock: { now(): Date };
  deferAfterMs?: number;
  rest?: Partial<RESTOptions>;
  durable?: boolean;
  track?: <T>(work: Promise<T>) => Promise<T>;
}

export interface DiscordBot {
  client: Client;
  chatPort: DiscordChatPort;
  start(): Promise<void>;
  recover(): Promise<{ finished: number; replied: number }>;
  stop(): Promise<void>;
}

export const apiBase = (url: string): string => url.replace(/\/+$/, '');

/** Each diagram of a reply as an attached PNG named diagram-<hash>.png. */
export function discordPictures(renderer: DiagramRenderer): PicturesFor {
  return (reply: Reply) => {
    const pngs = new Map<string, Buffer>();
    const pictures = new Map<string, string>();
    for (const b of reply.blocks) {
      if (b.kind !== 'diagram' || pictures.has(b.source)) continue;
      try {
        const drawn = renderer.render(b.source);
        const name = `diagram-${drawn.hash}.png`;
        pictures.set(b.source, name);
        pngs.set(name, drawn.png);
      } catch {
        // content:check keeps the bank free of diagrams that cannot be drawn.
      }
    }
    return { pictures, files: (names: string[]) => names.flatMap((name): RawFile[] => (pngs.has(name) ? [{ name, data: pngs.get(name)!, contentType: 'image/png' }] : [])) };
  };
}

export function createDiscordBot(opts: DiscordBotOptions): DiscordBot {
  const token = opts.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is required for the Discord adapter');
  const { logger } = opts;
  const slice = opts.config.DISCORD_SHARD_IDS && opts.config.DISCORD_SHARD_COUNT ? { shards: opts.config.DISCORD_SHARD_IDS, shardCount: opts.config.DISCORD_SHARD_COUNT } : {};
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { globalRequestsPerSecond: opts.config.DISCORD_REQUESTS_PER_SECOND ?? 50, ...opts.rest, api: apiBase(opts.config.DISCORD_API_URL) }, ...slice });
  // A gateway packet discord.js cannot read (a malformed interaction) is logged and dropped, never a crash.
  const ws = client.ws as unknown as { handlePacket(packet: unknown, shard: unknown): boolean };
  const handlePacket = ws.handlePacket.bind(ws);
  ws.handlePacket = (packet, shard) => {
    try {
      return handlePacket(packet, shard);
    } catch (err) {
      logger.warn({ platform: 'discord', type: (packet as { t?: unknown } | null)?.t ?? null, err: describeError(err) }, 'unreadable gateway packet ignored');
      return false;
    }
  };
  // The chat port shares the client's REST instance, hence one rate-limit queue for everything.
  client.rest.setToken(token);
  const pictures = discordPictures(opts.diagrams);
  const chatPort = new DiscordChatPort(client.rest, logger, pictures);
  const env: InteractionEnv = {
    rest: client.rest,
    inbound: opts.inbound,
    logger,
    deferAfterMs: opts.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    botInGuild: (guildId) => client.guilds.cache.has(guildId),
    pictures,
    durable: opts.durable ?? true,
    track: opts.track ?? ((w) => w),
  };

  client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
    if (packet?.t === GatewayDispatchEvents.InteractionCreate) void env.track(onRawInteraction(env, packet.d));
  });
  client.on(Events.Error, (err) => logger.error({ platform: 'discord', err: describeError(err) }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ platform: 'discord', message }, 'discord warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ platform: 'discord', shardId, code: event.code }, 'discord gateway disconnected'));
  client.rest.on('rateLimited', (info) => logger.info({ platform: 'discord', route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit: waiting'));

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
      logger.info({ platform: 'discord', user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.ws.shards.size, invite }, 'discord bot ready');
    },
    recover: () => recoverInbox(env, opts.clock.now()),
    async stop() {
      let timer: NodeJS.Timeout | undefined;
      const capped = new Promise<void>((resolve) => (timer = setTimeout(resolve, DESTROY_TIMEOUT_MS)));
      await Promise.race([client.destroy(), capped]);
      clearTimeout(timer);
    },
  };
}
