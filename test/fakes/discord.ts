/**
 * A loopback fake of Discord for end-to-end tests with the real discord.js:
 * REST under /api/v10 and a gateway WebSocket at /gateway on one 127.0.0.1
 * port. It records every call (never the Authorization header's value) and
 * can inject failures: 429 with Retry-After, and Discord's JSON error codes.
 *
 *   const fake = await FakeDiscord.start();
 *   new Client({ intents, rest: { api: fake.apiUrl } }).login(fake.token);
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelType, InteractionResponseType, type APIMessage } from 'discord.js';
import { FakeGateway } from './discord-gateway.js';
import { snowflake, user, type FakeIds } from './discord-payloads.js';
import { commandProblems, FakeDiscordState, type CommandJson } from './discord-state.js';

export interface RecordedCall {
  method: string;
  /** Path below /api/v10, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  authorized: boolean;
  at: number;
}

export interface InjectedFailure {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
  /** Never answer (the request times out on the client side). */
  hang?: boolean;
}

type Handler = (m: RegExpMatchArray, body: unknown) => { status: number; body?: unknown };
interface Route {
  method: string;
  path: RegExp;
  auth: boolean;
  handle: Handler;
}

export const DEFAULT_IDS: FakeIds = {
  applicationId: '100000000000000001',
  guildId: '200000000000000002',
  channelId: '300000000000000003',
  botUserId: '400000000000000004',
};

export interface FakeDiscordOptions {
  heartbeatIntervalMs?: number;
  /** More guilds the bot is in, besides `ids.guildId` (e.g. one per shard). */
  extraGuilds?: Pick<FakeIds, 'guildId' | 'channelId'>[];
  /** GET /gateway/bot: the recommended shard count (`shards`) ... */
  recommendedShards?: number;
  /** ... and how many shards may identify at once (`session_start_limit.max_concurrency`). */
  maxConcurrency?: number;
}

export class FakeDiscord {
  readonly ids = DEFAULT_IDS;
  /** Every guild the bot is in; each has its own text channel. */
  readonly guilds: FakeIds[];
  readonly token = 'fake-bot-token.not-a-secret';
  readonly calls: RecordedCall[] = [];
  private readonly messagesByNonce = new Map<string, APIMessage>();
  readonly state = new FakeDiscordState(this.ids);
  readonly gateway: FakeGateway;
  /** Channels where the bot lacks Embed Links. */
  readonly withoutEmbedLinks = new Set<string>();
  private readonly failures: InjectedFailure[] = [];
  private readonly waiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  private readonly routes: Route[];

  private constructor(
    private readonly server: Server,
    private readonly opts: FakeDiscordOptions,
  ) {
    this.guilds = [this.ids, ...(opts.extraGuilds ?? []).map((g) => ({ ...this.ids, ...g }))];
    const heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 45_000;
    this.gateway = new FakeGateway(server, { ids: this.ids, guilds: () => this.guilds, token: this.token, heartbeatIntervalMs, url: () => this.gatewayUrl });
    this.routes = this.buildRoutes();
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, opts);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  failNext(failure: InjectedFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** A Discord JSON error (`{ code, message }`) for the next matching request. */
  discordErrorNext(path: RegExp, status: number, code: number, message: string, method = 'POST'): void {
    this.failNext({ method, path, status, body: { code, message } });
  }

  /** A 429 as Discord sends it: Retry-After header (seconds) and JSON retry_after / global. */
  rateLimitNext(path: RegExp, opts: { retryAfterSeconds: number; global: boolean }): void {
    const headers: Record<string, string> = { 'retry-after': String(opts.retryAfterSeconds), 'x-ratelimit-scope': opts.global ? 'global' : 'user' };
    if (opts.global) headers['x-ratelimit-global'] = 'true';
    const body = { message: 'You are being rate limited.', retry_after: opts.retryAfterSeconds, global: opts.global };
    this.failNext({ path, status: 429, headers, body });
  }

  /** The first recorded call (from index `since`) matching `match`, now or when it arrives. */
  waitForCall(match: (c: RecordedCall) => boolean, since = 0, timeoutMs = 5_000): Promise<RecordedCall> {
    const found = this.calls.slice(since).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const recent = this.calls.slice(-5).map((c) => `${c.method} ${c.path} ${c.status}`);
        reject(new Error(`fake Discord: no matching call within ${timeoutMs} ms; last calls: ${recent.join(', ')}`));
      }, timeoutMs);
      this.waiters.push({ match, resolve: (c) => (clearTimeout(timer), resolve(c)) });
    });
  }

  /** Dispatches INTERACTION_CREATE and remembers it so responses can be checked and answered. */
  sendInteraction(payload: { id: string; token: string; guild_id?: string; channel?: { id: string }; message?: { id: string } }): void {
    this.state.interactions.set(payload.id, {
      id: payload.id,
      token: payload.token,
      channelId: payload.channel?.id ?? this.ids.channelId,
      messageId: payload.message?.id ?? null,
      dispatchedAt: Date.now(),
      acknowledgedAt: null,
      originalId: null,
    });
    this.gateway.dispatchInteraction(payload);
  }

  /** Resolves with the interaction's callback (its first response). */
  callbackFor(interactionId: string, since = 0): Promise<RecordedCall> {
    return this.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${interactionId}/`), since);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.match(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = req.headers['content-type']?.includes('application/json') && raw ? JSON.parse(raw) : raw ? { nonJsonBody: raw.length } : undefined;
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.record({ method, path, query: url.searchParams, body, status, authorized, at: Date.now() });
      if (payload === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    if (!url.pathname.startsWith('/api/v10/')) return reply(404, { code: 0, message: '404: Not Found' });
    const failure = this.failures.find((f) => f.path.test(path) && (!f.method || f.method === method));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.hang) return this.record({ method, path, query: url.searchParams, body, status: 0, authorized, at: Date.now() });
      return reply(failure.status, failure.body, failure.headers);
    }
    for (const route of this.routes) {
      const m = route.method === method ? path.match(route.path) : null;
      if (!m) continue;
      if (route.auth && !authorized) return reply(401, { code: 0, message: '401: Unauthorized' });
      const out = route.handle(m, body);
      return reply(out.status, out.body);
    }
    return reply(404, { code: 0, message: '404: Not Found' });
  }

  private buildRoutes(): Route[] {
    const s = this.state;
    const ok = (body?: unknown) => ({ status: body === undefined ? 204 : 200, body });
    const notFound = (code: number, message: string) => ({ status: 404, body: { code, message } });
    const msg = (b: unknown) => b as Partial<APIMessage> & { content?: string; embeds?: unknown[]; components?: unknown[] };
    return [
      {
        method: 'GET',
        path: /^\/gateway\/bot$/,
        auth: true,
        handle: () =>
          ok({
            url: this.gatewayUrl,
            shards: this.opts.recommendedShards ?? 1,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.opts.maxConcurrency ?? 1 },
          }),
      },
      { method: 'GET', path: /^\/gateway$/, auth: false, handle: () => ok({ url: this.gatewayUrl }) },
      {
        method: 'POST',
        path: /^\/channels\/(\d+)\/messages$/,
        auth: true,
        handle: ([, channelId], b) => {
          const m = msg(b) as ReturnType<typeof msg> & { nonce?: string; enforce_nonce?: boolean };
          // Discord: with enforce_nonce, a create repeating a recent nonce returns the message it already made.
          const nonceKey = m.enforce_nonce && m.nonce ? `${channelId}|${m.nonce}` : null;
          const earlier = nonceKey ? this.messagesByNonce.get(nonceKey) : undefined;
          if (earlier) return ok(earlier);
          const remember = (created: APIMessage) => {
            if (nonceKey) this.messagesByNonce.set(nonceKey, created);
            return ok(created);
          };
          if (!this.withoutEmbedLinks.has(channelId!)) return remember(s.createMessage(channelId!, m));
          // Discord without Embed Links: embeds are dropped, and a message left empty is refused.
          if (!m.content && !(m.components?.length)) return { status: 403, body: { code: 50013, message: 'Missing Permissions' } };
          return remember(s.createMessage(channelId!, { ...m, embeds: [] }));
        },
      },
      {
        method: 'PATCH',
        path: /^\/channels\/(\d+)\/messages\/(\d+)$/,
        auth: true,
        handle: ([, , id], b) => {
          const edited = s.editMessage(id!, msg(b));
          return edited ? ok(edited) : notFound(10008, 'Unknown Message');
        },
      },
      { method: 'POST', path: /^\/interactions\/(\d+)\/([^/]+)\/callback$/, auth: false, handle: ([, id, token], b) => this.onCallback(id!, token!, b) },
      { method: 'POST', path: /^\/webhooks\/(\d+)\/([^/]+)$/, auth: false, handle: ([, , token], b) => this.onFollowUp(token!, b) },
      { method: 'PATCH', path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, auth: false, handle: ([, , token, id], b) => this.onWebhookEdit(token!, id!, b) },
      { method: 'DELETE', path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, auth: false, handle: () => ok() },
      { method: 'PUT', path: /^\/applications\/(\d+)\/commands$/, auth: true, handle: (_m, b) => this.onCommands('global', b) },
      { method: 'GET', path: /^\/applications\/(\d+)\/commands$/, auth: true, handle: () => ok(s.globalCommands) },
      { method: 'PUT', path: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, auth: true, handle: ([, , guildId], b) => this.onCommands(`guild:${guildId}`, b, guildId) },
      { method: 'GET', path: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, auth: true, handle: ([, , guildId]) => ok(s.guildCommands.get(guildId!) ?? []) },
      {
        method: 'POST',
        path: /^\/users\/@me\/channels$/,
        auth: true,
        handle: (_m, b) => {
          const recipient = (b as { recipient_id?: string }).recipient_id ?? '0';
          return ok({ id: snowflake(), type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [user(recipient, 'learner')] });
        },
      },
    ];
  }

  private onCommands(scope: string, body: unknown, guildId?: string) {
    const commands = body as CommandJson[];
    const problems = Array.isArray(commands) ? commandProblems(commands) : ['body must be an array'];
    if (problems.length) return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: problems } };
    return { status: 200, body: this.state.overwriteCommands(scope, commands, guildId) };
  }

  /** Interaction responses: answered with 204 and no body, as Discord does without with_response. */
  private onCallback(id: string, token: string, body: unknown) {
    const pending = this.state.interactions.get(id);
    if (!pending || pending.token !== token) return { status: 404, body: { code: 10062, message: 'Unknown interaction' } };
    if (pending.acknowledgedAt) return { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } };
    pending.acknowledgedAt = Date.now();
    const { type, data = {} } = body as { type: number; data?: Partial<APIMessage> };
    if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.DeferredChannelMessageWithSource) {
      pending.originalId = this.state.createMessage(pending.channelId, data).id;
    } else if (type === InteractionResponseType.UpdateMessage && pending.messageId) {
      this.state.editMessage(pending.messageId, data);
      pending.originalId = pending.messageId;
    } else if (type === InteractionResponseType.DeferredMessageUpdate) {
      pending.originalId = pending.messageId;
    }
    return { status: 204 };
  }

  private onFollowUp(token: string, body: unknown) {
    const pending = this.state.interactionByToken(token);
    if (!pending) return { status: 404, body: { code: 10015, message: 'Unknown Webhook' } };
    return { status: 200, body: this.state.createMessage(pending.channelId, body as Partial<APIMessage>) };
  }

  private onWebhookEdit(token: string, id: string, body: unknown) {
    const pending = this.state.interactionByToken(token);
    const messageId = id === '@original' ? pending?.originalId : id;
    const edited = messageId ? this.state.editMessage(messageId, body as Partial<APIMessage>) : null;
    return edited ? { status: 200, body: edited } : { status: 404, body: { code: 10008, message: 'Unknown Message' } };
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
