/**
 * A loopback fake of Discord for end-to-end tests with the real discord.js:
 * REST under /api/v10 and a gateway WebSocket at /gateway on one 127.0.0.1
 * port. It records every call (never the Authorization header's value) and
 * can inject failures: 429 with Retry-After, and Discord's JSON error codes.
 *
 * Interactions are answered over REST as Discord documents them: POST
 * /interactions/{id}/{token}/callback (types 4 message, 5 deferred message,
 * 6 deferred update, 7 update message, 8 autocomplete choices, 9 modal;
 * recorded in `callbacks`), then the interaction webhook (PATCH / DELETE
 * …/messages/@original, POST follow-ups). Bodies with files arrive as
 * multipart/form-data (payload_json + files[n]) and are recorded parsed,
 * with the files. For the bot's permission check it serves GET
 * /users/@me, /channels/{id}, /guilds/{id} and /guilds/{id}/members/{user};
 * `overwrites` sets a channel's permission overwrites. POST
 * /channels/{c}/messages/{m}/threads opens a thread (recorded in `threads`).
 *
 *   const fake = await FakeDiscord.start();
 *   new Client({ intents, rest: { api: fake.apiUrl } }).login(fake.token);
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelType, InteractionResponseType, type APIMessage, type APIOverwrite } from 'discord.js';
import { FakeGateway } from './discord-gateway.js';
import { botRoleId, guildCreatePayload, snowflake, textChannel, user, type FakeIds } from './discord-payloads.js';
import { commandProblems, FakeDiscordState, type CommandJson } from './discord-state.js';

/** A file sent with a request (multipart/form-data), e.g. a diagram PNG or an export. */
export interface RecordedFile {
  /** The form field, `files[0]` … */
  field: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface RecordedCall {
  method: string;
  /** Path below /api/v10, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  /** The JSON body (for multipart requests: the parsed payload_json). */
  body: unknown;
  status: number;
  authorized: boolean;
  at: number;
  /** Files of a multipart request; absent otherwise. */
  files?: RecordedFile[];
}

/** One interaction response (POST /interactions/{id}/{token}/callback), as accepted. */
export interface RecordedCallback {
  interactionId: string;
  type: number;
  data: Record<string, unknown> | undefined;
  files: RecordedFile[];
}

/** A thread opened on a message (POST /channels/{c}/messages/{m}/threads). */
export interface RecordedThread {
  id: string;
  parentId: string;
  messageId: string;
  name: string;
  autoArchiveDuration: number | null;
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

type Handler = (m: RegExpMatchArray, body: unknown, files: RecordedFile[]) => { status: number; body?: unknown };

/** discord.js sends files as multipart/form-data: `payload_json` (the JSON body) and `files[n]`. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
    } else {
      files.push({ field, name: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}
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
  /** Accepted interaction responses, in order. */
  readonly callbacks: RecordedCallback[] = [];
  readonly threads: RecordedThread[] = [];
  /** Permission overwrites by channel (GET /channels/{id}); none by default. */
  readonly overwrites = new Map<string, APIOverwrite[]>();
  /** DM channels opened with POST /users/@me/channels. */
  private readonly dmChannels = new Set<string>();
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

  /**
   * Dispatches INTERACTION_CREATE and remembers it so responses can be checked
   * and answered. Any payload goes out as given (malformed ones included).
   */
  sendInteraction(payload: { id: string; token: string; guild_id?: string | null; channel_id?: string | null; channel?: { id: string }; message?: { id: string } | null }): void {
    this.state.interactions.set(payload.id, {
      id: payload.id,
      token: payload.token,
      channelId: payload.channel?.id ?? payload.channel_id ?? this.ids.channelId,
      messageId: payload.message?.id ?? null,
      dispatchedAt: Date.now(),
      acknowledgedAt: null,
      originalId: null,
    });
    this.gateway.dispatchInteraction({ ...payload, guild_id: payload.guild_id ?? undefined } as { id: string; token: string; guild_id?: string });
  }

  /** The bot lacks `bits` in `channelId`: a member overwrite denying them, as an admin would set in the channel's settings. */
  denyBot(channelId: string, bits: bigint): void {
    const list = this.overwrites.get(channelId) ?? [];
    list.push({ id: this.ids.botUserId, type: 1, allow: '0', deny: String(bits) });
    this.overwrites.set(channelId, list);
  }

  /** The interaction's accepted callback, now or when it arrives. */
  async callbackOf(interactionId: string, since = 0): Promise<RecordedCallback> {
    await this.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${interactionId}/`) && c.status < 300, since);
    return this.callbacks.find((c) => c.interactionId === interactionId)!;
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
    const rawBytes = Buffer.concat(chunks);
    const raw = rawBytes.toString('utf8');
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = contentType.includes('application/json') && raw ? JSON.parse(raw) : raw ? { nonJsonBody: raw.length } : undefined;
    let files: RecordedFile[] | undefined;
    if (contentType.includes('multipart/form-data')) ({ body, files } = await parseMultipart(rawBytes, contentType));
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.record({ method, path, query: url.searchParams, body, status, authorized, at: Date.now(), ...(files ? { files } : {}) });
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
      const out = route.handle(m, body, files ?? []);
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
      { method: 'POST', path: /^\/interactions\/(\d+)\/([^/]+)\/callback$/, auth: false, handle: ([, id, token], b, f) => this.onCallback(id!, token!, b, f) },
      {
        method: 'POST',
        path: /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/,
        auth: true,
        handle: ([, channelId, messageId], b) => {
          const { name, auto_archive_duration } = (b ?? {}) as { name?: string; auto_archive_duration?: number };
          if (!name) return { status: 400, body: { code: 50035, message: 'Invalid Form Body' } };
          const thread: RecordedThread = { id: snowflake(), parentId: channelId!, messageId: messageId!, name, autoArchiveDuration: auto_archive_duration ?? null };
          this.threads.push(thread);
          const parent = this.guildChannel(channelId!);
          return ok({ id: thread.id, type: ChannelType.PublicThread, parent_id: channelId, guild_id: parent?.guild_id, name, owner_id: this.ids.botUserId, message_count: 0, member_count: 1 });
        },
      },
      { method: 'GET', path: /^\/users\/@me$/, auth: true, handle: () => ok(user(this.ids.botUserId, 'aws-practice-bot', true)) },
      {
        method: 'GET',
        path: /^\/channels\/(\d+)$/,
        auth: true,
        handle: ([, channelId]) => {
          const channel = this.guildChannel(channelId!);
          if (channel) return ok(channel);
          const thread = this.threads.find((t) => t.id === channelId);
          if (thread) return ok({ id: thread.id, type: ChannelType.PublicThread, parent_id: thread.parentId, guild_id: this.guildChannel(thread.parentId)?.guild_id, name: thread.name });
          if (this.dmChannels.has(channelId!)) return ok({ id: channelId, type: ChannelType.DM, last_message_id: null, flags: 0 });
          return notFound(10003, 'Unknown Channel');
        },
      },
      {
        method: 'GET',
        path: /^\/guilds\/(\d+)$/,
        auth: true,
        handle: ([, guildId]) => {
          const guild = this.guilds.find((g) => g.guildId === guildId);
          if (!guild) return notFound(10004, 'Unknown Guild');
          const full = guildCreatePayload(guild);
          return ok({ id: full.id, name: full.name, owner_id: full.owner_id, roles: full.roles, features: [] });
        },
      },
      {
        method: 'GET',
        path: /^\/guilds\/(\d+)\/members\/(\d+)$/,
        auth: true,
        handle: ([, guildId, userId]) => {
          const guild = this.guilds.find((g) => g.guildId === guildId);
          if (!guild) return notFound(10004, 'Unknown Guild');
          const bot = userId === this.ids.botUserId;
          return ok({ user: user(userId!, bot ? 'aws-practice-bot' : 'member', bot), roles: bot ? [botRoleId(guild)] : [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 });
        },
      },
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
          const id = snowflake();
          this.dmChannels.add(id);
          return ok({ id, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [user(recipient, 'learner')] });
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

  /** A guild text channel the bot is in, with its overwrites. */
  private guildChannel(channelId: string) {
    const guild = this.guilds.find((g) => g.channelId === channelId);
    return guild ? { ...textChannel(guild), permission_overwrites: this.overwrites.get(channelId) ?? [] } : null;
  }

  /** Interaction responses: answered with 204 and no body, as Discord does without with_response. */
  private onCallback(id: string, token: string, body: unknown, files: RecordedFile[]) {
    const pending = this.state.interactions.get(id);
    if (!pending || pending.token !== token) return { status: 404, body: { code: 10062, message: 'Unknown interaction' } };
    if (pending.acknowledgedAt) return { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } };
    const { type, data = {} } = (body ?? {}) as { type: number; data?: Partial<APIMessage> };
    if (![4, 5, 6, 7, 8, 9].includes(type)) return { status: 400, body: { code: 50035, message: 'Invalid Form Body' } };
    pending.acknowledgedAt = Date.now();
    this.callbacks.push({ interactionId: id, type, data: (body as { data?: Record<string, unknown> }).data, files });
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
