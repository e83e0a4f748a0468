/**
 * GET /healthz and GET /metrics on their own server: OPS_PORT on OPS_HOST,
 * loopback by default, so they are not on the public Slack port (they
 * reveal the Node version and usage, and cost CPU). Opened beyond loopback
 * they require `Authorization: Bearer <OPS_TOKEN>`.
 *
 *   - when the bot runs as a service (a chat platform, or CONSOLE=off);
 *   - console practice mode opens no port unless HEALTH_SERVER=on;
 *   - HEALTH_SERVER=off never serves them.
 *
 * /healthz answers 200 {"status":"ok","checks":{…}} or 503 naming the failing
 * checks; after SIGTERM it answers 503 "stopping".
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/ports/logger.js';
import type { HealthRegistry } from './health.js';
import type { PrometheusMetrics } from './metrics.js';

export const HEALTH_PATH = '/healthz';
export const METRICS_PATH = '/metrics';

export interface OpsEndpoints {
  health: HealthRegistry;
  metrics: PrometheusMetrics;
  logger: Logger;
}

/** Serve them at all? `runsAsService`: a chat platform runs, or the console is off. */
export function opsServed(setting: 'auto' | 'on' | 'off', runsAsService: boolean): boolean {
  if (setting === 'off') return false;
  return setting === 'on' || runsAsService;
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function serve(ops: OpsEndpoints, path: string, res: ServerResponse, head: boolean): Promise<void> {
  if (path === HEALTH_PATH) {
    const report = await ops.health.report();
    // "stopping" is expected during shutdown; a failing check is worth a line each probe.
    if (report.status === 'failing') ops.logger.warn({ health: report }, 'health check failing');
    res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(head ? undefined : JSON.stringify(report));
    return;
  }
  const body = await ops.metrics.render();
  res.writeHead(200, { 'content-type': ops.metrics.contentType, 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** Our own server for the two routes (everything else is 404). Resolves once listening. */
export async function startOpsServer(ops: OpsEndpoints, where: { port: number; host: string; token?: string | undefined }): Promise<OpsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path !== HEALTH_PATH && path !== METRICS_PATH) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (!authorized(req, where.token)) return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    serve(ops, path, res, method === 'HEAD').catch((err: unknown) => {
      ops.logger.error({ err, path }, 'ops endpoint failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Probes are short requests; do not let an idle keep-alive socket hold up shutdown.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxConnections = 100;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ops.logger.info({ port, host: where.host, paths: [HEALTH_PATH, METRICS_PATH], token: Boolean(where.token) }, 'health and metrics endpoint listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
