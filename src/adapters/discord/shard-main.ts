/**
 * One Discord shard: the process discord.js's ShardingManager forks for each
 * shard when DISCORD_SHARDS is set (see sharding.ts). It inherits the main
 * process's environment, plus SHARDS / SHARD_COUNT, which the discord.js
 * Client reads to identify as [id, count].
 *
 * It runs the Discord client only — answering the interactions of the guilds
 * this shard owns — on the same bank and the same SQLite file as the main
 * process (WAL and busy_timeout make several processes on one file safe).
 * No scheduler, reminders, console or health server: the main process runs
 * those once for all shards, and relays this shard's health from the
 * manager's IPC messages.
 *
 * Stops on SIGTERM from the manager (or SIGINT from a terminal's Ctrl-C,
 * which reaches the whole process group), and when the main process goes
 * away (its IPC channel closes): leave the gateway, let interactions in
 * flight finish (bounded), close the database.
 */
import { loadConfig } from '../../config.js';
import { loadBank } from '../../content/loader.js';
import { systemClock } from '../../infra/clock.js';
import { createLogger } from '../../infra/logger.js';
import { scrubSecrets, secretValues } from '../../infra/redact.js';
import { InFlight } from '../../ops/instrument.js';
import { createShutdown } from '../../ops/shutdown.js';
import { openDatabase } from '../../store/open.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { createDiscordBot } from './client.js';

/** Inside the manager's SHARD_STOP_GRACE_MS (sharding.ts), so a shard finishes before it would be SIGKILLed. */
const SHARD_SHUTDOWN_GRACE_MS = 5_000;

async function main(): Promise<void> {
  // Validated by the main process already; a failure here is a bug, reported below.
  const config = loadConfig();
  const shard = Number(process.env.SHARDS);
  const pretty = config.LOG_PRETTY ? ['true', '1'].includes(config.LOG_PRETTY) : config.NODE_ENV === 'development';
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: pretty && process.stderr.isTTY, secrets: secretValues(config) }).child({ shard });

  const db = openDatabase(config.DATABASE_PATH);
  const deps = { store: new SqliteStore(db), bank: loadBank(), clock: systemClock, logger, defaultZone: config.DEFAULT_TIMEZONE };
  const inFlight = new InFlight();
  const bot = createDiscordBot({ config, deps, logger, track: (work) => inFlight.track(work) });

  const shutdown = createShutdown({
    logger,
    graceMs: SHARD_SHUTDOWN_GRACE_MS,
    steps: [
      { name: 'leave the gateway', run: () => bot.stop() },
      { name: 'finish interactions in flight', run: () => inFlight.drain(SHARD_SHUTDOWN_GRACE_MS) },
    ],
    // A plain close: the main process outlives its shards and folds the WAL back on its own shutdown.
    finish: () => db.close(),
  });
  // Every way to stop means the same here; the manager SIGKILLs a shard that overruns.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
  process.on('disconnect', () => void shutdown('main process gone'));

  await bot.start();
}

main().catch((err: unknown) => {
  const text = (err as Error).stack ?? String(err);
  process.stderr.write(`Fatal (discord shard ${process.env.SHARDS ?? '?'}): ${scrubSecrets(text, secretValues(process.env))}\n`);
  process.exit(1);
});
