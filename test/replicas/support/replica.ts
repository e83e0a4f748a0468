/**
 * One bot replica for the replica tests, as a child process: the PostgreSQL
 * store at DATABASE_URL, the Discord chat port against the fake at
 * DISCORD_API_URL, and the deliveries job ticking on a clock that starts at
 * BASE_TIME and moves with real time (so claim leases expire for real).
 * Prints one JSON line per run: {"instance", "sent"}.
 */
import { REST } from 'discord.js';
import { discordInfo } from '../../../src/adapters/discord/index.js';
import { DiscordChatPort } from '../../../src/adapters/discord/chat-port.js';
import { BoardCache } from '../../../src/core/boards.js';
import { ChatPorts } from '../../../src/core/chat-ports.js';
import { Limits } from '../../../src/core/limits.js';
import { PlatformRegistry } from '../../../src/core/ports/platform.js';
import { Deliveries } from '../../../src/jobs/deliveries.js';
import { silentLogger } from '../../../src/ops/logger.js';
import { openPostgres } from '../../../src/store/postgres/open.js';
import { fixtureBank } from '../../support/core.js';

const env = process.env;
const start = Date.now();
const base = new Date(env.BASE_TIME!).getTime();
const clock = { now: () => new Date(base + (Date.now() - start)) };
const opened = await openPostgres(env.DATABASE_URL!, 8, silentLogger);
const rest = new REST({ api: env.DISCORD_API_URL!, retries: 1, timeout: 5_000 }).setToken('replica-test-token');
const platforms = new PlatformRegistry();
platforms.register(discordInfo);
const chat = new ChatPorts();
chat.add(new DiscordChatPort(rest, silentLogger));
const deps = { store: opened.store, bank: fixtureBank(), clock, logger: silentLogger, platforms, defaultZone: 'UTC', chat, limits: new Limits({ commandsPerMinute: 0, publicCooldownSeconds: 0 }, clock), boards: new BoardCache() };
const deliveries = new Deliveries({
  deps,
  concurrency: Number(env.CONCURRENCY ?? 8),
  sendTimeoutMs: Number(env.SEND_TIMEOUT_MS ?? 2_000),
  leaseMs: Number(env.LEASE_MS ?? 3_000),
  instanceId: env.INSTANCE!,
});
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
while (!stopping) {
  const summary = await deliveries.runDue(clock.now());
  process.stdout.write(`${JSON.stringify({ instance: env.INSTANCE, sent: summary.sent })}\n`);
  await new Promise((r) => setTimeout(r, 200));
}
await opened.close();
