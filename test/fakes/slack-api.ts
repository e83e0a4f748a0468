/**
 * A loopback fake of the Slack Web API, for tests and the benchmark.
 *
 *   POST /api/<method>   answers like Slack: HTTP 200 with {ok:true,...} or
 *                        {ok:false,error}; 429 + Retry-After when injected
 *   POST /respond/<id>   a response_url: records what respond() sent
 *   WS   /link/         the Socket Mode WebSocket handed out by
 *                        apps.connections.open (see FakeSocketMode)
 *
 * Every Web API call is recorded with its parsed body (the WebClient sends
 * form-encoded bodies whose nested values are JSON strings). Tokens are
 * checked for their kind (xoxb- for bot methods, xapp- for
 * apps.connections.open) but never recorded.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketMode } from './slack-socket.js';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
}

export interface RecordedRespond {
  id: string;
  body: Record<string, unknown>;
}

/** A Slack error code (HTTP 200, ok:false), or a bare HTTP status (429 carries Retry-After). */
export type Fault = { error: string } | { status: number; retryAfterSeconds?: number };

interface Injection {
  method: string;
  channel?: string;
  fault: Fault;
  times: number;
}

export interface FakeUser {
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeSlackApi extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly responds: RecordedRespond[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly socket: FakeSocketMode;
  private readonly injections: Injection[] = [];
  private readonly holds = new Map<string, Promise<void>>();
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

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  respondsTo(id: string): RecordedRespond[] {
    return this.responds.filter((r) => r.id === id);
  }

  /** The next `times` calls to `method` (optionally only for `channel`) fail with `fault`. */
  inject(method: string, fault: Fault, opts: { channel?: string; times?: number } = {}): void {
    this.injections.push({ method, fault, channel: opts.channel, times: opts.times ?? 1 });
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
    const raw = await readBody(req);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
      this.responds.push({ id: url.pathname.slice('/respond/'.length), body: parseBody(raw, 'application/json') });
      this.emit('recorded');
      return send(200, { ok: true });
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
    const method = url.pathname.slice('/api/'.length);
    const body = parseBody(raw, req.headers['content-type']);
    this.calls.push({ method, body });
    this.emit('recorded');
    await this.holds.get(method);

    const fault = this.takeInjection(method, body);
    if (fault && 'status' in fault) {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return send(fault.status, { ok: false, error: fault.status === 429 ? 'ratelimited' : 'http_error' }, headers);
    }
    if (fault) return send(200, { ok: false, error: fault.error });

    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof body.token === 'string' ? body.token : '');
    if (!token) return send(200, { ok: false, error: 'not_authed' });
    const appLevel = method === 'apps.connections.open';
    if (appLevel !== token.startsWith('xapp-')) return send(200, { ok: false, error: 'not_allowed_token_type' });
    return send(200, this.answer(method, body));
  }

  private takeInjection(method: string, body: Record<string, unknown>): Fault | null {
    const i = this.injections.findIndex((x) => x.method === method && (x.channel === undefined || x.channel === body.channel));
    if (i < 0) return null;
    const hit = this.injections[i]!;
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
        return { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, blocks: body.blocks, ts, bot_id: 'B0FAKE01' } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'views.publish':
        return { ok: true, view: { id: `V${this.seq++}`, type: 'home', team_id: FAKE_TEAM_ID, ...(body.view as object) } };
      case 'users.info': {
        const id = String(body.user ?? '');
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id, team_id: FAKE_TEAM_ID, name: user.name ?? id.toLowerCase(), is_admin: Boolean(user.is_admin), is_owner: Boolean(user.is_owner), is_bot: false, deleted: false } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? 'X').replace(/^U/, '')}` } };
      case 'apps.connections.open':
        return { ok: true, url: this.socket.nextUrl() };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
