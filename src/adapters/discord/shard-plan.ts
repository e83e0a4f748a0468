/**
 * How many Discord shards to run and in what order to start them, decided
 * before any shard process exists (see sharding.ts for the processes).
 *
 * Both answers come from GET /gateway/bot, asked through a REST instance on
 * DISCORD_API_URL. discord.js's own `fetchRecommendedShardCount` (what
 * `ShardingManager#spawn({ amount: 'auto' })` calls) always asks discord.com,
 * which would bypass a proxy or the tests' loopback fake. Asking first also
 * checks the token once, in the main process, with a clear message, instead of
 * every shard failing to log in and being respawned.
 */
import { fileURLToPath } from 'node:url';
import { DiscordAPIError, Routes, type REST, type RESTGetAPIGatewayBotResult } from 'discord.js';

export interface ShardPlan {
  /** Total shards, each in its own process. */
  count: number;
  /** Shards allowed to IDENTIFY in the same 5-second window (`session_start_limit.max_concurrency`). */
  maxConcurrency: number;
}

export const INVALID_TOKEN_MESSAGE =
  'Discord rejected DISCORD_TOKEN (401). Reset the bot token in the developer portal (Bot → Reset Token) and update DISCORD_TOKEN.';

/** `setting` is DISCORD_SHARDS: `auto` (Discord's recommendation) or a number. */
export async function planShards(rest: REST, setting: string): Promise<ShardPlan> {
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (err) {
    if (err instanceof DiscordAPIError && err.status === 401) throw new Error(INVALID_TOKEN_MESSAGE);
    throw err;
  }
  const count = setting === 'auto' ? gateway.shards : Number(setting);
  if (!Number.isInteger(count) || count < 1) throw new Error(`DISCORD_SHARDS=${setting} gives ${count} shards; use auto or a number from 1.`);
  return { count, maxConcurrency: Math.max(1, gateway.session_start_limit?.max_concurrency ?? 1) };
}

/**
 * Start order: Discord lets shards identify together when their
 * `shard_id % max_concurrency` differ, one per bucket per 5 seconds. So
 * consecutive runs of `maxConcurrency` ids start together and batches wait
 * 5 s apart; with max_concurrency 1 (most bots) that is one shard at a time.
 */
export function identifyBatches(count: number, maxConcurrency: number): number[][] {
  const batches: number[][] = [];
  for (let first = 0; first < count; first += maxConcurrency) {
    batches.push(Array.from({ length: Math.min(maxConcurrency, count - first) }, (_, i) => first + i));
  }
  return batches;
}

/** Discord's identify window plus a margin, as discord.js's own spawn delay. */
export const IDENTIFY_WINDOW_MS = 5_500;

export interface ShardEntry {
  /** The script each shard process runs: the bot's own entry point, in its shard role. */
  file: string;
  /** Node options for it: the TypeScript loader when the bot runs from source. */
  execArgv: string[];
  /** Arguments that tell main.ts it is a shard process. */
  args: string[];
}

/** The flag main.ts reads to compose a shard process (Discord only; no jobs, no console, no ops port). */
import { SHARD_FLAG } from './names.js';

/**
 * The composition root itself (src/main.ts under tsx, dist/main.js in the
 * image): one start-up path for the main process and its shard processes.
 */
export function shardEntry(moduleUrl: string = import.meta.url): ShardEntry {
  const fromSource = moduleUrl.endsWith('.ts');
  const file = fileURLToPath(new URL(`../../main.${fromSource ? 'ts' : 'js'}`, moduleUrl));
  return { file, execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [], args: [SHARD_FLAG] };
}
