/**
 * A recording HTTP proxy in front of a loopback platform fake: every request
 * is forwarded unchanged and recorded with the status the fake answered.
 * `onAnswered` runs once the fake has answered (it has done whatever the
 * request asked) and before the answer goes back; returning 'hold' never
 * answers. That is how the restart test lands a SIGKILL exactly between "the
 * platform has the message" and "the bot recorded it", a moment the fakes
 * themselves cannot hold.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  seq: number;
  method: string;
  /** Path and query as sent, e.g. `/api/chat.postMessage` or `/api/v10/channels/1/messages`. */
  path: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

export interface ProxyOptions {
  onAnswered?: (call: ProxiedCall) => 'hold' | void;
}

export class RecordingProxy {
  readonly calls: ProxiedCall[] = [];
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(target: string, opts: ProxyOptions = {}): Promise<RecordingProxy> {
    const upstream = new URL(target);
    let proxy!: RecordingProxy;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
        const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const responseBody = Buffer.concat(parts);
            const call: ProxiedCall = {
              seq: ++proxy.seq,
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              requestBody: body.toString('utf8'),
              status: answer.statusCode ?? 0,
              responseBody: responseBody.toString('utf8'),
            };
            proxy.calls.push(call);
            if (opts.onAnswered?.(call) === 'hold') return;
            const back = { ...answer.headers };
            delete back['transfer-encoding'];
            back['content-length'] = String(responseBody.length);
            res.writeHead(answer.statusCode ?? 502, back).end(responseBody);
          });
        });
        forward.on('error', () => res.writeHead(502).end());
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new RecordingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
