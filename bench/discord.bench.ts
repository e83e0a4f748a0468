/**
 * Discord: the interaction → reply round trip of the real bot's Discord
 * adapter beside a bare discord.js client, on the same loopback fake Discord
 * (test/fakes/discord.ts: REST and gateway), in one run.
 *
 * This process hosts the fake and the clock; each app runs in a process of
 * its own (bench/support/discord-app.ts) as one shard of three, so all three
 * are connected at once, each getting the interactions of its own guild:
 *   bot         createDiscordBot on the core's createInbound, SQLite store in a
 *               temp file, durable inbox on (production);
 *   bare-raw    a bare discord.js Client (Guilds intent) answering the raw
 *               INTERACTION_CREATE with the interaction callback over REST, a
 *               static message: what the bot does, without the bot (the baseline);
 *   bare-reply  a bare Client, `interactionCreate` → `i.reply('static')` (for comparison).
 * Each interaction is `/aws topics` (a cheap command: a private reply listing
 * the topics) from one of 50 members. A round trip is timed from
 * `fake.sendInteraction(payload)` until the fake records the interaction's
 * callback POST. After a warm-up: N sequential interactions (the next is sent
 * once the previous one's callback landed), and batches of C sent at once
 * (each batch waits for all its callbacks), both spread over ROUNDS rounds in
 * which the apps take turns (the first changing every round), so drift on a
 * shared machine falls on all alike. Also the app's CPU time per interaction
 * (its process.cpuUsage() over its slices; the fake's is not in it).
 *
 * A missed callback, a refused one, or an error logged by the app exits 1;
 * slow figures are only printed.
 *
 *   npm run bench -- discord      (50 warm-up, 300 sequential, 15 batches of 20, in 5 rounds)
 *   DISCORD_BENCH_N=50 DISCORD_BENCH_BATCHES=3 DISCORD_BENCH_WARMUP=10 DISCORD_BENCH_ROUNDS=1 npm run bench -- discord   (quick)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../test/fakes/discord.js';
import { guildIdOnShard, MEMBER_PERMISSIONS, slashCommand, snowflake, type FakeIds, type Invoker } from '../test/fakes/discord-payloads.js';
import type { DiscordBenchMode } from './support/discord-app.js';

const N = Number(process.env.DISCORD_BENCH_N ?? 300);
const CONCURRENCY = Number(process.env.DISCORD_BENCH_CONCURRENCY ?? 20);
const BATCHES = Number(process.env.DISCORD_BENCH_BATCHES ?? 15);
const WARMUP = Number(process.env.DISCORD_BENCH_WARMUP ?? 50);
const ROUNDS = Number(process.env.DISCORD_BENCH_ROUNDS ?? 5);
const MODES: readonly DiscordBenchMode[] = ['bot', 'bare-raw', 'bare-reply'];
const MEMBERS = 50;
/** Discord's window for the first answer; a callback later than this counts as lost. */
const CALLBACK_WINDOW_MS = 3_000;
const START_TIMEOUT_MS = 30_000;
const OVERALL_TIMEOUT_MS = 10 * 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const commandId = snowflake();
const members: Invoker[] = Array.from({ length: MEMBERS }, (_, i) => ({ userId: String(610_000_000_000_000_000n + BigInt(i)), username: `member${i}`, permissions: MEMBER_PERMISSIONS }));

interface Trip {
  ms: number;
  /** The callback's HTTP status at the fake (204 accepted) and type (4 message, 5 deferred); null when none came. */
  status: number | null;
  type: number | null;
}

interface Phase {
  trips: Trip[];
  /** The app's CPU time (user + system) over the phase's slices. */
  cpuMs: number;
  seconds: number;
}

/** A running app, one of MODES. */
interface App {
  mode: DiscordBenchMode;
  child: ChildProcess;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** The guild (and channel) its shard owns: its interactions come from there. */
  ids: FakeIds;
  startMs: number;
  sequential: Phase;
  concurrent: Phase;
  stats(): Promise<{ cpu: NodeJS.CpuUsage; errors: number; rssMiB: number }>;
}

interface Run {
  mode: DiscordBenchMode;
  startMs: number;
  sequential: Phase;
  concurrent: Phase;
  errorsLogged: number;
  rssMiB: number;
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const okTrips = (p: Phase) => p.trips.filter((t) => t.status === 204);
const lostOf = (p: Phase) => p.trips.length - okTrips(p).length;
const cpuPer = (p: Phase) => p.cpuMs / p.trips.length;

async function main() {
  const killer = setTimeout(() => {
    process.stderr.write('discord bench: overall timeout, stopping\n');
    for (const a of apps) a.child.kill('SIGKILL');
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  // One guild per app, on that app's shard: an interaction in it goes to that app's connection only.
  const fake = await FakeDiscord.start({ extraGuilds: MODES.map((_, k) => ({ guildId: guildIdOnShard(k, MODES.length, 7), channelId: String(300_000_000_000_000_100n + BigInt(k)) })) });
  const apps: App[] = [];
  let seq = 0;

  /** One interaction: dispatched on the gateway, timed until the fake records its callback. */
  function roundTrip(ids: FakeIds): Promise<Trip> {
    const payload = slashCommand(ids, members[seq++ % MEMBERS]!, { id: commandId, name: 'aws', subcommand: 'topics' });
    const since = fake.calls.length;
    const prefix = `/interactions/${payload.id}/`;
    const started = performance.now();
    const landed = fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(prefix), since, CALLBACK_WINDOW_MS).then(
      (c) => ({ ms: performance.now() - started, status: c.status, type: (c.body as { type?: number } | undefined)?.type ?? null }),
      () => ({ ms: performance.now() - started, status: null, type: null }),
    );
    fake.sendInteraction(payload);
    return landed;
  }

  async function launch(mode: DiscordBenchMode, shard: number): Promise<App> {
    const started = performance.now();
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(here, 'support/discord-app.ts'), mode], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, DISCORD_BENCH_API: fake.apiUrl, DISCORD_BENCH_TOKEN: fake.token, DISCORD_BENCH_SHARD: String(shard), DISCORD_BENCH_SHARDS: String(MODES.length) },
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async (timeoutMs = 10_000) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${mode}: no answer from the app within ${timeoutMs} ms`)), timeoutMs)));
      const line = await Promise.race([lines.next(), late]).finally(() => clearTimeout(timer));
      if (line.done) throw new Error(`${mode}: the app ended early`);
      return JSON.parse(String(line.value)) as Record<string, unknown>;
    };
    const app: App = {
      mode,
      child,
      exited,
      ids: fake.guilds.find((g) => g.guildId === guildIdOnShard(shard, MODES.length, 7))!,
      startMs: 0,
      sequential: { trips: [], cpuMs: 0, seconds: 0 },
      concurrent: { trips: [], cpuMs: 0, seconds: 0 },
      async stats() {
        child.stdin!.write(`${JSON.stringify({ cmd: 'stats' })}\n`);
        return (await next()) as { cpu: NodeJS.CpuUsage; errors: number; rssMiB: number };
      },
    };
    apps.push(app);
    await next(START_TIMEOUT_MS); // {"ready": true}
    app.startMs = performance.now() - started;
    return app;
  }

  /** Adds `body`'s trips, wall time and the app's CPU time to `phase`. */
  async function measure(app: App, phase: Phase, body: () => Promise<Trip[]>): Promise<void> {
    const before = (await app.stats()).cpu;
    const t0 = performance.now();
    phase.trips.push(...(await body()));
    phase.seconds += (performance.now() - t0) / 1000;
    const after = (await app.stats()).cpu;
    phase.cpuMs += (after.user - before.user + (after.system - before.system)) / 1000;
  }

  const runs: Run[] = [];
  try {
    for (const [k, mode] of MODES.entries()) await launch(mode, k);
    for (const app of apps) for (let i = 0; i < WARMUP; i++) await roundTrip(app.ids);
    // The apps take turns, a slice of each phase per round, the first app changing every round:
    // whatever else the machine does meanwhile falls on all of them alike.
    const perRound = Math.ceil(N / ROUNDS);
    const batchesPerRound = Math.ceil(BATCHES / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (let j = 0; j < apps.length; j++) {
        const app = apps[(round + j) % apps.length]!;
        await measure(app, app.sequential, async () => {
          const trips: Trip[] = [];
          for (let i = 0; i < perRound; i++) trips.push(await roundTrip(app.ids));
          return trips;
        });
        await measure(app, app.concurrent, async () => {
          const trips: Trip[] = [];
          for (let b = 0; b < batchesPerRound; b++) trips.push(...(await Promise.all(Array.from({ length: CONCURRENCY }, () => roundTrip(app.ids)))));
          return trips;
        });
      }
    }
    for (const app of apps) {
      const last = await app.stats();
      runs.push({ mode: app.mode, startMs: app.startMs, sequential: app.sequential, concurrent: app.concurrent, errorsLogged: last.errors, rssMiB: last.rssMiB });
    }
    for (const app of apps) app.child.stdin!.end();
    for (const app of apps) {
      const [code] = await Promise.race([app.exited, new Promise<[null, null]>((resolve) => setTimeout(() => resolve([null, null]), 10_000).unref())]);
      if (code !== 0) throw new Error(`${app.mode}: the app did not stop cleanly (exit ${code})`);
    }
  } finally {
    for (const app of apps) if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  }
  clearTimeout(killer);
  await fake.stop();

  const [bot, bare] = runs as [Run, Run, Run];
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  const x = (r: number) => `${r.toFixed(2)}×`;
  const fig = (p: Phase) => {
    const ms = okTrips(p).map((t) => t.ms);
    return { p50: pct(ms, 50), p90: pct(ms, 90), p99: pct(ms, 99), max: Math.max(...ms) };
  };
  const seqN = `${bot.sequential.trips.length} sequential`;
  const conN = `${bot.concurrent.trips.length / CONCURRENCY}×${CONCURRENCY} concurrent`;
  const rows: [string, ...string[]][] = [
    ['', 'bot (createDiscordBot + core, SQLite)', 'bare discord.js, raw callback (baseline)', 'bare discord.js, i.reply()'],
    ['ready after spawn (under tsx)', ...runs.map((r) => `${r.startMs.toFixed(0)} ms`)],
    [`${seqN}: p50 / p99`, ...runs.map((r) => `${f(fig(r.sequential).p50)} / ${f(fig(r.sequential).p99)}`)],
    [`${seqN}: p90 / max`, ...runs.map((r) => `${f(fig(r.sequential).p90)} / ${f(fig(r.sequential).max)}`)],
    [`${seqN}: app CPU / interaction`, ...runs.map((r) => `${cpuPer(r.sequential).toFixed(2)} ms`)],
    [`${conN}: p50 / p99`, ...runs.map((r) => `${f(fig(r.concurrent).p50)} / ${f(fig(r.concurrent).p99)}`)],
    [`${conN}: p90 / max`, ...runs.map((r) => `${f(fig(r.concurrent).p90)} / ${f(fig(r.concurrent).max)}`)],
    [`${conN}: app CPU / interaction`, ...runs.map((r) => `${cpuPer(r.concurrent).toFixed(2)} ms`)],
    [`${conN}: interactions/s`, ...runs.map((r) => `${(r.concurrent.trips.length / r.concurrent.seconds).toFixed(0)}`)],
    ['answered / deferred / lost', ...runs.map((r) => {
      const all = [...r.sequential.trips, ...r.concurrent.trips];
      return `${all.filter((t) => t.status === 204).length} / ${all.filter((t) => t.type === 5).length} / ${lostOf(r.sequential) + lostOf(r.concurrent)}`;
    })],
    ['errors logged by the app', ...runs.map((r) => String(r.errorsLogged))],
    ['app RSS at the end', ...runs.map((r) => `${r.rssMiB.toFixed(0)} MiB`)],
    [`${seqN}: p50 / p99 vs baseline`, ...runs.map((r) => `${x(fig(r.sequential).p50 / fig(bare.sequential).p50)} / ${x(fig(r.sequential).p99 / fig(bare.sequential).p99)}`)],
    [`${conN}: p50 / p99 vs baseline`, ...runs.map((r) => `${x(fig(r.concurrent).p50 / fig(bare.concurrent).p50)} / ${x(fig(r.concurrent).p99 / fig(bare.concurrent).p99)}`)],
    ['CPU / interaction vs baseline (seq / conc)', ...runs.map((r) => `${x(cpuPer(r.sequential) / cpuPer(bare.sequential))} / ${x(cpuPer(r.concurrent) / cpuPer(bare.concurrent))}`)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const cols = rows[0]!.slice(1).map((_, i) => Math.max(...rows.map((r) => r[i + 1]!.length)));
  const out = process.stdout;
  out.write(`/aws topics from ${MEMBERS} members, ${WARMUP} warm-up interactions per app first, then ${ROUNDS} rounds; fake Discord in this process, each app in its own; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`);
  for (const [k, ...cells] of rows) out.write(`${k.padEnd(width)}  ${cells.map((c, i) => c.padEnd(cols[i]!)).join('  ').trimEnd()}\n`);
  const lost = runs.reduce((n, r) => n + lostOf(r.sequential) + lostOf(r.concurrent), 0);
  const errors = runs.reduce((n, r) => n + r.errorsLogged, 0);
  const broken = lost > 0 || errors > 0;
  if (broken) out.write(`BROKEN: ${lost} interaction(s) without an accepted callback within ${CALLBACK_WINDOW_MS} ms, ${errors} error(s) logged\n`);
  const [bs, bc, ss, sc] = [fig(bot.sequential), fig(bot.concurrent), fig(bare.sequential), fig(bare.concurrent)];
  out.write(
    `${JSON.stringify({
      bench: 'discord',
      n: N,
      concurrency: CONCURRENCY,
      batches: BATCHES,
      ...Object.fromEntries(runs.map((r) => [r.mode, { sequential: fig(r.sequential), concurrent: fig(r.concurrent), cpuMs: [cpuPer(r.sequential), cpuPer(r.concurrent)] }])),
      ratios: { sequentialP50: bs.p50 / ss.p50, sequentialP99: bs.p99 / ss.p99, concurrentP50: bc.p50 / sc.p50, concurrentP99: bc.p99 / sc.p99 },
    })}\n`,
  );
  // The line for the README's bench table.
  out.write(
    `| Discord interaction → reply callback, \`/aws topics\` | ${seqN}: p50 ${f(bs.p50)}, p99 ${f(bs.p99)} (${x(bs.p50 / ss.p50)} / ${x(bs.p99 / ss.p99)} bare); ` +
      `${CONCURRENCY} at once: p50 ${f(bc.p50)}, p99 ${f(bc.p99)} (${x(bc.p50 / sc.p50)} / ${x(bc.p99 / sc.p99)} bare); CPU ${cpuPer(bot.sequential).toFixed(2)} ms/interaction (${x(cpuPer(bot.sequential) / cpuPer(bare.sequential))} bare) | ` +
      `bare discord.js, raw callback: p50 ${f(ss.p50)}, p99 ${f(ss.p99)}; ${CONCURRENCY} at once: p50 ${f(sc.p50)}, p99 ${f(sc.p99)}; CPU ${cpuPer(bare.sequential).toFixed(2)} ms | \`bench/discord.bench.ts\` |\n`,
  );
  process.exit(broken ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`discord bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
