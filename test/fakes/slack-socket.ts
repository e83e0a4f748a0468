/**
 * The Socket Mode side of the fake Slack: a `ws` server on the fake's own
 * loopback port. It greets each connection with `hello` as Slack does, sends
 * envelopes (`slash_commands`, `interactive`, `events_api`) and hands back
 * the app's acknowledgement (`{envelope_id, payload}`).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketMode {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly pendingAcks = new Map<string, (ack: SocketAck) => void>();
  private readonly connectionWaiters: (() => void)[] = [];
  readonly acks: SocketAck[] = [];
  /** How many times apps.connections.open handed out a URL. */
  issued = 0;

  constructor(server: Server, private readonly wsOrigin: string) {
    this.wss = new WebSocketServer({ server, path: '/link/' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => this.onMessage(String(data)));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0FAKE01' } }));
      for (const wake of this.connectionWaiters.splice(0)) wake();
    });
  }

  nextUrl(): string {
    this.issued++;
    return `${this.wsOrigin}/link/?ticket=${randomUUID()}&app_id=A0FAKE01`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  waitForConnection(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.connectionWaiters.push(resolve));
  }

  /** Sends an envelope to every connected app and resolves with the first ack. */
  send(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): Promise<SocketAck> {
    const envelope_id = randomUUID();
    const acked = new Promise<SocketAck>((resolve) => this.pendingAcks.set(envelope_id, resolve));
    const frame = JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    for (const ws of this.sockets) ws.send(frame);
    return acked;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onMessage(text: string): void {
    let msg: SocketAck;
    try {
      msg = JSON.parse(text) as SocketAck;
    } catch {
      return;
    }
    if (typeof msg.envelope_id !== 'string') return;
    this.acks.push(msg);
    this.pendingAcks.get(msg.envelope_id)?.(msg);
    this.pendingAcks.delete(msg.envelope_id);
  }
}
