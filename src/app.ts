/**
 * Starts what the configuration asks for, on one store and one question bank:
 * Slack and/or Discord when their tokens are set, the scheduler when any chat
 * platform runs, and the console practice mode when no platform is configured
 * (or CONSOLE=on). Returns a stop function for graceful shutdown.
 */
import type { Readable, Writable } from 'node:stream';
import { discordEnabled, slackMode, type Config } from './config.js';
import type { CoreDeps } from './core/context.js';
import type { ChatPort, Logger } from './core/ports.js';
import { runConsole } from './adapters/console/session.js';
import { reviewGreeting } from './core/usecases/remind.js';
import { startReminders } from './reminders/runner.js';
import { startCheckpointer } from './store/checkpointer.js';
import { SqliteStore } from './store/sqlite-store.js';
import { ConsoleChatPort } from './adapters/console/chat-port.js';
import { postStoreOf, startScheduler } from './scheduler/cron.js';
import { healthRoutes, opsPlacement, startOpsServer } from './ops/http.js';
import { instrumentChatPort, instrumentCron, timedHandle } from './ops/instrument.js';
import type { HandleWrapper } from './core/dispatch.js';
import { createOps, schedulerHeartbeat, type Ops } from './ops/ops.js';

export interface Running {
  /** Resolves when the app ends by itself (console EOF); never for servers. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  deps: CoreDeps;
  logger: Logger;
  stdin?: Readable;
  stdout?: Writable;
  /** Metrics, health checks and in-flight tracking (main.ts makes one; tests may omit it). */
  ops?: Ops;
}

/** The terminal practice mode: asked for, or the default when no chat platform is configured. */
export const consoleRuns = (config: Config): boolean =>
  config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && !slackMode(config) && !discordEnabled(config));

export async function startApp(opts: StartOptions): Promise<Running> {
  const { config, deps } = opts;
  const stops: (() => Promise<void>)[] = [];
  const chatPorts: ChatPort[] = [];
  const ops = opts.ops ?? createOps(opts.logger, { defaultMetrics: false });
  const placement = opsPlacement(config);
  if (!slackMode(config) && !discordEnabled(config) && config.CONSOLE === 'off') {
    opts.logger.warn({}, 'no chat platform is configured and CONSOLE=off: only /healthz and /metrics run. Set the Slack or Discord variables (see .env.example).');
  }
  // Every command and button press: one log line with latency and outcome, metrics, drained on stop.
  const wrap: HandleWrapper = (fields, run) => timedHandle(ops, fields, run);
  // Every port the scheduler and reminders use logs and counts each send.
  const addPort = (port: ChatPort) => chatPorts.push(instrumentChatPort(port, ops));

  // --- WAL checkpoints off the request path (issue 7 benchmark) -------------
  // Pushed first, so it stops last: after everything that writes.
  if (deps.store instanceof SqliteStore) {
    const checkpointer = startCheckpointer(deps.store.db, {
      onError: (detail) => opts.logger.warn({ detail }, 'WAL checkpoint failed; the next one tries again'),
    });
    stops.push(() => checkpointer.stop());
  }

  // --- slack (issue 4) -------------------------------------------------------
  if (slackMode(config)) {
    // In HTTP mode Slack owns PORT, so /healthz and /metrics ride on its server.
    // Loaded only when configured, like Discord: console mode does not pay for Bolt at start-up.
    const [{ createSlackApp }, { webApi }] = await Promise.all([import('./adapters/slack/app.js'), import('@slack/bolt')]);
    const httpRoutes = placement === 'slack-http' ? healthRoutes(ops) : undefined;
    const slack = createSlackApp({ config, deps, logger: opts.logger, httpRoutes, wrap });
    await slack.start();
    // The WebClient waits out 429s itself; count each wait (seconds) for /metrics.
    slack.app.client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => ops.metrics.rateLimitWait('slack', seconds));
    ops.health.register('slack', () => (slack.connected() ? { ok: true } : { ok: false, detail: `${slack.mode} mode not connected` }));
    addPort(slack.chatPort);
    stops.push(() => slack.stop());
  }

  // --- discord (issue 5; sharding: issue 8) ---------------------------------
  // Loaded only when configured, so console mode does not pay for discord.js at start-up.
  if (discordEnabled(config) && config.DISCORD_SHARDS) {
    // One process per shard answers interactions; this one opens no gateway
    // connection and posts through REST, so the scheduler below runs once.
    const { startDiscordShards } = await import('./adapters/discord/sharding.js');
    const shards = await startDiscordShards({ config, logger: opts.logger });
    shards.rest.on('rateLimited', (info) => ops.metrics.rateLimitWait('discord', info.retryAfter / 1000));
    ops.health.register('discord', shards.health);
    addPort(shards.chatPort);
    stops.push(() => shards.stop());
  } else if (discordEnabled(config)) {
    const { createDiscordBot } = await import('./adapters/discord/client.js');
    const discord = createDiscordBot({ config, deps, logger: opts.logger, track: (work) => ops.inFlight.track(work), wrap });
    await discord.start();
    discord.client.rest.on('rateLimited', (info) => ops.metrics.rateLimitWait('discord', info.retryAfter / 1000));
    ops.health.register('discord', () => (discord.client.isReady() ? { ok: true } : { ok: false, detail: 'gateway not connected' }));
    addPort(discord.chatPort);
    stops.push(() => discord.stop());
  }

  // --- scheduler (issue 6) ---------------------------------------------------
  // Daily posts for every running platform; console subscriptions print in the
  // terminal when the console runs. Pushed after the adapters, so on stop
  // (reverse order) posts in flight settle before the adapters disconnect.
  {
    if (consoleRuns(config)) addPort(new ConsoleChatPort(opts.stdout ?? process.stdout));
    const posts = postStoreOf(deps.store);
    if (!posts) opts.logger.warn({}, 'the store cannot record daily posts: scheduler not started');
    else if (chatPorts.length > 0) {
      const schedule = instrumentCron(ops, schedulerHeartbeat(ops));
      const scheduler = startScheduler({ deps, posts, ports: chatPorts, catchUpHours: config.CATCH_UP_HOURS, schedule });
      stops.push(() => scheduler.stop());
    }
  }

  // --- reminders (issue 7) ---------------------------------------------------
  // Slack / Discord DMs; console users get theirs as a greeting line below.
  if (chatPorts.some((p) => p.platform !== 'console')) {
    const reminders = startReminders({ deps, ports: chatPorts, logger: opts.logger });
    stops.push(() => reminders.stop());
  }

  // --- console ---------------------------------------------------------------
  let done: Promise<void> = new Promise(() => {});
  if (consoleRuns(config)) {
    done = runConsole({
      deps,
      input: opts.stdin ?? process.stdin,
      output: opts.stdout ?? process.stdout,
      greetingExtras: (ctx) => reviewGreeting(deps, ctx.actor.userKey),
      instruments: ops,
    });
  }

  // --- health and metrics (issue 8) -----------------------------------------
  if (placement === 'own-port') {
    const server = await startOpsServer(ops, { port: config.PORT, host: config.HOST });
    // First in the list, so it closes last: /healthz says "stopping" while the rest drains.
    stops.unshift(() => server.close());
  }

  return {
    done,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
