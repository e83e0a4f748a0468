/**
 * The public HTTP server of Slack HTTP mode, ours rather than Bolt's, so it
 * can be hardened in front of Bolt:
 *   - only /slack/* (and /diagrams/<hash>.png when PUBLIC_URL is set) is
 *     served; anything else is 404 at once, its path logged cut short;
 *   - a body larger than Slack ever sends is refused from Content-Length,
 *     before it is read (and Bolt's own bodyLimit caps chunked bodies);
 *   - header, request and keep-alive timeouts and a connection cap, so a
 *     client that never finishes its headers cannot hold a socket for long.
 * /healthz and /metrics are not here: they live on the loopback ops port.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/ports/logger.js';
import type { DiagramRenderer } from '../../diagrams/render.js';

/** Slack's payloads are small: a modal with a 3,000-character answer is ~10 KB. */
export const MAX_BODY_BYTES = 64 * 1024;
export const SERVER_TIMEOUTS = { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 5_000, maxConnections: 1_000 } as const;
const DIAGRAM_PATH = /^\/diagrams\/([0-9a-f]{20})\.png$/;

export interface SlackServerOptions {
  bolt: RequestListener;
  logger: Logger;
  /** Serve diagram PNGs (PUBLIC_URL set). */
  diagrams?: DiagramRenderer;
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`${text}\n`);
}

export function slackServer(opts: SlackServerOptions): Server {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const diagram = DIAGRAM_PATH.exec(path);
    if (diagram && opts.diagrams && (req.method === 'GET' || req.method === 'HEAD')) {
      const diagrams = opts.diagrams;
      // A picture not drawn yet needs the drawing libraries, loaded on first use.
      void diagrams.prepare([{ hash: diagram[1]! }]).then(
        () => {
          let drawn;
          try {
            drawn = diagrams.byHash(diagram[1]!);
          } catch {
            return refuse(res, 500, 'could not draw the diagram');
          }
          if (!drawn) return refuse(res, 404, 'not found');
          res.writeHead(200, { 'content-type': 'image/png', 'content-length': drawn.png.length, 'cache-control': 'public, max-age=31536000, immutable' });
          res.end(req.method === 'HEAD' ? undefined : drawn.png);
        },
        () => refuse(res, 503, 'diagrams unavailable'),
      );
      return;
    }
    if (!path.startsWith('/slack/')) {
      opts.logger.debug({ path: path.slice(0, 100), length: path.length }, 'unknown path');
      return refuse(res, 404, 'not found');
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(length) && length > MAX_BODY_BYTES) {
      opts.logger.warn({ path: path.slice(0, 100), length }, 'request body too large; refused before reading');
      return refuse(res, 413, 'payload too large');
    }
    try {
      opts.bolt(req, res);
    } catch (err) {
      // Bolt throws (synchronously) for a /slack/ path it does not serve; its own server catches that, ours must too.
      const deferred = (err as { code?: unknown }).code === 'slack_bolt_http_receiver_deferred_request_error';
      if (deferred) opts.logger.debug({ path: path.slice(0, 100), length: path.length }, 'unknown path');
      else opts.logger.warn({ path: path.slice(0, 100), err: (err as Error).message?.slice(0, 200) }, 'Slack request failed');
      if (!res.headersSent) refuse(res, deferred ? 404 : 500, deferred ? 'not found' : 'error');
    }
  });
  server.headersTimeout = SERVER_TIMEOUTS.headersMs;
  server.requestTimeout = SERVER_TIMEOUTS.requestMs;
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveMs;
  server.maxConnections = SERVER_TIMEOUTS.maxConnections;
  return server;
}

export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
