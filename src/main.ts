/**
 * Entry point of every process: read the configuration, open the store, load
 * the bank, compose (compose.ts), and shut down cleanly on SIGINT/SIGTERM or
 * at the end of console input. Discord shard processes (forked by the
 * ShardingManager with --discord-shard) start here too, in their shard role.
 *
 *   node dist/main.js                    the bot (console practice mode without tokens)
 *   node dist/main.js backup <file>      an online backup of the SQLite database
 *   node dist/main.js --help | --version
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { SHARD_FLAG } from './adapters/discord/names.js';
import { cacheDirFor, compose, PREBUILT_DIAGRAMS, type Running } from './compose.js';
import { ConfigError, discordEnabled, loadConfig, slackMode, type Config } from './config.js';
import { ContentError, loadBankCached } from './content/loader.js';
import { systemClock } from './ops/clock.js';
import { createLogger } from './ops/logger.js';
import { createOps } from './ops/ops.js';
import { scrubSecrets, secretValues } from './ops/redact.js';
import { createShutdown, onStopSignals, SHUTDOWN_GRACE_MS } from './ops/shutdown.js';
import { openStore } from './store/open.js';
import { DatabaseOpenError } from './store/sqlite/open.js';
import { VaultKeyError } from './store/vault.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const USAGE = `AWS interview practice bot

Usage:
  npm start                       run the bot: Slack / Discord when configured, else the console practice mode
  node dist/main.js backup <file> [--force]
                                  online backup of the SQLite database at DATABASE_PATH
  node dist/main.js diagrams <dir> draw every diagram of the bank into <dir> (the image does it at build)
  node dist/main.js --version     print the version
  node dist/main.js --help        this text

Configuration comes from environment variables or a .env file (see .env.example).
In the console, type "help" for the commands and "quit" to leave.
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function loggerFor(config: Config, consoleOnly: boolean, shard: boolean) {
  const pretty = config.LOG_PRETTY ? ['true', '1'].includes(config.LOG_PRETTY) : config.NODE_ENV === 'development';
  // In console practice mode the terminal is the conversation: keep logs to warnings unless LOG_LEVEL asks for more.
  const level = consoleOnly && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  const logger = createLogger({ level, pretty: pretty && process.stderr.isTTY, secrets: secretValues(config) });
  return shard ? logger.child({ shard: Number(process.env.SHARDS) }) : logger;
}

async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(USAGE);
  if (argv.includes('--version') || argv.includes('-v')) return void process.stdout.write(`${version()}\n`);
  // A .env file is optional; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (argv[0] === 'diagrams') {
    if (!argv[1]) fail('Usage: node dist/main.js diagrams <folder>');
    const { DiagramRenderer } = await import('./diagrams/render.js');
    const renderer = new DiagramRenderer({ dir: resolve(argv[1]) });
    await renderer.ready();
    // The image also keeps the parsed bank beside the pictures, so its start-up reads JSON instead of YAML.
    const questions = loadBankCached({ readFrom: [], writeTo: resolve(argv[1]) }).questions.filter((q) => q.diagram);
    for (const q of questions) renderer.render(q.diagram!);
    return void process.stdout.write(`Drew ${questions.length} diagrams into ${resolve(argv[1])}\n`);
  }
  if (argv[0] === 'backup') {
    const { runBackupCli } = await import('./ops/backup.js');
    process.exitCode = await runBackupCli(argv.slice(1), process.env);
    return;
  }
  const shard = argv.includes(SHARD_FLAG);
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const consoleOnly = !slackMode(config) && !discordEnabled(config) && config.CONSOLE !== 'off';
  const logger = loggerFor(config, consoleOnly, shard);
  // No single bad event may stop the process; a real crash is logged through the scrubbing logger, then exits.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal?.({ err }, 'uncaught exception: stopping');
    process.exit(1);
  });

  let bank;
  try {
    bank = loadBankCached({ readFrom: [PREBUILT_DIAGRAMS, cacheDirFor(config)], writeTo: cacheDirFor(config) });
  } catch (err) {
    if (err instanceof ContentError) fail(err.message);
    throw err;
  }
  let opened;
  try {
    opened = await openStore(config, logger);
  } catch (err) {
    if (err instanceof DatabaseOpenError) fail(err.message);
    throw err;
  }
  logger.info({ questions: bank.size, store: opened.engine, ...(opened.engine === 'sqlite' ? { database: config.DATABASE_PATH } : {}) }, 'starting');
  const ops = createOps(logger);
  let running: Running | null = null;
  const shutdown = createShutdown({
    logger,
    graceMs: SHUTDOWN_GRACE_MS,
    steps: [
      { name: 'report stopping', run: () => ops.health.markStopping() },
      // Adapters stop accepting, the jobs let sends in flight settle, the ops server closes last.
      { name: 'stop components', run: () => running?.stop() },
      { name: 'finish in-flight work', run: () => ops.inFlight.drain(SHUTDOWN_GRACE_MS) },
    ],
    finish: () => opened.close(),
  });
  onStopSignals(shutdown, logger);
  if (shard) {
    process.on('disconnect', () => void shutdown('main process gone'));
    // discord.js reports the shard's status to the manager over IPC; once the main process is gone those
    // sends fail with an 'error' event on process, which must not crash the shard's clean shutdown.
    process.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ERR_IPC_CHANNEL_CLOSED') logger.warn({ err }, 'shard IPC error');
    });
  }
  try {
    running = await compose({ config, store: opened.store, bank, clock: systemClock, logger, ops, role: shard ? 'discord-shard' : 'main', storeWritable: opened.writable });
  } catch (err) {
    if (err instanceof VaultKeyError) fail(err.message);
    throw err;
  }
  await running.done;
  await shutdown('eof');
}

run(process.argv.slice(2)).catch((err: unknown) => {
  // Start-up errors bypass the logger, so scrub them here (an SDK error may quote a token).
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`Fatal: ${scrubSecrets(text, secretValues(process.env))}\n`);
  process.exit(1);
});
