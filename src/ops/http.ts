/**
 * GET /healthz and GET /metrics, served where the configuration says:
 *
 *   - Slack in HTTP mode owns PORT (it serves /slack/events), so the two
 *     routes are mounted on Slack's own server: pass `healthRoutes(ops)` as
 *     Bolt's HTTPReceiver `customRoutes`.
 *   - otherwise, when the bot runs as a service (Slack Socket Mode, Discord,
 *     or CONSOLE=off), a small server of our own listens on PORT/HOST;
 *   - console practice mode opens no port unless HEALTH_SERVER=on.
 *   HEALTH_SERVER=off never serves them.
 *
 * /healthz answers 200 with {"status":"ok","checks":{…}} or 503 with the
 * failing checks named; after SIGTERM it answers 503 "stopping".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discordEnabled, slackMode, type Config } from '../config.js';
import type { Logger } from '../core/ports.js';
import type { HealthRegistry } from './health.js';
import type { PrometheusMetrics } from './metrics.js';

export const HEALTH_PATH = '/healthz';
export const METRICS_PATH = '/metrics';

export interface OpsEndpoints {
  health: HealthRegistry;
  metrics: PrometheusMetrics;
  logger: Logger;
}

export type OpsPlacement = 'slack-http' | 'own-port' | 'none';

export function opsPlacement(config: Config): OpsPlacement {
  if (config.HEALTH_SERVER === 'off') return 'none';
  const slack = slackMode(config);
  if (slack === 'http') return 'slack-http';
  const runsAsService = slack !== null || discordEnabled(config) || config.CONSOLE === 'off';
  return runsAsService || config.HEALTH_SERVER === 'on' ? 'own-port' : 'none';
}

async function serveHealth(ops: OpsEndpoints, res: ServerResponse, head: boolean): Promise<void> {
  const report = await ops.health.report();
  const status = report.status === 'ok' ? 200 : 503;
  // "stopping" is expected during shutdown; a failing check is worth a line each probe.
  if (report.status === 'failing') ops.logger.warn({ health: report }, 'health check failing');
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(head ? undefined : JSON.stringify(report));
}

async function serveMetrics(ops: OpsEndpoints, res: ServerResponse, head: boolean): Promise<void> {
  const body = await ops.metrics.render();
  res.writeHead(200, { 'content-type': ops.metrics.contentType, 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function route(ops: OpsEndpoints, serve: typeof serveHealth): Handler {
  return (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serve(ops, res, method === 'HEAD').catch((err: unknown) => {
      ops.logger.error({ err, path: req.url }, 'ops endpoint failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}

/**
 * The two routes in the shape of Bolt's `CustomRoute` (path, method, handler),
 * for `new HTTPReceiver({ …, customRoutes: healthRoutes(ops) })`.
 */
export function healthRoutes(ops: OpsEndpoints): { path: string; method: string[]; handler: Handler }[] {
  return [
    { path: HEALTH_PATH, method: ['GET', 'HEAD'], handler: route(ops, serveHealth) },
    { path: METRICS_PATH, method: ['GET', 'HEAD'], handler: route(ops, serveMetrics) },
  ];
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** Our own server for the two routes (everything else is 404). Resolves once listening. */
export async function startOpsServer(ops: OpsEndpoints, where: { port: number; host: string }): Promise<OpsServer> {
  const routes = new Map(healthRoutes(ops).map((r) => [r.path, r.handler]));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  // Probes are short requests; do not let an idle keep-alive socket hold up shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ops.logger.info({ port, host: where.host, paths: [HEALTH_PATH, METRICS_PATH] }, 'health and metrics endpoint listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
