/**
 * Daily-post fan-out: N subscriptions due at the same minute, posted by the
 * real deliveries job (src/jobs/deliveries.ts: claim → dailyQuestion → send →
 * record, SQLite in a temp file) through the real Discord ChatPort on a real
 * @discordjs/rest REST instance,
 * whose own queue honours the global limit. The loopback fake Discord
 * (bench/support/fake-discord-rest.ts, its own process) enforces R requests/s
 * and answers 429 + Retry-After / X-RateLimit-Global beyond it.
 *
 * Reports posts/s as a ratio to R (target >= 0.9), duplicates (0), missing (0)
 * and this process's peak RSS. The subscriptions have no discussion thread,
 * so one post is one request (a thread adds two more per channel).
 *
 *   npm run bench -- fanout                          (N=5000, R=250/s: ~20 s)
 *   FANOUT_RATE=50 npm run bench -- fanout           (Discord's real 50/s: ~100 s)
 *   FANOUT_N=1000 FANOUT_RATE=100 FANOUT_CONCURRENCY=32 npm run bench -- fanout
 *   FANOUT_N=200 FANOUT_RATE=100 npm run bench -- fanout      (quick: ~2 s)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { REST } from '@discordjs/rest';
import { discordDirectory, discordInfo } from '../src/adapters/discord/index.js';
import { DiscordChatPort } from '../src/adapters/discord/chat-port.js';
import { loadBank } from '../src/content/loader.js';
import { ChatPorts } from '../src/core/chat-ports.js';
import { BoardCache } from '../src/core/commands/leaderboard.js';
import type { CoreDeps } from '../src/core/context.js';
import { Limits } from '../src/core/limits.js';
import { PlatformRegistry } from '../src/core/ports/platform.js';
import { Deliveries } from '../src/jobs/deliveries.js';
import { silentLogger } from '../src/ops/logger.js';
import { openDatabase } from '../src/store/sqlite/open.js';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { FakeClock, fixtureBank } from '../test/support/core.js';

const N = Number(process.env.FANOUT_N ?? 5000);
const RATE = Number(process.env.FANOUT_RATE ?? 250);
const CONCURRENCY = Number(process.env.FANOUT_CONCURRENCY ?? 64);
const TARGET_RATIO = 0.9;
const DUE_AT = new Date('2026-03-10T09:00:00Z');
/** Hard stop for the whole run, whatever happens: three times the ideal duration plus a minute. */
const OVERALL_TIMEOUT_MS = (3 * N) / RATE * 1000 + 60_000;

const here = dirname(fileURLToPath(import.meta.url));

interface FakeStats {
  accepted: number;
  rejected: number;
  firstAt: number;
  lastAt: number;
  maxPerWindow: number;
  channels: Record<string, number>;
}

async function startFake(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'support/fake-discord-rest.ts')], {
    env: { ...process.env, FAKE_RATE: String(RATE) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake Discord exited early (${code})`)));
  });
  return { port: (JSON.parse(first) as { port: number }).port, stop: () => child.kill('SIGTERM') };
}

function bank() {
  try {
    return loadBank();
  } catch {
    return fixtureBank(); // the bench measures the scheduler, not the content
  }
}

const channelId = (i: number) => String(300_000_000_000_000_000n + BigInt(i));

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-bench-'));
  const fake = await startFake();
  const guard = setTimeout(() => {
    process.stderr.write(`fan-out bench: no result within ${OVERALL_TIMEOUT_MS} ms, giving up\n`);
    fake.stop();
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  guard.unref();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const db = openDatabase(join(dir, 'bot.sqlite'));
    const store = new SqliteStore(db);
    await store.transaction(async (tx) => {
      for (let i = 0; i < N; i++) {
        await tx.channels.upsertSubscription(
          {
            platform: 'discord',
            scope: 'discord:G1',
            channelKey: `discord:${channelId(i)}`,
            channelRef: channelId(i),
            time: '09:00',
            timezone: 'UTC',
            days: [1, 2, 3, 4, 5, 6, 7],
            topics: [],
            level: null,
            createdBy: 'discord:admin',
            thread: false,
            revealAfterHours: null,
            digest: null,
          },
          new Date('2026-01-01T00:00:00Z'),
        );
      }
    });
    // The library's own global limiter is set to the platform's limit, as it is (50) against real Discord.
    const rest = new REST({ api: `http://127.0.0.1:${fake.port}/api`, version: '10', globalRequestsPerSecond: RATE }).setToken('bench-token');
    const clock = new FakeClock(DUE_AT);
    const platforms = new PlatformRegistry();
    platforms.register(discordInfo, discordDirectory);
    const chat = new ChatPorts();
    chat.add(new DiscordChatPort(rest, silentLogger));
    const deps: CoreDeps = {
      store,
      bank: bank(),
      clock,
      logger: silentLogger,
      platforms,
      defaultZone: 'UTC',
      chat,
      limits: new Limits({ commandsPerMinute: 0, publicCooldownSeconds: 0 }, clock),
      boards: new BoardCache(),
    };
    const deliveries = new Deliveries({ deps, concurrency: CONCURRENCY });

    const started = performance.now();
    const summary = await deliveries.runDue(DUE_AT);
    const seconds = (performance.now() - started) / 1000;
    await deliveries.stop();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

    const stats = (await (await fetch(`http://127.0.0.1:${fake.port}/stats`)).json()) as FakeStats;
    const duplicates = Object.values(stats.channels).filter((n) => n > 1).length;
    const missing = Array.from({ length: N }, (_, i) => channelId(i)).filter((c) => !stats.channels[c]).length;
    const sentRows = (db.prepare("SELECT COUNT(*) AS n FROM posts WHERE state = 'sent'").get() as { n: number }).n;
    await store.close();

    const rate = summary.sent / seconds;
    const ratio = rate / RATE;
    // Over the platform's own first-to-last accepted post (excludes set-up and the last response's trip).
    const platformSeconds = Math.max(0.001, (stats.lastAt - stats.firstAt) / 1000);
    const lines = [
      `fan-out: N=${N} subscriptions due at one minute, fake global limit R=${RATE}/s, concurrency ${CONCURRENCY}`,
      `  posted:      ${summary.sent} in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} posts/s = ${ratio.toFixed(3)} x R (target >= ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'OK' : 'MISSED'}`,
      `  platform:    ${stats.accepted} accepted over ${platformSeconds.toFixed(1)} s (max ${stats.maxPerWindow} in one second), ${stats.rejected} answered 429`,
      `  duplicates:  ${duplicates} (target 0)`,
      `  missing:     ${missing} (target 0); post rows sent: ${sentRows}/${N}; run summary ${JSON.stringify(summary)}`,
      `  peak RSS:    ${(peakRss / 1024 / 1024).toFixed(1)} MiB (scheduler process; the fake runs in its own)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(`${JSON.stringify({ bench: 'fanout', n: N, rate: RATE, postsPerSecond: rate, ratio, duplicates, missing, rejected429: stats.rejected, peakRssBytes: peakRss })}\n`);
    return duplicates === 0 && missing === 0 && sentRows === N ? 0 : 1;
  } finally {
    clearInterval(sampler);
    fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fan-out bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
