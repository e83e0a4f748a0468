/**
 * A loopback Discord gateway on `ws`: HELLO (op 10), IDENTIFY (op 2) ->
 * READY + GUILD_CREATE dispatches, HEARTBEAT (op 1) -> HEARTBEAT_ACK (op 11),
 * and `dispatch()` to push any event (INTERACTION_CREATE in the tests).
 * JSON encoding only, no compression: the fake refuses anything else so a
 * change in discord.js's connection parameters shows up as a failed test.
 *
 * Sharding as Discord does it: a connection that identifies with
 * `shard: [id, count]` gets READY and GUILD_CREATE for the guilds that shard
 * owns only, and an interaction is delivered on the connection of the shard
 * owning its guild (DMs on shard 0). Without `shard`, a connection is [0, 1]
 * and owns everything.
 */
import { EventEmitter, once } from 'node:events';
import type { Server } from 'node:http';
import { GatewayDispatchEvents, GatewayOpcodes } from 'discord.js';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { guildCreatePayload, readyPayload, shardOfGuild, type FakeIds } from './discord-payloads.js';

export interface IdentifyRecord {
  intents: number;
  compress: boolean;
  shard: [number, number] | null;
  /** Whether the right token was sent; the token itself is never kept. */
  tokenMatched: boolean;
}

/** Which shard's connection an interaction was delivered on. */
export interface DeliveryRecord {
  interactionId: string;
  shard: [number, number];
}

export interface GatewayOptions {
  ids: FakeIds;
  /** Every guild the bot is in (the first is `ids`' own). */
  guilds(): FakeIds[];
  token: string;
  heartbeatIntervalMs: number;
  url(): string;
}

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly connectQueries: URLSearchParams[] = [];
  readonly refusals: string[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  heartbeats = 0;
  private readonly wss: WebSocketServer;
  /** `shard` is null until the connection has identified. */
  private readonly sockets = new Map<WebSocket, { seq: number; shard: [number, number] | null }>();
  private readonly events = new EventEmitter();

  constructor(
    server: Server,
    private readonly opts: GatewayOptions,
  ) {
    this.wss = new WebSocketServer({ server, path: '/gateway' });
    this.wss.on('connection', (socket, req) => this.onConnection(socket, new URL(req.url ?? '/', 'http://x').searchParams));
  }

  private send(socket: WebSocket, payload: object): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }

  private onConnection(socket: WebSocket, query: URLSearchParams): void {
    this.connectQueries.push(query);
    if (query.get('encoding') !== 'json' || query.has('compress') || query.get('v') !== '10') {
      this.refusals.push(query.toString());
      socket.close(4012, 'fake gateway speaks v10 JSON without compression only');
      return;
    }
    this.sockets.set(socket, { seq: 0, shard: null });
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.events.emit('disconnect');
    });
    socket.on('message', (raw) => this.onMessage(socket, raw));
    this.send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.opts.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(socket: WebSocket, raw: RawData): void {
    const packet = JSON.parse(raw.toString()) as { op: number; d: unknown };
    if (packet.op === GatewayOpcodes.Heartbeat) {
      this.heartbeats += 1;
      this.send(socket, { op: GatewayOpcodes.HeartbeatAck });
      this.events.emit('heartbeat');
    } else if (packet.op === GatewayOpcodes.Identify) {
      const d = packet.d as { token: string; intents: number; compress?: boolean; shard?: [number, number] };
      const record = { intents: d.intents, compress: d.compress ?? false, shard: d.shard ?? null, tokenMatched: d.token === this.opts.token };
      this.identifies.push(record);
      this.events.emit('identify', record);
      if (!record.tokenMatched) {
        socket.close(4004, 'Authentication failed.');
        return;
      }
      const shard = record.shard ?? [0, 1];
      this.sockets.get(socket)!.shard = shard;
      const owned = this.opts.guilds().filter((g) => shardOfGuild(g.guildId, shard[1]) === shard[0]);
      const guildIds = owned.map((g) => g.guildId);
      this.dispatchTo(socket, GatewayDispatchEvents.Ready, readyPayload(this.opts.ids, this.opts.url(), shard, guildIds));
      for (const guild of owned) this.dispatchTo(socket, GatewayDispatchEvents.GuildCreate, guildCreatePayload(guild));
    }
  }

  /** Identified connections whose shard owns `guildId` (shard 0 for DMs). */
  private connectionsFor(guildId: string | undefined): [WebSocket, [number, number]][] {
    return [...this.sockets]
      .filter((e): e is [WebSocket, { seq: number; shard: [number, number] }] => e[1].shard !== null)
      .filter(([, { shard }]) => (guildId ? shardOfGuild(guildId, shard[1]) : 0) === shard[0])
      .map(([socket, { shard }]) => [socket, shard]);
  }

  private dispatchTo(socket: WebSocket, event: string, data: unknown): void {
    const state = this.sockets.get(socket);
    if (!state) return;
    state.seq += 1;
    this.send(socket, { op: GatewayOpcodes.Dispatch, t: event, s: state.seq, d: data });
  }

  /** Sends a dispatch event to every identified connection. */
  dispatch(event: string, data: unknown): void {
    for (const socket of this.sockets.keys()) this.dispatchTo(socket, event, data);
  }

  /** INTERACTION_CREATE on the connection of the shard that owns the interaction's guild. */
  dispatchInteraction(payload: { id: string; token: string; guild_id?: string }): void {
    for (const [socket, shard] of this.connectionsFor(payload.guild_id)) {
      this.deliveries.push({ interactionId: payload.id, shard });
      this.dispatchTo(socket, GatewayDispatchEvents.InteractionCreate, payload);
    }
  }

  /** The shards identified so far, as [id, count], in identify order. */
  get identifiedShards(): [number, number][] {
    return this.identifies.filter((i) => i.tokenMatched).map((i) => i.shard ?? [0, 1]);
  }

  /** Asks the client to heartbeat now (op 1 from the server) and resolves when it has. */
  async requestHeartbeat(): Promise<void> {
    const beat = once(this.events, 'heartbeat');
    for (const socket of this.sockets.keys()) this.send(socket, { op: GatewayOpcodes.Heartbeat, d: null });
    await beat;
  }

  /** Resolves once every client has closed its connection. */
  async allDisconnected(): Promise<void> {
    while (this.sockets.size > 0) await once(this.events, 'disconnect');
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.keys()) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
