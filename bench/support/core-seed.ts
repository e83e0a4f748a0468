/**
 * Seeds the databases for bench/core.bench.ts: USERS users spread over a
 * realistic number of workspaces / servers (one large one, a long tail of
 * small ones), GRADES self-grades and as many FSRS review cards, with
 * streaks computed by the real streak rules.
 *
 * One deterministic generator (seedBatches) makes the rows, a batch of users
 * at a time; each engine writes the same batches its own fastest way:
 *   SQLite      prepared statements in one large transaction per batch;
 *   PostgreSQL  one multi-row INSERT … SELECT FROM unnest($1::text[], …) per
 *               table and batch (one parameter per column, however many
 *               rows), in one transaction per batch, synchronous_commit off.
 * So both hold the same rows. Going through the use cases would take minutes
 * and measure nothing new. The shapes are the ones the stores write (see
 * src/store/sqlite/*, src/store/postgres/*), and every card is exactly what
 * ts-fsrs returns for a first grade (cards are shifted copies of one FSRS
 * result per grade: with short-term steps off, a first grade's schedule does
 * not depend on the day it is given).
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { QuestionBank } from '../../src/core/bank.js';
import { addDays, localDate } from '../../src/core/dates.js';
import { nextCard } from '../../src/core/learning/fsrs.js';
import { GRADES, type Grade } from '../../src/core/model.js';
import { EMPTY_STREAK, practise, type StreakState } from '../../src/core/streaks.js';
import { cardToRow } from '../../src/store/rows.js';
import { aliveUntil } from '../../src/store/sqlite/people.js';

export interface SeedOptions {
  users: number;
  grades: number;
  /** Users in the largest workspace. */
  largestScope: number;
  /** Workspaces / servers in the long tail. */
  scopes: number;
  now: Date;
}

export interface SeededUser {
  userKey: string;
  scope: string;
  zone: string;
}

export interface Seeded {
  users: SeededUser[];
  largestScope: string;
  scopeSizes: Map<string, number>;
}

type Value = string | number | null;
/** Rows of one table, column by column in the order of the table's column list below. */
type Rows = Value[][];

/** One batch of users with everything that belongs to them. */
export interface SeedBatch {
  users: Rows;
  streaks: Rows;
  memberships: Rows;
  attempts: Rows;
  cards: Rows;
}

/** Column lists (and PostgreSQL array types) per table; the SQLite statements name the same columns. */
const TABLES = {
  users: { table: 'users', columns: ['user_key', 'display_name', 'timezone', 'remind', 'created_at'], types: ['text', 'text', 'text', 'int', 'text'] },
  streaks: {
    table: 'streaks',
    columns: ['user_key', 'current', 'longest', 'total_days', 'last_day', 'freezes', 'updated_at'],
    types: ['text', 'int', 'int', 'int', 'text', 'int', 'text'],
  },
  // With the copy of the streak the leaderboard reads (008_leaderboard.sql) and its liveness (010: alive_until).
  memberships: {
    table: 'memberships',
    columns: ['scope', 'user_key', 'current', 'total_days', 'last_day', 'freezes', 'alive_until'],
    types: ['text', 'text', 'int', 'int', 'text', 'int', 'text'],
  },
  // identity_key: which linked identity graded (010); here always the learner itself.
  attempts: {
    table: 'attempts',
    columns: ['user_key', 'identity_key', 'question_id', 'local_date', 'grade', 'scope', 'channel_key', 'graded_at'],
    types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'],
  },
  cards: {
    table: 'review_cards',
    columns: ['user_key', 'question_id', 'due', 'stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state', 'last_review'],
    types: ['text', 'text', 'bigint', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'int', 'bigint'],
  },
} as const satisfies Record<keyof SeedBatch, { table: string; columns: readonly string[]; types: readonly string[] }>;

/** Parents first: the foreign keys point at users. */
const ORDER: (keyof SeedBatch)[] = ['users', 'streaks', 'memberships', 'attempts', 'cards'];

const ZONES = ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo', 'Pacific/Auckland'];

/** mulberry32: a tiny seeded PRNG, so every run seeds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Grades per user: heavy-tailed (most try a few, some practise for months), summing to `total`. */
function gradesPerUser(users: number, total: number, max: number, rand: () => number): number[] {
  const counts = Array.from({ length: users }, () => Math.min(max, 1 + Math.floor(-Math.log(1 - rand()) * (total / users - 1))));
  let sum = counts.reduce((a, b) => a + b, 0);
  while (sum !== total) {
    const i = Math.floor(rand() * users);
    const step = sum < total ? 1 : -1;
    const next = counts[i]! + step;
    if (next < 1 || next > max) continue;
    counts[i] = next;
    sum += step;
  }
  return counts;
}

/**
 * The rows, `batch` users at a time, always the same for the same options.
 * `into` collects the users (for sampling) and the workspace sizes as the
 * batches are made.
 */
export function* seedBatches(bank: QuestionBank, opts: SeedOptions, into: Seeded, batch = 5_000): Generator<SeedBatch> {
  const rand = prng(7);
  const ids = bank.questions.map((q) => q.id);
  const today = localDate(opts.now, 'UTC');
  const nowIso = opts.now.toISOString();
  const template = Object.fromEntries(GRADES.map((g) => [g, nextCard(null, g, opts.now)])) as Record<Grade, ReturnType<typeof nextCard>>;

  // Workspaces: the largest one, then a Zipf-like tail (a few mid-size, many small).
  const largestScope = into.largestScope;
  const tailWeights = Array.from({ length: opts.scopes }, (_, i) => 1 / (i + 1));
  const weightSum = tailWeights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  tailWeights.reduce((acc, w, i) => (cumulative[i] = acc + w / weightSum), 0);
  const tailScope = () => {
    const r = rand();
    const i = cumulative.findIndex((c) => c >= r);
    return i < 0 ? opts.scopes : i + 1;
  };

  const counts = gradesPerUser(opts.users, opts.grades, ids.length, rand);
  for (let start = 0; start < opts.users; start += batch) {
    const b: SeedBatch = { users: [], streaks: [], memberships: [], attempts: [], cards: [] };
    for (let u = start; u < Math.min(opts.users, start + batch); u++) {
      const n = tailScope();
      const discord = u % 4 === 3; // a quarter on Discord, where a user can be in several servers
      const scope = u < opts.largestScope ? largestScope : discord ? `discord:G${n}` : `slack:T${n}`;
      const userKey = discord && u >= opts.largestScope ? `discord:1${String(u).padStart(17, '0')}` : `${scope}:U${u}`;
      const zone = ZONES[u % ZONES.length]!;
      b.users.push([userKey, `user ${u}`, zone, rand() < 0.1 ? 1 : 0, nowIso]);
      const scopes = discord && u >= opts.largestScope && rand() < 0.3 ? [scope, `discord:G${tailScope()}`] : [scope];
      for (const sc of scopes) into.scopeSizes.set(sc, (into.scopeSizes.get(sc) ?? 0) + 1);
      into.users.push({ userKey, scope, zone });

      // A third practised yesterday or today (live streaks); the rest stopped some time in the last year.
      const lastDay = addDays(today, rand() < 0.33 ? -Math.floor(rand() * 2) : -2 - Math.floor(rand() * 360));
      const grades = counts[u]!;
      const offset = Math.floor(rand() * ids.length);
      const days: string[] = [];
      let day = lastDay;
      for (let k = 0; k < grades; k++) {
        days.push(day);
        // Mostly daily, sometimes two a day, sometimes a gap.
        const r = rand();
        day = addDays(day, r < 0.15 ? 0 : r < 0.85 ? -1 : -2 - Math.floor(rand() * 5));
      }
      days.reverse();
      let streak: StreakState = EMPTY_STREAK;
      for (let k = 0; k < grades; k++) {
        const qid = ids[(offset + k) % ids.length]!; // distinct: at most ids.length grades each
        const g: Grade = ((r) => (r < 0.5 ? 'knew' : r < 0.8 ? 'partly' : 'missed'))(rand());
        const at = new Date(Date.parse(`${days[k]}T12:00:00Z`));
        b.attempts.push([userKey, userKey, qid, days[k]!, g, scope, `${scope}:C1`, at.toISOString()]);
        const shift = at.getTime() - opts.now.getTime();
        const t = template[g];
        const c = cardToRow({ ...t, due: new Date(t.due.getTime() + shift), last_review: new Date(t.last_review!.getTime() + shift) });
        b.cards.push([userKey, qid, c.due, c.stability, c.difficulty, c.elapsed_days, c.scheduled_days, c.learning_steps, c.reps, c.lapses, c.state, c.last_review]);
        streak = practise(streak, days[k]!).state;
      }
      b.streaks.push([userKey, streak.current, streak.longest, streak.totalDays, streak.lastDay, streak.freezes, nowIso]);
      // The same server twice is one membership (INSERT OR IGNORE / ON CONFLICT DO NOTHING).
      for (const sc of new Set(scopes)) b.memberships.push([sc, userKey, streak.current, streak.totalDays, streak.lastDay, streak.freezes, aliveUntil(streak)]);
    }
    yield b;
  }
}

/** Writes batches into SQLite, one IMMEDIATE transaction per batch. */
export function sqliteWriter(db: Database.Database): (b: SeedBatch) => void {
  const statements = Object.fromEntries(
    ORDER.map((k) => {
      const { table, columns } = TABLES[k];
      const or = k === 'memberships' ? 'OR IGNORE ' : '';
      return [k, db.prepare(`INSERT ${or}INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)];
    }),
  ) as Record<keyof SeedBatch, Database.Statement>;
  return (b) =>
    db
      .transaction(() => {
        for (const k of ORDER) for (const row of b[k]) statements[k].run(...row);
      })
      .immediate();
}

/**
 * Writes batches into PostgreSQL, on clients of its own (the bench's, not
 * the store's pool): all five tables of a batch in ONE statement
 * (data-modifying CTEs, each an INSERT … SELECT FROM unnest(…) with one array
 * parameter per column, however many rows), so a batch is one round trip and
 * one commit; the foreign keys are checked at the end of the statement, when
 * the users are in. Batches go to the clients in turn, one in flight per
 * client, so the server writes on as many backends. Each session runs with
 * synchronous_commit off (a bulk load need not wait for each commit's flush).
 */
export interface PgSeedWriter {
  /** Batches that may be in flight at once (one per client). */
  parallel: number;
  write(b: SeedBatch): Promise<void>;
}

/**
 * Column `c` of `rows` as a PostgreSQL array literal, built here rather than
 * by the driver's generic per-element serialiser (the slowest step of a load
 * otherwise): numbers joined as they are (JavaScript prints the shortest
 * decimal that reads back as the same double), text quoted and escaped.
 */
function arrayLiteral(rows: Rows, c: number, type: string): string {
  const text = type === 'text';
  const parts = rows.map((row) => {
    const v = row[c];
    if (v === null || v === undefined) return 'NULL';
    if (!text) return String(v);
    const str = String(v);
    return /["\\]/.test(str) ? `"${str.replace(/(["\\])/g, '\\$1')}"` : `"${str}"`;
  });
  return `{${parts.join(',')}}`;
}

export function pgWriter(clients: (pg.Client | pg.PoolClient)[]): PgSeedWriter {
  let param = 0;
  const ctes = ORDER.map((k, i) => {
    const { table, columns, types } = TABLES[k];
    const conflict = k === 'memberships' ? ' ON CONFLICT DO NOTHING' : '';
    return `t${i} AS (INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((t) => `$${++param}::${t}[]`).join(', ')})${conflict})`;
  });
  const sql = `WITH ${ctes.join(',\n')}\nSELECT 1`;
  const ready = new Set<unknown>();
  let next = 0;
  return {
    parallel: clients.length,
    async write(b) {
      const client = clients[next++ % clients.length]!;
      const values = ORDER.flatMap((k) => Array.from({ length: TABLES[k].columns.length }, (_, c) => arrayLiteral(b[k], c, TABLES[k].types[c]!)));
      if (!ready.has(client)) {
        ready.add(client);
        await client.query('SET synchronous_commit = off');
      }
      await client.query(sql, values);
    },
  };
}

/**
 * For a bulk load into empty tables: drops the seeded tables' foreign keys,
 * unique constraints and secondary indexes (primary keys stay), and returns
 * what puts them back exactly as they were (same names, same definitions, from
 * pg_get_constraintdef / pg_get_indexdef): building an index once over a
 * million sorted rows is much cheaper than a million random insertions into
 * it, and one foreign-key check over the whole table cheaper than a million.
 */
export async function dropForLoad(client: pg.Client | pg.PoolClient): Promise<() => Promise<void>> {
  const tables = ORDER.map((k) => TABLES[k].table);
  const constraints = (
    await client.query<{ tbl: string; name: string; def: string; type: 'f' | 'u' }>(
      `SELECT c.conrelid::regclass::text AS tbl, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS def, c.contype AS type
       FROM pg_constraint c WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('f', 'u') ORDER BY c.contype, c.conname`,
      [tables],
    )
  ).rows;
  const indexes = (
    await client.query<{ name: string; def: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
       WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
       ORDER BY 1`,
      [tables],
    )
  ).rows;
  // Foreign keys first ('f' sorts before 'u').
  for (const c of constraints) await client.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
  return async () => {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const c of constraints.filter((x) => x.type === 'u')) await client.query(`ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}`);
    for (const i of indexes) await client.query(i.def);
    for (const c of constraints.filter((x) => x.type === 'f')) await client.query(`ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}`);
    await client.query('RESET maintenance_work_mem');
  };
}

export interface SeedTargets {
  /** Null: this engine's database already holds the seed (or is not seeded by this run). */
  sqlite: ((b: SeedBatch) => void) | null;
  pg: PgSeedWriter | null;
}

/**
 * Makes the rows once and writes each batch to every target: SQLite in this
 * thread, PostgreSQL in its server's backends, which write their batches
 * while this thread builds the next ones and writes them to SQLite. With no
 * target it only rebuilds the list of users (both databases were seeded
 * before with the same options). Returns the users, and the seconds each
 * target took.
 */
export async function seed(bank: QuestionBank, opts: SeedOptions, to: SeedTargets): Promise<Seeded & { seconds: { sqlite: number; pg: number; total: number } }> {
  const seeded: Seeded = { users: [], largestScope: 'slack:T0', scopeSizes: new Map() };
  const started = performance.now();
  let sqliteMs = 0;
  let pgStarted = 0;
  const inFlight: Promise<void>[] = [];
  for (const batch of seedBatches(bank, opts, seeded)) {
    if (to.pg) {
      if (inFlight.length >= to.pg.parallel) await inFlight.shift();
      pgStarted ||= performance.now();
      const p = to.pg.write(batch);
      // Handled when awaited above or below; no unhandled-rejection report meanwhile.
      p.catch(() => undefined);
      inFlight.push(p);
      // One turn of the event loop sends the statement; the server then writes it while this thread goes on.
      await new Promise((r) => setImmediate(r));
    }
    if (to.sqlite) {
      const t = performance.now();
      to.sqlite(batch);
      sqliteMs += performance.now() - t;
    }
  }
  await Promise.all(inFlight);
  const end = performance.now();
  return { ...seeded, seconds: { sqlite: sqliteMs / 1000, pg: pgStarted ? (end - pgStarted) / 1000 : 0, total: (end - started) / 1000 } };
}
