/**
 * DISCORD_SHARDS=2, end to end: the real entry point (src/main.ts) against
 * the loopback fake Discord, which has two guilds, one per shard.
 *
 *   - discord.js's ShardingManager forks two shard processes; they identify
 *     as [0, 2] and [1, 2] and the main process opens no gateway connection;
 *   - a slash command delivered on each shard's connection is answered;
 *   - a daily post that is due at start-up goes out once, through REST, from
 *     the main process (the only one running a scheduler);
 *   - /healthz (on the ops port) is ok once both shards are ready and fails
 *     while one is down; a killed shard is respawned;
 *   - SIGTERM stops the shards, then the main process, which exits 0 with the
 *     database checkpointed; if the main process is killed outright, the
 *     shards leave the gateway on their own.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord.js';
import { guildIdOnShard, snowflake, slashCommand, type FakeIds } from '../fakes/discord-payloads.js';
import { collect, exitOf, freePort, logLines, waitFor } from '../ops/support/process.js';
import { makeDeps } from '../support/core.js';
import { alice } from './harness.js';

/**
 * A fixed-offset zone where it is between 06:00 and 07:00 now, so a 05:00
 * post is due at start-up (1–2 h late, same local day): a real process's
 * clock cannot be injected, and the test must not wait for a minute tick.
 */
function zoneWhereItIsMorning(now = new Date()): string {
  let offset = (((6 - now.getUTCHours()) % 24) + 24) % 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT signs are inverted: Etc/GMT-5 is UTC+5.
  return offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

const ROOT = resolve(import.meta.dirname, '../..');

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function startFake(): Promise<FakeDiscord> {
  const secondGuild = { guildId: guildIdOnShard(1, 2), channelId: '300000000000000013' };
  // max_concurrency 2: both shards may identify at once, so neither waits out Discord's 5 s window.
  fake = await FakeDiscord.start({ extraGuilds: [secondGuild], maxConcurrency: 2 });
  return fake;
}

interface HealthReport {
  status: string;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** src/main.ts with DISCORD_SHARDS=2; resolves once /healthz is ok (both shards ready). */
async function startShardedBot(fake: FakeDiscord, dbPath: string) {
  const port = await freePort();
  const opsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      OPS_PORT: String(opsPort),
      DATABASE_PATH: dbPath,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.ids.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARDS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The shard processes inherit the main process's stderr: one capture holds every line.
  const stderr = collect(child.stderr);
  const withLogs = <T>(work: Promise<T>): Promise<T> =>
    work.catch((err: Error) => {
      throw new Error(`${err.message}\n${stderr.text()}`);
    });
  const health = async (): Promise<HealthReport | undefined> => {
    const res = await fetch(`http://127.0.0.1:${opsPort}/healthz`).catch(() => null);
    return res ? ((await res.json()) as HealthReport) : undefined;
  };
  const bot = {
    child,
    health,
    withLogs,
    lines: () => logLines(stderr.text()),
    /** Pids of the shard processes started so far (respawns included), by shard id. */
    shardPids: (shard?: number) =>
      logLines(stderr.text())
        .filter((l) => l.msg === 'discord shard process started' && (shard === undefined || l.shard === shard))
        .map((l) => Number(l.pid)),
  };
  // Generous: each shard is a fresh Node process compiling the TypeScript sources with tsx.
  await withLogs(waitFor(async () => ((await health())?.status === 'ok' ? true : undefined), 40_000, 'the main process and both shards to be ready'));
  return bot;
}

/** A zombie (exited, not yet reaped by whoever inherited it) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'awsbot-shards-')), 'bot.sqlite');
}

function postStates(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  const states = db.prepare('SELECT state FROM posts').pluck().all() as string[];
  db.close();
  return states;
}

/** Sends `/aws help` in `guild`; resolves with the callback's status and the shard it was delivered on. */
async function askForHelp(fake: FakeDiscord, guild: FakeIds) {
  const interaction = slashCommand(guild, alice, { id: snowflake(), name: 'aws', subcommand: 'help' });
  const since = fake.calls.length;
  fake.sendInteraction(interaction);
  const callback = await fake.callbackFor(interaction.id, since);
  return { status: callback.status, shard: fake.gateway.deliveries.find((d) => d.interactionId === interaction.id)?.shard };
}

it('runs one process per shard for interactions and the scheduler once, in the main process', async () => {
  const fake = await startFake();
  const [firstGuild, otherGuild] = fake.guilds as [FakeIds, FakeIds];
  const dbPath = tempDbPath();
  const seed = makeDeps({ dbPath });
  await seed.store.channels.upsertSubscription(
    {
      platform: 'discord',
      scope: `discord:${firstGuild.guildId}`,
      channelKey: `discord:${firstGuild.guildId}:${firstGuild.channelId}`,
      channelRef: firstGuild.channelId,
      time: '05:00',
      timezone: zoneWhereItIsMorning(),
      days: [1, 2, 3, 4, 5, 6, 7],
      topics: [],
      level: null,
      createdBy: 'discord:admin',
      // A thread would add its own calls; this test counts the post.
      thread: false,
      revealAfterHours: null,
      digest: null,
    },
    new Date('2026-01-01T00:00:00Z'),
  );
  seed.store.db.close();

  const bot = await startShardedBot(fake, dbPath);
  expect((await bot.health())?.checks.discord).toEqual({ ok: true });
  expect(fake.gateway.identifiedShards.sort()).toEqual([
    [0, 2],
    [1, 2],
  ]);
  expect(fake.gateway.openConnections).toBe(2); // the shards': the main process has none

  // One slash command per guild, each delivered on the connection of the shard that owns it.
  const answers = await bot.withLogs(Promise.all([askForHelp(fake, firstGuild), askForHelp(fake, otherGuild)]));
  expect(answers).toEqual([
    { status: 204, shard: [0, 2] },
    { status: 204, shard: [1, 2] },
  ]);

  // The post due at start-up, through REST.
  const postPath = `/channels/${firstGuild.channelId}/messages`;
  await bot.withLogs(fake.waitForCall((c) => c.method === 'POST' && c.path === postPath && c.status === 200, 0, 10_000));
  await waitFor(() => (postStates(dbPath).includes('sent') ? true : undefined), 5_000, 'the post to be recorded');

  // A shard process that dies shows on /healthz and is respawned; its guild is answered again.
  process.kill(bot.shardPids(1)[0]!, 'SIGKILL');
  const failing = await waitFor(async () => {
    const report = await bot.health();
    return report?.status === 'failing' ? report : undefined;
  }, 5_000, '/healthz to report the dead shard');
  expect(failing.checks.discord).toEqual({ ok: false, detail: '1/2 shards ready; waiting for 1' });
  await bot.withLogs(waitFor(async () => ((await bot.health())?.status === 'ok' ? true : undefined), 40_000, 'the shard to be respawned'));
  expect(bot.shardPids(1)).toHaveLength(2);
  expect(await bot.withLogs(askForHelp(fake, otherGuild))).toEqual({ status: 204, shard: [1, 2] });

  bot.child.kill('SIGTERM');
  expect(await exitOf(bot.child, 20_000)).toBe(0);
  // Checked before any read below: a read-only connection leaves a -wal file behind.
  expect(existsSync(`${dbPath}-wal`)).toBe(false); // the main process, last out, checkpointed and closed

  const lines = bot.lines();
  expect(lines.filter((l) => Number(l.level) >= 50 || 'raw' in l)).toEqual([]); // no errors, nothing unstructured
  // One set of jobs, in the main process, which made the one post.
  expect(lines.filter((l) => l.msg === 'jobs started')).toEqual([expect.not.objectContaining({ shard: expect.anything() })]);
  expect(lines.filter((l) => l.msg === 'post').map((l) => [l.shard, l.outcome])).toEqual([[undefined, 'sent']]);
  expect(fake.calls.filter((c) => c.method === 'POST' && c.path === postPath)).toHaveLength(1);
  expect(postStates(dbPath)).toEqual(['sent']);
  // Each shard stopped cleanly, before the main process did (it waits for them).
  const mainStopped = lines.findIndex((l) => l.msg === 'stopped' && l.shard === undefined);
  expect(lines[mainStopped]).toMatchObject({ clean: true, reason: 'SIGTERM' });
  for (const shard of [0, 1]) {
    const stopped = lines.findIndex((l) => l.msg === 'stopped' && l.shard === shard);
    expect(lines[stopped]).toMatchObject({ clean: true, reason: 'SIGTERM' });
    expect(stopped).toBeLessThan(mainStopped);
  }
  expect(bot.shardPids().filter(isAlive)).toEqual([]);
  await fake.gateway.allDisconnected();
  expect(JSON.stringify(lines)).not.toContain(fake.token);
}, 120_000);

it('shards leave the gateway by themselves when the main process is killed outright', async () => {
  // Otherwise a restarted bot would find the old shards still connected, answering the same interactions.
  const fake = await startFake();
  const bot = await startShardedBot(fake, tempDbPath());
  const pids = bot.shardPids();
  expect(pids).toHaveLength(2);

  bot.child.kill('SIGKILL');
  await bot.withLogs(waitFor(() => (pids.some(isAlive) ? undefined : true), 10_000, 'the orphaned shards to exit'));
  await fake.gateway.allDisconnected();
  const stopped = bot.lines().filter((l) => l.msg === 'stopped');
  expect(stopped.map((l) => [l.shard, l.reason, l.clean]).sort()).toEqual([
    [0, 'main process gone', true],
    [1, 'main process gone', true],
  ]);
}, 120_000);
