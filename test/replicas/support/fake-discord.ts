/**
 * A loopback Discord REST fake for the replica tests: POST
 * /api/v10/channels/<id>/messages with Discord's enforced-nonce behaviour (a
 * repeated nonce gets the first message back, no new message), an optional
 * delay per post, counts of raw deliveries and of messages per channel.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDiscord {
  url: string;
  /** Messages per channel (what people see). */
  messages: Map<string, number>;
  /** Every accepted POST, repeats included. */
  deliveries: number;
  close(): Promise<void>;
}

export async function startFakeDiscord(delayMs = 0): Promise<FakeDiscord> {
  const byNonce = new Map<string, string>();
  let next = 1_000_000_000_000_000n;
  const state = { messages: new Map<string, number>(), deliveries: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"404: Not Found","code":0}');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { embeds?: unknown[]; nonce?: string; enforce_nonce?: boolean };
      setTimeout(() => {
        state.deliveries++;
        const channel = m[1]!;
        const key = body.enforce_nonce && body.nonce ? `${channel} ${body.nonce}` : null;
        let id = key ? byNonce.get(key) : undefined;
        if (!id) {
          id = String(next++);
          if (key) byNonce.set(key, id);
          state.messages.set(channel, (state.messages.get(channel) ?? 0) + 1);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, channel_id: channel, embeds: body.embeds ?? [] }));
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    messages: state.messages,
    get deliveries() {
      return state.deliveries;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
