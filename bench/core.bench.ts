/**
 * Core handler latency at scale: a file database (temp dir) seeded with
 * 100,000 users, 1,000,000 grades and 1,000,000 FSRS review cards, then the
 * handlers `question`, `answer`, grade (plain and in a review), `streak`,
 * `leaderboard` (a typical workspace and the largest one) and `review`,
 * called through the real dispatch (handleText / handleAction) on the real
 * SqliteStore, each for random users. Reports p50 / p99 / max, the database
 * size and RSS, and the query plans of the hot queries.
 *
 * Targets: p99 ≤ 2 ms per handler; leaderboard ≤ 10 ms.
 *
 * Wall-clock percentiles include whatever else the machine runs; the CPU
 * columns (this process's user + system time per call) show the handler's
 * own cost when the box is shared.
 *
 *   npm run bench -- core
 *   CORE_USERS=20000 CORE_GRADES=200000 npm run bench -- core     (quick)
 *   CORE_DB=/tmp/core.sqlite npm run bench -- core    (keep the seeded file and reuse it next time)
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeAction } from '../src/core/actions.js';
import type { QuestionBank } from '../src/core/bank.js';
import type { CommandContext, CoreDeps } from '../src/core/context.js';
import { handleAction, handleText, type Handled } from '../src/core/dispatch.js';
import { endOfLocalDay } from '../src/core/learning/fsrs.js';
import { loadBank } from '../src/content/loader.js';
import { silentLogger } from '../src/infra/logger.js';
import { openDatabase } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { fixtureBank } from '../test/support/core.js';
import { seed, type SeededUser } from './support/core-seed.js';

const USERS = Number(process.env.CORE_USERS ?? 100_000);
const GRADES = Number(process.env.CORE_GRADES ?? 1_000_000);
const ITERATIONS = Number(process.env.CORE_ITERATIONS ?? 3_000);
const NOW = new Date('2026-03-10T12:00:00Z');
const TARGET_MS = 2;
const LEADERBOARD_TARGET_MS = 10;

function bankOrFixture(): QuestionBank {
  try {
    return loadBank();
  } catch (err) {
    process.stdout.write(`(question bank did not load: ${(err as Error).message.split('\n')[0]}; using the test fixture)\n`);
    return fixtureBank();
  }
}

const keep = process.env.CORE_DB;
const dir = keep ? null : mkdtempSync(join(tmpdir(), 'core-bench-'));
const path = keep ?? join(dir!, 'bench.sqlite');
const bank = bankOrFixture();

const reuse = keep !== undefined && existsSync(keep);
const seedDb = openDatabase(path);
// Seeding is deterministic: a reused file holds the same rows, so only the list of users is rebuilt.
const seeded = seed(seedDb, bank, { users: USERS, grades: GRADES, largestScope: Math.round(USERS / 10), scopes: 2_000, now: NOW, dryRun: reuse });
seedDb.pragma('wal_checkpoint(TRUNCATE)');
seedDb.close();

// Reopened, as after a restart: measured on a cold connection, not the seeder's.
const db = openDatabase(path);
const store = new SqliteStore(db);
let tick = 0;
// Each call a millisecond later, so grades and picks are distinct instants on the same day.
const deps: CoreDeps = { store, bank, clock: { now: () => new Date(NOW.getTime() + tick++) }, logger: silentLogger };

const ctxFor = (u: SeededUser): CommandContext => ({
  platform: u.userKey.startsWith('discord:') ? 'discord' : 'slack',
  actor: { userKey: u.userKey, displayName: null, isAdmin: async () => false },
  scope: u.scope,
  channelKey: `${u.scope}:C1`,
  channelRef: 'C1',
  deps,
});

let seedState = 12345;
const random = () => ((seedState = (Math.imul(seedState, 1103515245) + 12345) >>> 0) / 2 ** 32);
const randomUser = () => seeded.users[Math.floor(random() * seeded.users.length)]!;

interface Row {
  name: string;
  p50: number;
  p99: number;
  max: number;
  cpuP50: number;
  cpuP99: number;
  target: number;
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(name: string, target: number, call: (i: number) => Promise<Handled>): Promise<Row> {
  for (let i = 0; i < 200; i++) await call(i); // warm-up: JIT and statement caches
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    const handled = await call(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (handled.outcome === 'error') throw new Error(`${name} failed: ${handled.reply.fallbackText}`);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { name, p50: pct(ms, 0.5), p99: pct(ms, 0.99), max: ms[ms.length - 1]!, cpuP50: pct(cpu, 0.5), cpuP99: pct(cpu, 0.99), target };
}

const shown: SeededUser[] = Array.from({ length: ITERATIONS + 200 }, randomUser);
const rows: Row[] = [];
rows.push(await measure('question', TARGET_MS, (i) => handleText('question', ctxFor(shown[i]!))));
rows.push(await measure('answer', TARGET_MS, (i) => handleText('answer', ctxFor(shown[i]!))));
rows.push(
  await measure('grade', TARGET_MS, () => handleAction(gradeAction(bank.questions[Math.floor(random() * bank.size)]!.id, 'knew'), ctxFor(randomUser()))),
);
rows.push(
  await measure('grade in a review (+ next due)', TARGET_MS, () => {
    const u = randomUser();
    const [due] = store.dueReviews(u.userKey, endOfLocalDay(NOW, u.zone), 1);
    const id = due?.questionId ?? bank.questions[0]!.id;
    return handleAction(gradeAction(id, 'partly', 'r'), ctxFor(u));
  }),
);
rows.push(await measure('streak', TARGET_MS, () => handleText('streak', ctxFor(randomUser()))));
rows.push(await measure('review', TARGET_MS, () => handleText('review', ctxFor(randomUser()))));
rows.push(await measure('leaderboard (a user’s workspace)', LEADERBOARD_TARGET_MS, () => handleText('leaderboard', ctxFor(randomUser()))));
const largest = seeded.users.find((u) => u.scope === seeded.largestScope)!;
rows.push(await measure(`leaderboard (largest: ${seeded.scopeSizes.get(seeded.largestScope)} users)`, LEADERBOARD_TARGET_MS, () => handleText('leaderboard', ctxFor(largest))));

const counts = db.prepare('SELECT (SELECT COUNT(*) FROM users) u, (SELECT COUNT(*) FROM attempts) a, (SELECT COUNT(*) FROM review_cards) c, (SELECT COUNT(DISTINCT scope) FROM memberships) s').get() as Record<string, number>;
const size = (p: string) => {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const f = (n: number) => n.toFixed(3).padStart(8);
const out = process.stdout;
out.write(`seeded ${counts.u} users in ${counts.s} workspaces/servers, ${counts.a} grades, ${counts.c} review cards in ${seeded.seconds.toFixed(1)} s; ${bank.size} questions; ${ITERATIONS} calls each\n\n`);
out.write(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs\n`);
out.write(`${'handler (wall ms unless cpu)'.padEnd(44)}     p50      p99      max  cpu p50  cpu p99   target\n`);
let missed = 0;
for (const r of rows) {
  const ok = r.p99 <= r.target;
  if (!ok) missed++;
  out.write(`${r.name.padEnd(44)}${f(r.p50)} ${f(r.p99)} ${f(r.max)} ${f(r.cpuP50)} ${f(r.cpuP99)}   p99 ≤ ${r.target} ms ${ok ? 'ok' : 'MISSED'}\n`);
}
out.write(`\ndatabase ${mb(size(path) + size(`${path}-wal`))} (main ${mb(size(path))}, wal ${mb(size(`${path}-wal`))})\n`);
out.write(`RSS now ${mb(process.memoryUsage().rss)}, peak ${mb(process.resourceUsage().maxRSS * 1024)}\n`);

if (process.env.CORE_PLANS !== '0') {
  out.write('\nquery plans (EXPLAIN QUERY PLAN):\n');
  const plans: [string, string, unknown[]][] = [
    ['due reviews', 'SELECT question_id, due FROM review_cards WHERE user_key = ? AND due < ? ORDER BY due, question_id LIMIT 10', ['u', 0]],
    ['count due', 'SELECT COUNT(*) FROM review_cards WHERE user_key = ? AND due < ?', ['u', 0]],
    ['practised days', 'SELECT DISTINCT local_date FROM attempts WHERE user_key = ? AND local_date >= ? ORDER BY local_date', ['u', '']],
    ['grades by question', 'SELECT question_id, grade, COUNT(*) AS n FROM attempts WHERE user_key = ? GROUP BY question_id, grade', ['u']],
  ];
  for (const [name, sql, args] of plans) {
    const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((s) => s.detail);
    out.write(`  ${name}: ${steps.join(' | ')}\n`);
  }
}

db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
if (missed > 0) out.write(`\n${missed} target(s) missed\n`);
