/**
 * Entry point: read config, open the store, load the bank, start what is
 * configured, and shut down cleanly on SIGINT/SIGTERM or console EOF.
 */
import { existsSync } from 'node:fs';
import { startApp } from './app.js';
import { ConfigError, discordEnabled, loadConfig, slackMode } from './config.js';
import { ContentError, loadBank } from './content/loader.js';
import { systemClock } from './infra/clock.js';
import { createLogger } from './infra/logger.js';
import { scrubSecrets, secretValues } from './infra/redact.js';
import { storeWritableCheck } from './ops/health.js';
import { createOps } from './ops/ops.js';
import { closeDatabaseCleanly, createShutdown, onStopSignals, SHUTDOWN_GRACE_MS } from './ops/shutdown.js';
import { DatabaseOpenError, openDatabase } from './store/open.js';
import { SqliteStore } from './store/sqlite-store.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // A .env file is optional; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const pretty = config.LOG_PRETTY ? ['true', '1'].includes(config.LOG_PRETTY) : config.NODE_ENV === 'development';
  // In console practice mode the terminal is the conversation: keep logs to
  // warnings unless LOG_LEVEL asks for more.
  const consoleOnly = !slackMode(config) && !discordEnabled(config) && config.CONSOLE !== 'off';
  const level = consoleOnly && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  const logger = createLogger({ level, pretty: pretty && process.stderr.isTTY, secrets: secretValues(config) });

  let bank;
  try {
    bank = loadBank();
  } catch (err) {
    if (err instanceof ContentError) fail(err.message);
    throw err;
  }
  let db;
  try {
    db = openDatabase(config.DATABASE_PATH);
  } catch (err) {
    if (err instanceof DatabaseOpenError) fail(err.message);
    throw err;
  }
  const store = new SqliteStore(db);
  const deps = { store, bank, clock: systemClock, logger, defaultZone: config.DEFAULT_TIMEZONE };
  logger.info({ questions: bank.size, database: config.DATABASE_PATH }, 'starting');

  const ops = createOps(logger);
  ops.health.register('store', storeWritableCheck(db));

  // Signals are handled from here on, so a stop during a slow start-up still closes the database.
  let running: Awaited<ReturnType<typeof startApp>> | null = null;
  const shutdown = createShutdown({
    logger,
    graceMs: SHUTDOWN_GRACE_MS,
    steps: [
      { name: 'report stopping', run: () => ops.health.markStopping() },
      // Adapters stop accepting, the scheduler lets posts in flight settle, the ops server closes last.
      { name: 'stop components', run: () => running?.stop() },
      { name: 'finish in-flight work', run: () => ops.inFlight.drain(SHUTDOWN_GRACE_MS) },
    ],
    finish: () => closeDatabaseCleanly(db, logger),
  });
  onStopSignals(shutdown, logger);

  running = await startApp({ config, deps, logger, ops });
  await running.done;
  await shutdown('eof');
}

main().catch((err: unknown) => {
  // Start-up errors bypass the logger, so scrub them here (an SDK error may quote a token).
  const text = (err as Error).stack ?? String(err);
  process.stderr.write(`Fatal: ${scrubSecrets(text, secretValues(process.env))}\n`);
  process.exit(1);
});
