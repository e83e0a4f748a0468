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
  const logger = createLogger({ level, pretty: pretty && process.stderr.isTTY });

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
  const deps = { store, bank, clock: systemClock, logger };
  logger.info({ questions: bank.size, database: config.DATABASE_PATH }, 'starting');

  const running = await startApp({ config, deps, logger });
  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.stop();
    db.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await running.done;
  await shutdown('eof');
}

main().catch((err: unknown) => {
  process.stderr.write(`Fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
