/**
 * A loopback fake chat platform for the scheduler's fault tests, and a
 * ChatPort that posts to it (standing in for a platform library).
 *
 *   POST /channels/<channel>/messages   {text, idempotency_key}
 *
 * Every accepted post is recorded with its idempotency key. A `fault`
 * function decides, per request, to accept or to answer 429 + Retry-After,
 * 5xx, or 403 "Missing Access". With `dedupeByKey` the sink behaves like
 * Discord's message nonce with enforce_nonce: a repeated key gets the first
 * message back instead of a new one (the raw delivery is still counted).
 * `onAccepted` runs after a post is recorded and before the answer goes out;
 * returning 'hold' never answers, which is how the restart test lands a
 * SIGKILL between "the platform has it" and "we recorded it".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Reply } from '../../src/core/messages.js';
import type { ChatPort, PostOptions, PostOutcome } from '../../src/core/ports.js';
import type { Platform } from '../../src/core/model.js';

export interface SinkPost {
  seq: number;
  channel: string;
  key: string | null;
  text: string;
  messageId: string;
}

export interface SinkRequest {
  seq: number;
  channel: string;
  key: string | null;
  /** 1 for the first request carrying this key (or channel, without a key), 2 for the next … */
  attempt: number;
}

export type SinkFault =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 | 502 | 503 }
  | { status: 403; message: string }
  | { status: 404; message: string };

export interface ChatSinkOptions {
  fault?: (req: SinkRequest) => SinkFault | null;
  dedupeByKey?: boolean;
  onAccepted?: (post: SinkPost) => 'hold' | void;
}

export class ChatSink {
  /** Accepted deliveries, including de-duplicated repeats. */
  readonly deliveries: SinkPost[] = [];
  /** One message per key when de-duplicating; every delivery otherwise. */
  readonly messages: SinkPost[] = [];
  requests = 0;
  private readonly attempts = new Map<string, number>();
  private readonly byKey = new Map<string, SinkPost>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(opts: ChatSinkOptions = {}): Promise<ChatSink> {
    let sink!: ChatSink;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const m = /^\/channels\/([^/]+)\/messages$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !m) {
          res.writeHead(404).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { text?: string; idempotency_key?: string };
        const channel = decodeURIComponent(m[1]!);
        const key = body.idempotency_key ?? null;
        const seq = ++sink.requests;
        const attemptKey = key ?? `channel:${channel}`;
        const attempt = (sink.attempts.get(attemptKey) ?? 0) + 1;
        sink.attempts.set(attemptKey, attempt);
        const fault = opts.fault?.({ seq, channel, key, attempt }) ?? null;
        if (fault) {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (fault.status === 429) headers['retry-after'] = String(fault.retryAfterSeconds);
          const message = 'message' in fault ? fault.message : `fault ${fault.status}`;
          res.writeHead(fault.status, headers).end(JSON.stringify({ message }));
          return;
        }
        const earlier = opts.dedupeByKey && key ? sink.byKey.get(key) : undefined;
        const post: SinkPost = { seq, channel, key, text: body.text ?? '', messageId: earlier?.messageId ?? `m${seq}` };
        sink.deliveries.push(post);
        if (!earlier) {
          sink.messages.push(post);
          if (key) sink.byKey.set(key, post);
        }
        if (opts.onAccepted?.(post) === 'hold') return;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: post.messageId }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sink = new ChatSink(server, `http://127.0.0.1:${port}`);
    return sink;
  }

  /** Messages per idempotency key (or per channel for keyless posts). */
  countsByKey(list: readonly SinkPost[] = this.messages): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of list) counts.set(p.key ?? p.channel, (counts.get(p.key ?? p.channel) ?? 0) + 1);
    return counts;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A ChatPort over the sink's HTTP API, mapping statuses the way the real adapters do. */
export class SinkChatPort implements ChatPort {
  constructor(
    private readonly baseUrl: string,
    readonly platform: Platform = 'discord',
  ) {}

  async postToChannel(channelRef: string, reply: Reply, opts?: PostOptions): Promise<PostOutcome> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/channels/${encodeURIComponent(channelRef)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: reply.fallbackText, idempotency_key: opts?.idempotencyKey }),
      });
    } catch (err) {
      return { ok: false, kind: 'transient', reason: 'timeout', detail: (err as Error).message };
    }
    const body = (await res.json().catch(() => ({}))) as { id?: string; message?: string };
    if (res.ok && body.id) return { ok: true, messageId: body.id };
    const detail = body.message ?? `HTTP ${res.status}`;
    if (res.status === 429) {
      const retryAfterMs = Number(res.headers.get('retry-after') ?? '1') * 1000;
      return { ok: false, kind: 'transient', reason: 'rate_limited', detail, retryAfterMs };
    }
    if (res.status === 403) return { ok: false, kind: 'permanent', reason: 'no_access', detail };
    if (res.status === 404) return { ok: false, kind: 'permanent', reason: 'channel_not_found', detail };
    return { ok: false, kind: 'transient', reason: res.status >= 500 ? 'server_error' : 'unknown', detail };
  }
}
