/**
 * Seeds a database for bench/core.bench.ts: USERS users spread over a
 * realistic number of workspaces / servers (one large one, a long tail of
 * small ones), GRADES self-grades and as many FSRS review cards, with
 * streaks computed by the real streak rules.
 *
 * Straight SQL through prepared statements in large transactions: going
 * through the use cases would take minutes and measure nothing new. The
 * shapes are the ones the store writes (see src/store/sqlite/*), and every card is
 * exactly what ts-fsrs returns for a first grade (cards are shifted copies of
 * one FSRS result per grade: with short-term steps off, a first grade's
 * schedule does not depend on the day it is given).
 */
import type Database from 'better-sqlite3';
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
  /** Rebuild the user list only (the file was seeded before with the same options). */
  dryRun?: boolean;
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
  seconds: number;
}

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

export function seed(db: Database.Database, bank: QuestionBank, opts: SeedOptions): Seeded {
  const started = performance.now();
  const rand = prng(7);
  const ids = bank.questions.map((q) => q.id);
  const today = localDate(opts.now, 'UTC');
  // A dry run makes the same random choices (so the same users) and writes nothing.
  const prep = (sql: string): { run(...params: unknown[]): unknown } => (opts.dryRun ? { run: () => undefined } : db.prepare(sql));
  const insertUser = prep('INSERT INTO users (user_key, display_name, timezone, remind, created_at) VALUES (?, ?, ?, ?, ?)');
  // With the copy of the streak the leaderboard reads (008_leaderboard.sql) and its liveness (010: alive_until).
  const insertMembership = prep(
    'INSERT OR IGNORE INTO memberships (scope, user_key, current, total_days, last_day, freezes, alive_until) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  // identity_key: which linked identity graded (010); here always the learner itself.
  const insertAttempt = prep(
    'INSERT INTO attempts (user_key, identity_key, question_id, local_date, grade, scope, channel_key, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertStreak = prep(
    'INSERT INTO streaks (user_key, current, longest, total_days, last_day, freezes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCard = prep(
    `INSERT INTO review_cards (user_key, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
       learning_steps, reps, lapses, state, last_review)
     VALUES (@userKey, @questionId, @due, @stability, @difficulty, @elapsed_days, @scheduled_days,
       @learning_steps, @reps, @lapses, @state, @last_review)`,
  );
  const template = Object.fromEntries(GRADES.map((g) => [g, nextCard(null, g, opts.now)])) as Record<Grade, ReturnType<typeof nextCard>>;

  // Workspaces: the largest one, then a Zipf-like tail (a few mid-size, many small).
  const largestScope = 'slack:T0';
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
  const users: SeededUser[] = [];
  const scopeSizes = new Map<string, number>();
  const batch = 5_000;
  for (let start = 0; start < opts.users; start += batch) {
    db.transaction(() => {
      for (let u = start; u < Math.min(opts.users, start + batch); u++) {
        const n = tailScope();
        const discord = u % 4 === 3; // a quarter on Discord, where a user can be in several servers
        const scope = u < opts.largestScope ? largestScope : discord ? `discord:G${n}` : `slack:T${n}`;
        const userKey = discord && u >= opts.largestScope ? `discord:1${String(u).padStart(17, '0')}` : `${scope}:U${u}`;
        const zone = ZONES[u % ZONES.length]!;
        insertUser.run(userKey, `user ${u}`, zone, rand() < 0.1 ? 1 : 0, opts.now.toISOString());
        const scopes = discord && u >= opts.largestScope && rand() < 0.3 ? [scope, `discord:G${tailScope()}`] : [scope];
        for (const sc of scopes) scopeSizes.set(sc, (scopeSizes.get(sc) ?? 0) + 1);
        users.push({ userKey, scope, zone });

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
          insertAttempt.run(userKey, userKey, qid, days[k], g, scope, `${scope}:C1`, at.toISOString());
          const shift = at.getTime() - opts.now.getTime();
          const t = template[g];
          insertCard.run({
            userKey,
            questionId: qid,
            ...cardToRow({ ...t, due: new Date(t.due.getTime() + shift), last_review: new Date(t.last_review!.getTime() + shift) }),
          });
          streak = practise(streak, days[k]!).state;
        }
        insertStreak.run(userKey, streak.current, streak.longest, streak.totalDays, streak.lastDay, streak.freezes, opts.now.toISOString());
        for (const sc of scopes) insertMembership.run(sc, userKey, streak.current, streak.totalDays, streak.lastDay, streak.freezes, aliveUntil(streak));
      }
    }).immediate();
  }
  return { users, largestScope, scopeSizes, seconds: (performance.now() - started) / 1000 };
}
