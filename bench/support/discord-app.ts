/**
 * The app side of bench/discord.bench.ts, one process per run so each is
 * measured fresh and alone: the benchmark's process hosts the fake Discord
 * and the clock. `node --import tsx discord-app.ts <mode>` with
 * DISCORD_BENCH_API (the fake's REST base), DISCORD_BENCH_TOKEN, and
 * DISCORD_BENCH_SHARD of DISCORD_BENCH_SHARDS: each app is its own shard of
 * the bot, so all of them can be connected to the one fake at once, each
 * receiving only the interactions of the guild its shard owns:
 *
 *   bot         the real bot's Discord adapter: createDiscordBot on the core's
 *               createInbound, wired as test/discord/harness.ts and compose.ts
 *               wire it (Discord directory and chat port registered), with a
 *               SQLite store in a temp file and the durable inbox on
 *               (production), the real question bank, no per-person budget;
 *   bare-raw    a bare discord.js Client (Guilds intent) answering each
 *               INTERACTION_CREATE from the raw gateway packet with the
 *               interaction callback over REST, a static message (type 4):
 *               the same path the bot takes, without the bot;
 *   bare-reply  a bare discord.js Client, `interactionCreate` → `i.reply('static')`,
 *               the idiomatic discord.js way (for comparison).
 *
 * Protocol, one JSON object per line:
 *   child -> parent  {"ready": true}                       (gateway READY, guilds cached)
 *   parent -> child  {"cmd": "stats"}
 *   child -> parent  {"cpu": {"user": µs, "system": µs}, "errors": n, "rssMiB": n}
 * The child stops its client and exits when its stdin ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Routes } from 'discord.js';
import { discordDirectory, discordInfo } from '../../src/adapters/discord/index.js';
import { createDiscordBot } from '../../src/adapters/discord/transport.js';
import { loadBank } from '../../src/content/loader.js';
import { ChatPorts } from '../../src/core/chat-ports.js';
import { BoardCache } from '../../src/core/boards.js';
import type { CoreDeps } from '../../src/core/context.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { Limits } from '../../src/core/limits.js';
import type { Logger } from '../../src/core/ports/logger.js';
import { PlatformRegistry } from '../../src/core/ports/platform.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { systemClock } from '../../src/ops/clock.js';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';

export type DiscordBenchMode = 'bot' | 'bare-raw' | 'bare-reply';
export const STATIC_REPLY = 'static';

const mode = process.argv[2] as DiscordBenchMode;
const api = process.env.DISCORD_BENCH_API ?? '';
const token = process.env.DISCORD_BENCH_TOKEN ?? '';
const shard = Number(process.env.DISCORD_BENCH_SHARD ?? 0);
const shardCount = Number(process.env.DISCORD_BENCH_SHARDS ?? 1);

let errors = 0;
/** Warnings and errors go to stderr (the benchmark shows them); errors are counted. */
const logger: Logger = {
  debug() {},
  info() {},
  warn: (obj, msg) => void process.stderr.write(`discord-app warn: ${msg ?? ''} ${JSON.stringify(obj)}\n`),
  error: (obj, msg) => {
    errors++;
    process.stderr.write(`discord-app error: ${msg ?? ''} ${JSON.stringify(obj)}\n`);
  },
};

interface Running {
  stop(): Promise<void>;
}

async function startBot(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'discord-bench-'));
  const store = new SqliteStore(openDatabase(join(dir, 'bench.sqlite')));
  const platforms = new PlatformRegistry();
  const chat = new ChatPorts();
  const deps: CoreDeps = {
    store,
    bank: loadBank(),
    clock: systemClock,
    logger,
    platforms,
    defaultZone: 'UTC',
    chat,
    // No per-person budget: the benchmark's few people would meet it; the round trip is what is measured.
    limits: new Limits({ commandsPerMinute: 0, publicCooldownSeconds: 0 }, systemClock),
    boards: new BoardCache(),
  };
  const config = { DISCORD_TOKEN: token, DISCORD_API_URL: api, DISCORD_SHARD_IDS: [shard], DISCORD_SHARD_COUNT: shardCount };
  const bot = createDiscordBot({ config, inbound: createInbound(deps), logger, diagrams: new DiagramRenderer(), clock: systemClock });
  // As compose.ts does once the adapter runs.
  platforms.register(discordInfo, discordDirectory);
  chat.add(bot.chatPort);
  await bot.start();
  return {
    async stop() {
      await bot.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startBare(raw: boolean): Promise<Running> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api }, shards: [shard], shardCount });
  client.on(Events.Error, (err) => logger.error({ err: err.message }, 'discord client error'));
  if (raw) {
    client.on(Events.Raw, (packet: { t?: string; d?: { id: string; token: string } }) => {
      if (packet?.t !== GatewayDispatchEvents.InteractionCreate || !packet.d) return;
      const { id, token: interactionToken } = packet.d;
      client.rest
        .post(Routes.interactionCallback(id, interactionToken), { auth: false, body: { type: 4, data: { content: STATIC_REPLY } } })
        .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'callback failed'));
    });
  } else {
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isRepliable()) interaction.reply(STATIC_REPLY).catch((err: unknown) => logger.error({ err: (err as Error).message }, 'reply failed'));
    });
  }
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  return { stop: () => client.destroy() };
}

async function main() {
  if (!['bot', 'bare-raw', 'bare-reply'].includes(mode)) throw new Error(`unknown mode ${mode}`);
  const running = mode === 'bot' ? await startBot() : await startBare(mode === 'bare-raw');
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const { cmd } = JSON.parse(line) as { cmd: string };
    if (cmd === 'stats') process.stdout.write(`${JSON.stringify({ cpu: process.cpuUsage(), errors, rssMiB: process.memoryUsage().rss / 2 ** 20 })}\n`);
  }
  await running.stop();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`discord-app (${mode}) failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
