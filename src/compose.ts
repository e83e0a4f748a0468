/**
 * The composition root: the one place that knows every layer. It opens the
 * store, loads the bank, builds the core's deps and inbound port, starts the
 * platforms the configuration asks for (adapters/registry.ts), the jobs on
 * the clock and the ops endpoints, and returns a stop function. main.ts runs
 * it for the main process and for Discord shard processes alike; tests call
 * it directly.
 */
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { AdapterHost, InboundPort, PlatformModule, RunningAdapter } from './adapters/contract.js';
import { PLATFORMS } from './adapters/registry.js';
import type { Config } from './config.js';
import { ChatPorts } from './core/chat-ports.js';
import type { CoreDeps } from './core/context.js';
import type { QuestionBank } from './core/bank.js';
import { createInbound } from './core/inbound/port.js';
import { BoardCache } from './core/boards.js';
import { Limits } from './core/limits.js';
import type { Clock } from './core/ports/clock.js';
import type { Logger } from './core/ports/logger.js';
import { PlatformRegistry } from './core/ports/platform.js';
import type { Store } from './core/ports/store.js';
import { DiagramRenderer } from './diagrams/render.js';
import { startJobs, type CronSchedule } from './jobs/cron.js';
import { schedulerHeartbeat, type Ops } from './ops/ops.js';
import { startOpsServer, opsServed } from './ops/http.js';
import { instrumentChatPort, instrumentCron, timedHandle } from './ops/instrument.js';
import { SealedVault } from './store/vault.js';
import { fileURLToPath } from 'node:url';

/** Pictures drawn at image build time, beside dist/ (absent in development). */
export const PREBUILT_DIAGRAMS = fileURLToPath(new URL('../diagrams', import.meta.url));

/** Where drawn diagrams and the parsed bank are kept between runs: DIAGRAM_CACHE_DIR, else beside the SQLite file. */
export function cacheDirFor(config: Pick<Config, 'DIAGRAM_CACHE_DIR' | 'DATABASE_URL' | 'DATABASE_PATH'>): string | undefined {
  return config.DIAGRAM_CACHE_DIR ?? (config.DATABASE_URL ? undefined : join(dirname(config.DATABASE_PATH), 'diagrams'));
}

export interface ComposeOptions {
  config: Config;
  store: Store;
  bank: QuestionBank;
  clock: Clock;
  logger: Logger;
  ops: Ops;
  stdin?: Readable;
  stdout?: Writable;
  role?: AdapterHost['role'];
  /** Tests trigger the jobs' minute tick by hand. */
  schedule?: CronSchedule;
  /** Health of the store, from openStore. */
  storeWritable?: () => Promise<{ ok: boolean; detail?: string }>;
  /** The platforms to consider (default: adapters/registry.ts). */
  platforms?: readonly PlatformModule[];
}

export interface Running {
  deps: CoreDeps;
  inbound: InboundPort;
  /** Resolves when the app ends by itself (console end of input); never for servers. */
  done: Promise<void>;
  /** The jobs' tick (tests), when jobs run. */
  tick?: () => Promise<unknown>;
  opsPort: number | null;
  stop(): Promise<void>;
}

export async function compose(opts: ComposeOptions): Promise<Running> {
  const { config, logger, ops, clock } = opts;
  const role = opts.role ?? 'main';
  const platforms = new PlatformRegistry();
  const chat = new ChatPorts();
  const limits = new Limits({ commandsPerMinute: config.COMMANDS_PER_MINUTE, publicCooldownSeconds: config.PUBLIC_COOLDOWN_SECONDS }, clock, (kind) => ops.metrics.limited(kind));
  ops.metrics.setLimits(limits.settings);
  const deps: CoreDeps = { store: opts.store, bank: opts.bank, clock, logger, platforms, defaultZone: config.DEFAULT_TIMEZONE, chat, limits, boards: new BoardCache() };
  const core = createInbound(deps);
  // Every event: one log line with latency and outcome, metrics, and drained on shutdown.
  const inbound: InboundPort = { ...core, handle: (event, o) => timedHandle(ops, { platform: event.platform, user: event.actor.userKey }, () => core.handle(event, o)) };
  if (opts.storeWritable) ops.health.register('store', opts.storeWritable);

  const cacheDir = cacheDirFor(config);
  // The image ships every diagram drawn at build time (main.ts `diagrams`); elsewhere they are drawn once and cached.
  const diagrams = new DiagramRenderer({ ...(cacheDir ? { dir: cacheDir } : {}), prebuilt: PREBUILT_DIAGRAMS });
  for (const q of opts.bank.questions) if (q.diagram) diagrams.know(q.diagram);
  // The drawing libraries are slow to load and needed only for pictures not drawn yet (never in the image,
  // where all are drawn at build): they load in the background once the bot is up.
  const drawingNeeded = !diagrams.allOnDisk();
  const vault = config.TOKEN_ENCRYPTION_KEY ? new SealedVault(opts.store.secrets, clock, config.TOKEN_ENCRYPTION_KEY, config.TOKEN_ENCRYPTION_KEY_PREVIOUS) : null;
  if (vault) {
    await vault.check();
    // During a rotation every secret is re-sealed with the new key at once, so the old one can be retired.
    if (config.TOKEN_ENCRYPTION_KEY_PREVIOUS) logger.info({ resealed: await vault.rotate() }, 'token encryption key rotated');
  }
  const host: AdapterHost = {
    config,
    role,
    logger,
    inbound,
    diagrams,
    clock,
    vault,
    workspaces: {
      installed: async (scope) => void (await opts.store.channels.resumeScope(scope, clock.now())),
      removed: async (scope) => void (await opts.store.channels.suspendScope(scope, 'the app was removed from this workspace; re-install it to resume', clock.now())),
    },
    registerHealth: (name, check) => void ops.health.register(name, check),
    rateLimited: (platform, seconds) => ops.metrics.rateLimitWait(platform, seconds),
    track: (work) => ops.inFlight.track(work),
    stdin: opts.stdin ?? process.stdin,
    stdout: opts.stdout ?? process.stdout,
  };

  const stops: (() => Promise<void>)[] = [];
  const wanted = (opts.platforms ?? PLATFORMS).filter((m) => (role === 'discord-shard' ? m.info.id === 'discord' : true));
  const primary = wanted.filter((m) => m.enabled(config, false) && m.info.id !== 'console');
  const enabled = wanted.filter((m) => m.enabled(config, primary.length > 0));
  if (enabled.length === 0 && config.CONSOLE === 'off') {
    logger.warn({}, 'no chat platform is configured and CONSOLE=off: only /healthz and /metrics run. Set the Slack or Discord variables (see .env.example).');
  }
  let done: Promise<void> = new Promise(() => {});
  for (const module of enabled) platforms.register(module.info);
  for (const module of enabled) {
    const running: RunningAdapter = await module.start(host);
    platforms.register(module.info, running.directory);
    if (running.chatPort) chat.add(instrumentChatPort(running.chatPort, ops));
    if (running.done) done = running.done;
    stops.push(running.stop);
  }

  let tick: (() => Promise<unknown>) | undefined;
  if (role === 'main' && chat.size > 0) {
    // Posts on a clock for every running platform, reminders by DM where a platform can. Pushed after the
    // adapters, so on stop (reverse order) sends in flight settle before the adapters disconnect.
    const jobs = startJobs({ deps, catchUpHours: config.CATCH_UP_HOURS, schedule: instrumentCron(ops, schedulerHeartbeat(ops), opts.schedule) });
    tick = jobs.tick;
    stops.push(() => jobs.stop());
  }

  let opsPort: number | null = null;
  const service = enabled.some((m) => m.info.id !== 'console') || config.CONSOLE === 'off';
  if (role === 'main' && opsServed(config.HEALTH_SERVER, service)) {
    const server = await startOpsServer(ops, { port: config.OPS_PORT, host: config.OPS_HOST, token: config.OPS_TOKEN });
    opsPort = server.port;
    // First in the list, so it closes last: /healthz says "stopping" while the rest drains.
    stops.unshift(() => server.close());
  }

  if (drawingNeeded) setImmediate(() => void diagrams.ready().catch((err: unknown) => logger.warn({ err }, 'diagram drawing unavailable')));

  return {
    deps,
    inbound,
    done,
    ...(tick ? { tick } : {}),
    opsPort,
    async stop() {
      for (const stop of [...stops].reverse()) await stop();
    },
  };
}
