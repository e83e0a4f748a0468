/**
 * A loopback fake of Discord's REST API for the fan-out benchmark, in its own
 * process so the benchmark's RSS is the scheduler's alone.
 *
 * POST /api/v10/channels/<id>/messages is accepted at most FAKE_RATE times per
 * one-second window (a fixed window, like Discord's "50 requests per second");
 * beyond that it answers 429 as Discord does for the global limit:
 * Retry-After (seconds), X-RateLimit-Global: true, X-RateLimit-Scope: global
 * and JSON {retry_after, global: true}. Accepted posts echo their embeds back
 * (the Discord ChatPort checks them) and are counted per channel and nonce.
 * GET /stats returns the counts. Prints {"port": n} on its first stdout line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const RATE = Number(process.env.FAKE_RATE ?? 50);
const perChannel = new Map<string, number>();
const perWindow = new Map<number, number>();
let accepted = 0;
let rejected = 0;
let firstAt = 0;
let lastAt = 0;
let nextId = 1_000_000_000_000_000n;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    const channels = Object.fromEntries(perChannel);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ accepted, rejected, firstAt, lastAt, maxPerWindow: Math.max(0, ...perWindow.values()), channels }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '404: Not Found', code: 0 }));
      return;
    }
    const now = Date.now();
    const window = Math.floor(now / 1000);
    const used = perWindow.get(window) ?? 0;
    if (used >= RATE) {
      rejected++;
      const retryAfter = ((window + 1) * 1000 - now) / 1000;
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(Math.max(1, Math.ceil(retryAfter))),
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global: true }));
      return;
    }
    perWindow.set(window, used + 1);
    accepted++;
    firstAt ||= now;
    lastAt = now;
    const channelId = m[1]!;
    perChannel.set(channelId, (perChannel.get(channelId) ?? 0) + 1);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { embeds?: unknown[]; content?: string; nonce?: string };
    const id = String(nextId++);
    // Per-route bucket headers as Discord sends them: one post per channel never exhausts a bucket.
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset-after': '5',
      'x-ratelimit-bucket': `bucket-${channelId}`,
    });
    res.end(JSON.stringify({ id, channel_id: channelId, content: body.content ?? '', embeds: body.embeds ?? [], nonce: body.nonce }));
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
