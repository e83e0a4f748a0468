/**
 * A loopback fake of the Slack Web API, for tests and the benchmark.
 *
 *   POST /api/<method>   answers like Slack: HTTP 200 with {ok:true,...} or
 *                        {ok:false,error}; 429 + Retry-After when injected
 *   POST /respond/<id>   a response_url: records what respond() sent
 *   POST /upload/<file>  the upload URL handed out by files.getUploadURLExternal
 *                        (step 2 of files.uploadV2): records the bytes
 *   WS   /link/         the Socket Mode WebSocket handed out by
 *                        apps.connections.open (see FakeSocketMode)
 *
 * Methods answered: auth.test, chat.postMessage (thread_ts), chat.postEphemeral,
 * chat.update, conversations.open, conversations.info (is_member, is_archived,
 * channel_not_found), users.info (tz, is_admin, is_owner, team_id),
 * views.open, views.publish, files.getUploadURLExternal,
 * files.completeUploadExternal, apps.connections.open, oauth.v2.access.
 * `filesWrite = false`
 * answers `missing_scope` to every files.* method, as Slack does for an app
 * installed without the files:write scope.
 *
 * Every Web API call is recorded with its parsed body (the WebClient sends
 * form-encoded bodies whose nested values are JSON strings). Tokens are
 * checked for their kind (xoxb- for bot methods, xapp- for
 * apps.connections.open) but never recorded: a call records which workspace
 * its token belongs to (`team`), so a many-workspace test can tell whose
 * token posted without the token itself appearing anywhere.
 *
 * OAuth: `addInstallCode(code, workspace)` makes `oauth.v2.access` (called
 * with CLIENT_ID/CLIENT_SECRET) exchange that code for a bot token of the
 * workspace; `auth.test` then answers with that workspace's ids, and
 * `revokeTokensOf(team)` makes its tokens `invalid_auth`, as an uninstall does.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketMode } from './slack-socket.js';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** The workspace whose token made the call (FAKE_TEAM_ID for unknown tokens); never the token. */
  team: string;
}

/** A workspace that can install the app through OAuth. */
export interface FakeWorkspace {
  teamId: string;
  teamName?: string;
  /** Set for an Enterprise Grid org; with `orgWide` the install covers every team of the org. */
  enterpriseId?: string;
  orgWide?: boolean;
}

export const FAKE_CLIENT_ID = '1111111111.2222222222';
export const FAKE_CLIENT_SECRET = 'fake-client-secret-0123456789abcdef';

export interface RecordedRespond {
  id: string;
  body: Record<string, unknown>;
}

/** Bytes posted to an upload URL (step 2 of files.uploadV2). */
export interface RecordedUpload {
  fileId: string;
  /** The filename files.getUploadURLExternal was asked for. */
  filename: string;
  /** The length announced in files.getUploadURLExternal. */
  announcedLength: number;
  bytes: Buffer;
}

/** A file shared by files.completeUploadExternal. */
export interface CompletedFile {
  id: string;
  title: string | null;
  /** Where it was shared; null when uploaded without a channel (e.g. a diagram used in an image block). */
  channel: string | null;
  filename: string;
  bytes: Buffer;
}

/** A Slack error code (HTTP 200, ok:false), or a bare HTTP status (429 carries Retry-After). */
export type Fault = { error: string } | { status: number; retryAfterSeconds?: number };

interface Injection {
  method: string;
  channel?: string;
  fault: Fault;
  times: number;
  /** Matching calls to let through first. */
  skip: number;
}

export interface FakeUser {
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  /** IANA zone of the person's Slack profile (users.info `tz`). */
  tz?: string;
  /** The person's own workspace (default FAKE_TEAM_ID). */
  team_id?: string;
}

/** What conversations.info says about a channel; channels not listed are ordinary channels the bot is in. */
export interface FakeChannel {
  /** false: conversations.info answers channel_not_found. */
  exists?: boolean;
  is_member?: boolean;
  is_archived?: boolean;
  is_im?: boolean;
  is_private?: boolean;
}

export const FAKE_TEAM_ID = 'T0FAKE01';
export const FAKE_BOT_USER_ID = 'U0BOT001';

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The file bytes of an upload: the WebClient posts multipart/form-data (one binary field); anything else is the raw body. */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.includes('multipart/form-data')) return raw;
  const form = await new Request('http://fake/upload', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

export class FakeSlackApi extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly responds: RecordedRespond[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly uploads: RecordedUpload[] = [];
  readonly files: CompletedFile[] = [];
  readonly socket: FakeSocketMode;
  /** false: the app has no files:write scope, and every files.* method answers missing_scope. */
  filesWrite = true;
  private readonly injections: Injection[] = [];
  private readonly holds = new Map<string, Promise<void>>();
  /** Upload URLs handed out and not yet used: file id → what was announced. */
  private readonly pendingUploads = new Map<string, { filename: string; length: number }>();
  /** OAuth codes not yet exchanged, and the bot tokens handed out for them. */
  private readonly installCodes = new Map<string, FakeWorkspace>();
  private readonly tokenOwners = new Map<string, FakeWorkspace & { botUserId: string; revoked: boolean }>();
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {
    super();
    this.socket = new FakeSocketMode(server, origin.replace(/^http/, 'ws'));
  }

  static async start(): Promise<FakeSlackApi> {
    let fake: FakeSlackApi | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeSlackApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  /** What SLACK_API_URL should be. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.origin}/respond/${id}`;
  }

  /** `oauth.v2.access` with this code (once) installs the app in `workspace`. */
  addInstallCode(code: string, workspace: FakeWorkspace): void {
    this.installCodes.set(code, workspace);
  }

  /** Every bot token handed out to the workspace (or org) stops working, as after an uninstall. */
  revokeTokensOf(teamOrEnterpriseId: string): void {
    for (const owner of this.tokenOwners.values()) if (owner.teamId === teamOrEnterpriseId || owner.enterpriseId === teamOrEnterpriseId) owner.revoked = true;
  }

  /** The bot tokens handed out so far: a test scans the database for them. */
  issuedTokens(): string[] {
    return [...this.tokenOwners.keys()];
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  respondsTo(id: string): RecordedRespond[] {
    return this.responds.filter((r) => r.id === id);
  }

  /**
   * The next `times` calls to `method` (optionally only for `channel`) fail
   * with `fault`, after letting `skip` matching calls through.
   */
  inject(method: string, fault: Fault, opts: { channel?: string; times?: number; skip?: number } = {}): void {
    this.injections.push({ method, fault, channel: opts.channel, times: opts.times ?? 1, skip: opts.skip ?? 0 });
  }

  /**
   * Calls to `method` wait (unanswered) until the returned release function
   * is called: a deterministic stand-in for a slow Slack, no timers involved.
   */
  hold(method: string): () => void {
    let release!: () => void;
    this.holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  /** Resolves once `count` recorded items satisfy `pick`; the timeout is only a safety net. */
  waitFor<T>(pick: () => T[], count = 1, timeoutMs = 5000): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = pick();
        if (found.length >= count) {
          this.off('recorded', check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        this.off('recorded', check);
        reject(new Error(`fake Slack: waited ${timeoutMs} ms for ${count} item(s), have ${pick().length}`));
      }, timeoutMs);
      this.on('recorded', check);
      check();
    });
  }

  async close(): Promise<void> {
    await this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    let rawBytes: Buffer;
    try {
      rawBytes = await readBody(req);
    } catch {
      return; // the client went away (e.g. a process killed mid-request)
    }
    const raw = rawBytes.toString('utf8');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
      this.responds.push({ id: url.pathname.slice('/respond/'.length), body: parseBody(raw, 'application/json') });
      this.emit('recorded');
      return send(200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      const announced = this.pendingUploads.get(fileId);
      if (!announced) return send(404, { ok: false, error: 'unknown_upload' });
      this.pendingUploads.delete(fileId);
      const bytes = await uploadedBytes(rawBytes, req.headers['content-type']);
      this.uploads.push({ fileId, filename: announced.filename, announcedLength: announced.length, bytes });
      this.emit('recorded');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
    const method = url.pathname.slice('/api/'.length);
    const body = parseBody(raw, req.headers['content-type']);
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof body.token === 'string' ? body.token : '');
    const owner = this.tokenOwners.get(token);
    this.calls.push({ method, body, team: owner?.teamId ?? FAKE_TEAM_ID });
    this.emit('recorded');
    await this.holds.get(method);

    const fault = this.takeInjection(method, body);
    if (fault && 'status' in fault) {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return send(fault.status, { ok: false, error: fault.status === 429 ? 'ratelimited' : 'http_error' }, headers);
    }
    if (fault) return send(200, { ok: false, error: fault.error });

    // The one method called with the app's client credentials instead of a token.
    if (method === 'oauth.v2.access') return send(200, this.exchangeCode(body, req.headers.authorization));
    if (!token) return send(200, { ok: false, error: 'not_authed' });
    if (owner?.revoked) return send(200, { ok: false, error: 'invalid_auth' });
    const appLevel = method === 'apps.connections.open';
    if (appLevel !== token.startsWith('xapp-')) return send(200, { ok: false, error: 'not_allowed_token_type' });
    if (method.startsWith('files.') && !this.filesWrite) {
      return send(200, { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'commands,chat:write,users:read,im:write,channels:read,groups:read' });
    }
    const answer = method === 'auth.test' && owner ? this.authTestOf(owner) : this.answer(method, body);
    this.emit('recorded');
    return send(200, answer);
  }

  private exchangeCode(body: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    const basic = /^Basic (\S+)$/.exec(authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [body.client_id, body.client_secret];
    if (id !== FAKE_CLIENT_ID || secret !== FAKE_CLIENT_SECRET) return { ok: false, error: 'invalid_client_id' };
    const workspace = this.installCodes.get(String(body.code ?? ''));
    if (!workspace) return { ok: false, error: 'invalid_code' };
    this.installCodes.delete(String(body.code));
    const seq = ++this.seq;
    const token = `xoxb-${workspace.teamId}-${seq}-${'s'.repeat(8)}${seq}`;
    const botUserId = `UB${workspace.teamId.slice(1)}`;
    this.tokenOwners.set(token, { ...workspace, botUserId, revoked: false });
    const org = workspace.enterpriseId ? { id: workspace.enterpriseId, name: `Org ${workspace.enterpriseId}` } : null;
    return {
      ok: true,
      app_id: 'A0FAKEAPP',
      authed_user: { id: 'U0INSTALLER' },
      scope: String(body.scope ?? 'commands,chat:write'),
      token_type: 'bot',
      access_token: token,
      bot_user_id: botUserId,
      team: workspace.orgWide ? null : { id: workspace.teamId, name: workspace.teamName ?? workspace.teamId },
      enterprise: org,
      is_enterprise_install: workspace.orgWide === true,
    };
  }

  private authTestOf(owner: FakeWorkspace & { botUserId: string }): Record<string, unknown> {
    return {
      ok: true,
      url: `https://${owner.teamId.toLowerCase()}.slack.com/`,
      team: owner.teamName ?? owner.teamId,
      user: 'awsbot',
      team_id: owner.teamId,
      user_id: owner.botUserId,
      bot_id: `B${owner.teamId.slice(1)}`,
      ...(owner.enterpriseId ? { enterprise_id: owner.enterpriseId } : {}),
      is_enterprise_install: owner.orgWide === true,
    };
  }

  private takeInjection(method: string, body: Record<string, unknown>): Fault | null {
    const i = this.injections.findIndex((x) => x.method === method && (x.channel === undefined || x.channel === body.channel));
    if (i < 0) return null;
    const hit = this.injections[i]!;
    if (hit.skip > 0) {
      hit.skip--;
      return null;
    }
    if (--hit.times <= 0) this.injections.splice(i, 1);
    return hit.fault;
  }

  private nextTs(): string {
    this.seq++;
    return `${1_760_000_000 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'awsbot', team_id: FAKE_TEAM_ID, user_id: FAKE_BOT_USER_ID, bot_id: 'B0FAKE01', is_enterprise_install: false };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
        return {
          ok: true,
          channel: body.channel,
          ts,
          message: { type: 'message', text: body.text, blocks: body.blocks, ts, bot_id: 'B0FAKE01', ...(threadTs ? { thread_ts: threadTs } : {}) },
        };
      }
      case 'chat.postEphemeral':
        if (typeof body.user !== 'string' || typeof body.channel !== 'string') return { ok: false, error: 'invalid_arguments' };
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'views.open': {
        if (typeof body.trigger_id !== 'string' || body.trigger_id === '') return { ok: false, error: 'invalid_trigger_id' };
        const view = (body.view ?? {}) as Record<string, unknown>;
        return { ok: true, view: { id: `V${String(++this.seq).padStart(8, '0')}`, team_id: FAKE_TEAM_ID, ...view } };
      }
      case 'views.publish':
        return { ok: true, view: { id: `V${this.seq++}`, type: 'home', team_id: FAKE_TEAM_ID, ...(body.view as object) } };
      case 'users.info': {
        const id = String(body.user ?? '');
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            team_id: user.team_id ?? FAKE_TEAM_ID,
            name: user.name ?? id.toLowerCase(),
            is_admin: Boolean(user.is_admin),
            is_owner: Boolean(user.is_owner),
            is_primary_owner: Boolean(user.is_primary_owner),
            ...(user.tz ? { tz: user.tz, tz_label: user.tz, tz_offset: 0 } : {}),
            is_bot: false,
            deleted: false,
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? 'X').replace(/^U/, '')}` } };
      case 'conversations.info': {
        const id = String(body.channel ?? '');
        const known = this.channels.get(id) ?? {};
        if (known.exists === false) return { ok: false, error: 'channel_not_found' };
        const im = known.is_im ?? id.startsWith('D');
        return {
          ok: true,
          channel: {
            id,
            name: im ? undefined : id.toLowerCase(),
            is_channel: !im && !known.is_private,
            is_group: Boolean(known.is_private),
            is_im: im,
            is_mpim: false,
            is_private: Boolean(known.is_private) || im,
            is_archived: Boolean(known.is_archived),
            // Slack leaves is_member out for DMs.
            ...(im ? {} : { is_member: known.is_member ?? true }),
          },
        };
      }
      case 'files.getUploadURLExternal': {
        const filename = String(body.filename ?? '');
        const length = Number(body.length);
        if (!filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const fileId = `F${String(++this.seq).padStart(8, '0')}`;
        this.pendingUploads.set(fileId, { filename, length });
        return { ok: true, upload_url: `${this.origin}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files) ? (body.files as { id?: string; title?: string }[]) : [];
        const channel = typeof body.channel_id === 'string' ? body.channel_id : null;
        const completed: Record<string, unknown>[] = [];
        for (const f of files) {
          const upload = this.uploads.find((u) => u.fileId === f.id);
          // Slack refuses to complete a file whose bytes never arrived.
          if (!upload) return { ok: false, error: 'file_not_found' };
          this.files.push({ id: upload.fileId, title: f.title ?? null, channel, filename: upload.filename, bytes: upload.bytes });
          completed.push({ id: upload.fileId, name: upload.filename, title: f.title ?? upload.filename, size: upload.bytes.length });
        }
        return { ok: true, files: completed };
      }
      case 'apps.connections.open':
        return { ok: true, url: this.socket.nextUrl() };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
