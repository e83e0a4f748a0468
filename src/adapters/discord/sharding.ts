/**
 * Discord past one gateway connection (DISCORD_SHARDS=auto|N): discord.js's
 * ShardingManager runs each shard in its own process (main.ts in its shard role), which
 * answers the interactions of the guilds that shard owns. This, the main
 * process, opens no gateway connection: it keeps the scheduler and the
 * reminders (one of each, not one per shard) and posts through its own REST
 * client — REST reaches every guild whichever shard owns it.
 *
 * Health: Discord is healthy when every shard process has reported ready
 * (the manager relays each shard's ready / disconnect / reconnecting / resume
 * over IPC; 'death' is the process exiting). A shard that dies is respawned
 * by the manager, until stop.
 */
import type { ChildProcess } from 'node:child_process';
import { REST, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/ports/logger.js';

import type { DiagramRenderer } from '../../diagrams/render.js';
import { DiscordChatPort } from './chat-port.js';
import { apiBase, discordPictures } from './transport.js';

interface CheckResult {
  ok: boolean;
  detail?: string;
}
import { IDENTIFY_WINDOW_MS, identifyBatches, planShards, shardEntry, type ShardEntry } from './shard-plan.js';

/** A shard is a fresh Node process that loads the bank, opens the database and logs in. */
export const SHARD_READY_TIMEOUT_MS = 60_000;
/**
 * How long stop waits for a shard to exit after SIGTERM before SIGKILL. The
 * shard's own budget (SHARD_SHUTDOWN_GRACE_MS in shard-main.ts) is shorter,
 * and both fit in the main process's 10-second shutdown budget.
 */
export const SHARD_STOP_GRACE_MS = 7_000;

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface DiscordShardsOptions {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DISCORD_SHARDS'> & Partial<Pick<Config, 'DISCORD_REQUESTS_PER_SECOND'>>;
  logger: Logger;
  diagrams: DiagramRenderer;
  /** The shard script; by default the bot's own entry point (main.ts). */
  entry?: ShardEntry;
}

export interface DiscordShards {
  manager: ShardingManager;
  /** The main process's REST client (its own rate-limit queue). */
  rest: REST;
  chatPort: DiscordChatPort;
  /** For /healthz: every shard ready. */
  health(): CheckResult;
  /** Stops respawning, SIGTERMs every shard and waits (bounded) for them to exit. */
  stop(): Promise<void>;
}

/** Plans the shards, starts them batch by batch and resolves once all are ready. */
export async function startDiscordShards(opts: DiscordShardsOptions): Promise<DiscordShards> {
  const { logger } = opts;
  const token = opts.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is required for the Discord adapter');
  const rest = new REST({ api: apiBase(opts.config.DISCORD_API_URL), globalRequestsPerSecond: opts.config.DISCORD_REQUESTS_PER_SECOND ?? 50 }).setToken(token);
  rest.on('rateLimited', (info) =>
    logger.info({ platform: 'discord', route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit: waiting'),
  );
  const plan = await planShards(rest, opts.config.DISCORD_SHARDS ?? 'auto');
  const entry = opts.entry ?? shardEntry();
  const manager = new ShardingManager(entry.file, {
    token,
    totalShards: plan.count,
    shardList: [...Array(plan.count).keys()],
    mode: 'process',
    execArgv: entry.execArgv,
    shardArgs: entry.args,
  });
  const fleet = watchShards(manager, plan.count, logger);
  // Ctrl-C signals the whole process group and systemd the whole cgroup, so the
  // shards may be exiting before stop() runs (after the scheduler has drained):
  // from the first stop signal on, a shard that exits stays down.
  const noRespawn = () => {
    fleet.stopping = true;
    manager.respawn = false;
  };
  for (const signal of STOP_SIGNALS) process.once(signal, noRespawn);
  logger.info({ platform: 'discord', shards: plan.count, maxConcurrency: plan.maxConcurrency }, 'starting discord shards');

  const shards: DiscordShards = {
    manager,
    rest,
    chatPort: new DiscordChatPort(rest, logger, discordPictures(opts.diagrams)),
    health: fleet.health,
    async stop() {
      fleet.stopping = true;
      manager.respawn = false;
      for (const signal of STOP_SIGNALS) process.off(signal, noRespawn);
      await Promise.all([...manager.shards.values()].map((shard) => stopProcess(shard.process, SHARD_STOP_GRACE_MS)));
      logger.info({ platform: 'discord', shards: plan.count }, 'discord shards stopped');
    },
  };
  try {
    const batches = identifyBatches(plan.count, plan.maxConcurrency);
    for (const [i, batch] of batches.entries()) {
      // spawn() resolves on the shard's ready; the 5 s window counts from the batch's start.
      const window = i < batches.length - 1 ? new Promise((r) => setTimeout(r, IDENTIFY_WINDOW_MS)) : null;
      await Promise.all([...batch.map((id) => manager.createShard(id).spawn(SHARD_READY_TIMEOUT_MS)), window]);
    }
  } catch (err) {
    // A shard that never got ready would be respawned for ever; take them all down and fail start-up.
    await shards.stop();
    throw err;
  }
  return shards;
}

interface FleetWatch {
  stopping: boolean;
  health(): CheckResult;
}

/** Follows each shard's events for health and for one log line per change. */
function watchShards(manager: ShardingManager, count: number, logger: Logger): FleetWatch {
  const ready = new Set<number>();
  const watch: FleetWatch = {
    stopping: false,
    health() {
      if (ready.size === count) return { ok: true };
      const waiting = [...Array(count).keys()].filter((id) => !ready.has(id));
      return { ok: false, detail: `${ready.size}/${count} shards ready; waiting for ${waiting.join(', ')}` };
    },
  };
  manager.on('shardCreate', (shard: Shard) => {
    const at = { platform: 'discord', shard: shard.id };
    // mode 'process': the manager's children are ChildProcesses, never Workers.
    shard.on('spawn', (child) => logger.info({ ...at, pid: (child as ChildProcess).pid }, 'discord shard process started'));
    shard.on('ready', () => {
      ready.add(shard.id);
      logger.info({ ...at, pid: shard.process?.pid, ready: ready.size, of: count }, 'discord shard ready');
    });
    shard.on('resume', () => ready.add(shard.id));
    shard.on('reconnecting', () => ready.delete(shard.id));
    shard.on('disconnect', () => {
      ready.delete(shard.id);
      if (!watch.stopping) logger.warn(at, 'discord shard disconnected from the gateway');
    });
    shard.on('death', (child) => {
      ready.delete(shard.id);
      if (watch.stopping) return;
      const { exitCode, signalCode } = child as ChildProcess;
      logger.warn({ ...at, exitCode, signal: signalCode, respawn: manager.respawn }, 'discord shard process exited');
    });
    // Emitted when a respawn fails; without a listener it would crash the main process.
    shard.on('error', (err: Error) => logger.error({ ...at, err: { name: err.name, message: err.message } }, 'discord shard could not be respawned'));
  });
  return watch;
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`; resolves once it has exited. */
function stopProcess(child: ChildProcess | null, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
