/**
 * The Slack app on Bolt, in one of two transports:
 *   - Socket Mode when SLACK_APP_TOKEN is set (no public URL needed);
 *   - HTTP mode when SLACK_SIGNING_SECRET is set: Bolt's HTTPReceiver on
 *     PORT/HOST at /slack/events, which verifies Slack's request signature
 *     and refuses requests older than five minutes (401).
 * The Web API base URL comes from SLACK_API_URL, so a proxy or a loopback
 * fake can stand in for slack.com.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type CustomRoute, type webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { CoreDeps } from '../../core/context.js';
import type { Logger } from '../../core/ports.js';
import { SlackAdminDirectory } from './admin.js';
import { BoltLoggerBridge } from './bolt-logger.js';
import { SlackChatPort, mapSlackError } from './chat-port.js';
import { registerListeners, type ListenerOptions } from './listeners.js';

export type SlackConfig = Pick<
  Config,
  'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_API_URL' | 'SLACK_ADMIN_USER_IDS' | 'PORT' | 'HOST'
>;

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Web API retries in production: about a minute in all. 429s wait for
 * Retry-After inside each attempt (the WebClient does that itself); other
 * failures back off 1 s, 2 s, 4 s … A daily post may wait; it must not hang.
 */
export const DEFAULT_RETRY: webApi.RetryOptions = { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000, randomize: true };
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface SlackAppOptions {
  config: SlackConfig;
  deps: CoreDeps;
  logger: Logger;
  /** Web API retry policy; tests pass a fast one. */
  retryConfig?: webApi.RetryOptions;
  /** Per-request timeout of Web API calls, in ms. */
  requestTimeoutMs?: number;
  /** How long users.info admin answers are cached, in ms. */
  adminCacheMs?: number;
  /** The slash command name in the manifest. */
  commandName?: string;
  /** What Bolt itself logs (our own lines follow the app logger's level). */
  boltLogLevel?: LogLevel;
  dueReviews?: ListenerOptions['dueReviews'];
  /** Wraps each command and button press (timing, log line, shutdown drain). */
  wrap?: ListenerOptions['wrap'];
  /**
   * Extra routes on the HTTP-mode server (e.g. /healthz, /metrics share PORT
   * with /slack/events). Ignored in Socket Mode, which opens no port.
   */
  httpRoutes?: CustomRoute[];
  /** Socket Mode keep-alive tuning (defaults are Slack's). */
  socket?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number; autoReconnect?: boolean };
}

export interface SlackRunning {
  app: App;
  chatPort: SlackChatPort;
  mode: 'socket' | 'http';
  /** For /healthz: HTTP mode is up while started; Socket Mode while its WebSocket is connected. */
  connected(): boolean;
  /** Connects (Socket Mode) or listens (HTTP); resolves with the HTTP port, or null in Socket Mode. */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

export function createSlackApp(opts: SlackAppOptions): SlackRunning {
  const { config, deps, logger } = opts;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is required for the Slack adapter');
  const mode = config.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'http' && !config.SLACK_SIGNING_SECRET) throw new Error('SLACK_SIGNING_SECRET is required for HTTP mode');

  const boltLogger = new BoltLoggerBridge(logger, opts.boltLogLevel ?? LogLevel.WARN);
  const clientOptions: webApi.WebClientOptions = {
    // The WebClient appends method names to this string as is.
    slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`,
    retryConfig: opts.retryConfig ?? DEFAULT_RETRY,
    timeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };

  let httpReceiver: HTTPReceiver | undefined;
  let app: App;
  let socketUp = false;
  if (mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN!,
      logger: boltLogger,
      // A copy: the Socket Mode client fills in defaults on the object it is given.
      installerOptions: { clientOptions: { ...clientOptions } },
      clientPingTimeout: opts.socket?.clientPingTimeoutMs,
      serverPingTimeout: opts.socket?.serverPingTimeoutMs,
      autoReconnectEnabled: opts.socket?.autoReconnect ?? true,
    });
    app = new App({ token, receiver, socketMode: true, logger: boltLogger, clientOptions, convoStore: false, deferInitialization: true });
    // The Socket Mode client reports its state as events; health follows them.
    receiver.client.on('connected', () => (socketUp = true));
    for (const down of ['disconnected', 'reconnecting', 'disconnecting']) receiver.client.on(down, () => (socketUp = false));
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: SLACK_EVENTS_PATH,
      customRoutes: opts.httpRoutes ?? [],
      logger: boltLogger,
      // Ack as soon as the listener calls ack(), not after the work: that is what keeps us inside 3 s.
      processBeforeResponse: false,
    });
    // No conversation store: the bot keeps its state in SQLite, and Bolt's in-memory
    // store costs a thrown "not found" Error on every request.
    app = new App({ token, receiver: httpReceiver, logger: boltLogger, clientOptions, convoStore: false, deferInitialization: true });
  }

  const admins = new SlackAdminDirectory({
    adminUserIds: config.SLACK_ADMIN_USER_IDS,
    lookupUser: async (user) => (await app.client.users.info({ user })).user,
    clock: deps.clock,
    logger,
    ttlMs: opts.adminCacheMs,
  });
  registerListeners(app, {
    deps,
    logger,
    admins,
    commandName: opts.commandName ?? '/aws',
    dueReviews: opts.dueReviews,
    wrap: opts.wrap,
  });
  const chatPort = new SlackChatPort(app.client, logger);
  let started = false;

  return {
    app,
    chatPort,
    mode,
    connected: () => started && (mode === 'http' || socketUp),
    async start() {
      // Initialisation runs auth.test once. Deferred to here (deferInitialization) so a
      // bad token fails start-up with a clear message, instead of Bolt's constructor
      // leaving a rejected promise behind that would only surface on the first command.
      try {
        await app.init();
      } catch (err) {
        const failure = mapSlackError(err);
        throw new Error(
          failure.reason === 'invalid_auth'
            ? `Slack rejected SLACK_BOT_TOKEN (${failure.detail})`
            : `Could not check SLACK_BOT_TOKEN with Slack at SLACK_API_URL (${failure.detail})`,
        );
      }
      let port: number | null = null;
      if (httpReceiver) {
        const server = await httpReceiver.start({ port: config.PORT, host: config.HOST });
        port = (server.address() as AddressInfo).port;
      } else {
        await app.start();
      }
      started = true;
      logger.info({ mode, port }, 'Slack adapter started');
      return { port };
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      logger.info({ mode }, 'Slack adapter stopped');
    },
  };
}
