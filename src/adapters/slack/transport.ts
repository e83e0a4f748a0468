/**
 * The Slack app on Bolt, in one of three transports:
 *   - Socket Mode when SLACK_APP_TOKEN is set (no public URL needed);
 *   - HTTP mode when SLACK_SIGNING_SECRET is set: Bolt verifies every
 *     request's signature and refuses ones older than five minutes (401),
 *     behind our own hardened server (server.ts);
 *   - OAuth (many workspaces): HTTP mode plus /slack/install and
 *     /slack/oauth_redirect, tokens from the installation store (oauth.ts).
 *
 * Nothing acknowledged is lost: every command, click and form is written to
 * the durable inbox before Slack is told "accepted", processed from there,
 * and marked done in the same transaction as its effect. On start-up what
 * was accepted but not done is finished (recover()).
 */
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Server } from 'node:http';
import type { Config } from '../../config.js';
import type { InboundEvent, Outcome } from '../../core/ports/inbound.js';
import type { Logger } from '../../core/ports/logger.js';
import type { DiagramRenderer } from '../../diagrams/render.js';
import type { InboundPort } from '../contract.js';
import { BoltLoggerBridge } from './bolt-logger.js';
import { SlackChatPort, mapSlackError, type ClientFor } from './chat-port.js';
import { deliver, type DeliverEnv } from './deliver.js';
import { SlackDirectory } from './directory.js';
import { fromAppHomeOpened, fromBlockActions, fromSlashCommand, fromViewSubmission, type Normalized, type SlackReplyTo } from './normalize.js';
import type { SlackOAuth } from './oauth.js';
import { SlackPictureService } from './pictures.js';
import { renderReply } from './render.js';
import { close, listen, MAX_BODY_BYTES, slackServer } from './server.js';
import { PostAckQueue } from './work-queue.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** A response URL works for 30 minutes; after a crash, replies older than this are skipped (the effect is still applied). */
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

/**
 * Web API retries in production: about a minute in all. 429s wait for
 * Retry-After inside each attempt (the WebClient does that itself); other
 * failures back off 1 s, 2 s, 4 s … A daily post may wait; it must not hang.
 */
export const DEFAULT_RETRY: webApi.RetryOptions = { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000, randomize: true };
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface SlackTransportOptions {
  config: Config;
  inbound: InboundPort;
  logger: Logger;
  diagrams: DiagramRenderer;
  clock: { now(): Date };
  /** Web API retry policy; tests pass a fast one. */
  retryConfig?: webApi.RetryOptions;
  requestTimeoutMs?: number;
  directoryCacheMs?: number;
  /** The slash command name in the manifest. */
  commandName?: string;
  /** Write accepted interactions to the durable inbox before acknowledging them (default on; the benchmark compares). */
  durable?: boolean;
  /** Many workspaces: install flow and per-installation tokens. */
  oauth?: SlackOAuth;
  socket?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number; autoReconnect?: boolean };
  track?: <T>(work: Promise<T>) => Promise<T>;
  rateLimited?: (seconds: number) => void;
}

export interface SlackRunning {
  app: App;
  chatPort: SlackChatPort;
  directory: SlackDirectory;
  mode: 'socket' | 'http' | 'oauth';
  connected(): boolean;
  /** Connects (Socket Mode) or listens (HTTP); resolves with the HTTP port, or null in Socket Mode. */
  start(): Promise<{ port: number | null }>;
  /** Finishes what was accepted but not done before a crash. */
  recover(): Promise<{ finished: number; replied: number }>;
  stop(): Promise<void>;
}

const MALFORMED = 'Sorry, Slack sent me something I could not read. Please try again.';

export function createSlackTransport(opts: SlackTransportOptions): SlackRunning {
  const { config, inbound, logger } = opts;
  const mode: SlackRunning['mode'] = opts.oauth ? 'oauth' : config.SLACK_APP_TOKEN ? 'socket' : 'http';
  const durable = opts.durable ?? true;
  const track = opts.track ?? ((w) => w);
  const logLevel = LogLevel.WARN;
  const boltLogger = new BoltLoggerBridge(logger, logLevel);
  const clientOptions: webApi.WebClientOptions = {
    // The WebClient appends method names to this string as is.
    slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`,
    retryConfig: opts.retryConfig ?? DEFAULT_RETRY,
    timeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };

  let app: App;
  let httpReceiver: HTTPReceiver | undefined;
  let socketUp = false;
  if (mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN!,
      logger: boltLogger,
      logLevel,
      // A copy: the Socket Mode client fills in defaults on the object it is given.
      installerOptions: { clientOptions: { ...clientOptions } },
      clientPingTimeout: opts.socket?.clientPingTimeoutMs,
      serverPingTimeout: opts.socket?.serverPingTimeoutMs,
      autoReconnectEnabled: opts.socket?.autoReconnect ?? true,
    });
    app = new App({ token: config.SLACK_BOT_TOKEN, receiver, socketMode: true, logger: boltLogger, logLevel, clientOptions, convoStore: false, deferInitialization: true });
    receiver.client.on('connected', () => (socketUp = true));
    for (const down of ['disconnected', 'reconnecting', 'disconnecting']) receiver.client.on(down, () => (socketUp = false));
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: SLACK_EVENTS_PATH,
      logger: boltLogger,
      logLevel,
      bodyLimit: MAX_BODY_BYTES,
      // Ack as soon as the listener calls ack(), not after the work: that is what keeps us inside 3 s.
      processBeforeResponse: false,
      ...(opts.oauth ? opts.oauth.receiverOptions(clientOptions) : {}),
    });
    // No conversation store: state lives in the database, and Bolt's in-memory store costs a thrown Error per request.
    app = new App({
      ...(opts.oauth ? {} : { token: config.SLACK_BOT_TOKEN }),
      receiver: httpReceiver,
      logger: boltLogger,
      logLevel,
      clientOptions,
      convoStore: false,
      deferInitialization: true,
    });
  }
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => opts.rateLimited?.(seconds));

  const clientFor: ClientFor = opts.oauth ? (scope) => opts.oauth!.clientFor(scope, clientOptions) : async () => app.client;
  const pictures = new SlackPictureService(opts.diagrams, clientFor, logger, config.PUBLIC_URL && mode !== 'socket' ? config.PUBLIC_URL : undefined);
  const chatPort = new SlackChatPort(clientFor, pictures.resolve, logger);
  const directory = new SlackDirectory({
    adminUserIds: config.SLACK_ADMIN_USER_IDS,
    lookupUser: async (teamId, userId) => (await (await clientFor(`slack:${teamId}`)).users.info({ user: userId })).user,
    clock: opts.clock,
    logger,
    ttlMs: opts.directoryCacheMs,
  });
  // After each ack, work waits its turn so that other requests' acks go first.
  const queue = new PostAckQueue();

  const postJson = async (url: string, body: Record<string, unknown>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`response URL answered ${res.status}`);
  };

  const envFor = async (scope: string): Promise<DeliverEnv> => ({ client: await clientFor(scope), chatPort, pictures: pictures.resolve, logger, respond: postJson });

  /** Handles a normalized interaction end to end: inbox → core → reply. */
  async function process(n: Normalized, inboxId: number | undefined): Promise<Outcome> {
    const outcome = await track(inbound.handle(n.event, inboxId === undefined ? {} : { inboxId }));
    // Another replica finished this interaction and answered it.
    if (outcome.status === 'duplicate') return outcome;
    const userId = String(n.event.actor.facts?.userId ?? '');
    try {
      await deliver(outcome, { userKey: n.event.actor.userKey, userId, scope: n.event.place.scope, replyTo: n.replyTo }, await envFor(n.event.place.scope));
    } catch (err) {
      // An expired or overused response URL (5 uses / 30 minutes) must not crash the listener; the effect stands.
      logger.warn({ command: outcome.command, reason: mapSlackError(err).reason, err: (err as Error).message }, 'Slack reply failed; the effect was applied');
    }
    return outcome;
  }

  /** Persist, then acknowledge, then process: nothing Slack was told "accepted" can be lost. */
  async function acceptThenProcess(n: Normalized | null, ack: () => Promise<void>, replyMalformed: (() => Promise<void>) | null): Promise<void> {
    if (!n) {
      await ack();
      logger.warn({}, 'malformed Slack payload');
      await replyMalformed?.().catch(() => undefined);
      return;
    }
    const enterpriseId = n.event.actor.facts?.enterpriseId;
    if (opts.oauth && typeof enterpriseId === 'string') await opts.oauth.rememberTeam(n.event.place.scope.slice('slack:'.length), enterpriseId);
    let inboxId: number | undefined;
    if (durable) {
      const accepted = await inbound.accept(n.event, n.externalId, n.replyTo);
      if (accepted.duplicate) {
        // A re-delivered or replayed interaction: it was (or is being) handled once already.
        await ack();
        logger.info({ externalId: n.externalId.slice(0, 20) }, 'duplicate Slack interaction ignored');
        return;
      }
      inboxId = accepted.id;
    }
    await ack();
    await queue.turn();
    await process(n, inboxId);
  }

  app.command(opts.commandName ?? '/aws', async ({ ack, body, respond }) => {
    await acceptThenProcess(fromSlashCommand(body), () => ack(), () => respond({ response_type: 'ephemeral', text: MALFORMED }).then(() => undefined));
  });

  app.action({ type: 'block_actions' }, async ({ ack, body, respond }) => {
    await acceptThenProcess(fromBlockActions(body), () => ack(), () => respond({ response_type: 'ephemeral', replace_original: false, text: MALFORMED }).then(() => undefined));
  });

  app.view({ type: 'view_submission' }, async ({ ack, body }) => {
    await acceptThenProcess(fromViewSubmission(body), () => ack(), null);
  });

  app.event('app_home_opened', async ({ body }) => {
    const home = fromAppHomeOpened(body);
    // The Messages tab fires this event too; only the Home tab shows progress.
    if (!home || (home.tab !== null && home.tab !== 'home')) return;
    // The Events API retries unacknowledged deliveries; a Home tab is redrawn, not lost, so no inbox entry.
    await process(home, undefined);
  });

  opts.oauth?.registerEvents(app);

  app.error(async (error) => {
    logger.error({ err: error.message, code: (error as { code?: string }).code }, 'Slack listener failed');
  });

  let server: Server | undefined;
  let started = false;

  return {
    app,
    chatPort,
    directory,
    mode,
    connected: () => started && (mode !== 'socket' || socketUp),
    async start() {
      if (!opts.oauth) {
        // auth.test once, here (deferInitialization), so a bad token fails start-up with a clear message.
        try {
          await app.init();
        } catch (err) {
          const failure = mapSlackError(err);
          throw new Error(
            failure.reason === 'invalid_auth' ? `Slack rejected SLACK_BOT_TOKEN (${failure.detail})` : `Could not check SLACK_BOT_TOKEN with Slack at SLACK_API_URL (${failure.detail})`,
          );
        }
      } else await app.init();
      let port: number | null = null;
      if (httpReceiver) {
        server = slackServer({ bolt: httpReceiver.requestListener, logger, ...(config.PUBLIC_URL ? { diagrams: opts.diagrams } : {}) });
        port = await listen(server, config.PORT, config.HOST);
      } else {
        await app.start();
      }
      started = true;
      logger.info({ mode, port }, 'Slack adapter started');
      return { port };
    },
    async recover() {
      let finished = 0;
      let replied = 0;
      for (const entry of await inbound.pending('slack')) {
        let event: InboundEvent;
        let replyTo: SlackReplyTo;
        try {
          event = JSON.parse(entry.event) as InboundEvent;
          replyTo = JSON.parse(entry.replyTo ?? '{}') as SlackReplyTo;
        } catch {
          logger.error({ inboxId: entry.id }, 'unreadable inbox entry skipped');
          continue;
        }
        const fresh = opts.clock.now().getTime() - entry.acceptedAt.getTime() < RESPONSE_URL_TTL_MS;
        // A form can no longer be opened (its trigger lasted 3 s); every other reply goes out while the URL is valid.
        const usable: SlackReplyTo = fresh ? { ...replyTo, triggerId: null } : { responseUrl: null, triggerId: null, channelId: null };
        const outcome = await inbound.handle(event, { inboxId: entry.id, recovered: true });
        if (outcome.status === 'duplicate') continue;
        finished++;
        if (fresh && usable.responseUrl) {
          try {
            await postJson(usable.responseUrl, { ...renderReply(outcome.reply), response_type: outcome.delivery === 'channel' ? 'in_channel' : 'ephemeral', replace_original: false });
            replied++;
          } catch (err) {
            logger.warn({ inboxId: entry.id, err: (err as Error).message }, 'could not reply after restart; the effect was applied');
          }
        } else logger.info({ inboxId: entry.id, command: outcome.command }, 'finished an interaction accepted before a restart; its reply window had passed');
      }
      if (finished > 0) logger.info({ finished, replied }, 'Slack inbox recovered');
      return { finished, replied };
    },
    async stop() {
      if (!started) return;
      started = false;
      if (server) await close(server);
      else await app.stop();
      logger.info({ mode }, 'Slack adapter stopped');
    },
  };
}
