/**
 * `npm run bench -- leaderboard`: the leaderboard of one workspace with
 * 10,000 members, a third of them live, a third lapsed within the last few
 * days (the case that was quadratic: 3.0 s a call in the first edition), a
 * third long gone. Prints the uncached board (one indexed query with the
 * liveness filter and a row cap, then each person's streak judged in their
 * zone), the cached board, and the whole `leaderboard` command through the
 * core — on SQLite, and on PostgreSQL when DATABASE_URL is set.
 */
import { QuestionBank } from '../src/core/bank.js';
import { ChatPorts } from '../src/core/chat-ports.js';
import { BoardCache } from '../src/core/boards.js';
import { topStreaks } from '../src/core/usecases/leaderboard.js';
import type { CoreDeps } from '../src/core/context.js';
import { addDays } from '../src/core/dates.js';
import { handleEvent } from '../src/core/inbound/handle.js';
import { Limits } from '../src/core/limits.js';
import { PlatformRegistry } from '../src/core/ports/platform.js';
import type { Store } from '../src/core/ports/store.js';
import { TOPICS } from '../src/content/topics.js';
import { consoleInfo } from '../src/adapters/console/index.js';
import { silentLogger } from '../src/ops/logger.js';
import { openStore } from '../src/store/open.js';

const MEMBERS = 10_000;
const SCOPE = 'slack:T0BENCH';
const NOW = new Date('2026-03-10T12:00:00Z');
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const line = (what: string, xs: number[]) => process.stdout.write(`${what.padEnd(52)} p50 ${pct(xs, 50).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms  (n=${xs.length})\n`);

async function seed(store: Store): Promise<void> {
  const today = '2026-03-10';
  await store.transaction(async (tx) => {
    for (let i = 0; i < MEMBERS; i++) {
      const key = `slack:T0BENCH:U${String(i).padStart(6, '0')}`;
      await tx.people.touch(key, `member${i}`, NOW);
      if (i % 7 === 0) await tx.people.setTimezone(key, ZONES[i % ZONES.length]!);
      await tx.people.addMembership(SCOPE, key);
      // A third live (practised today or yesterday), a third lapsed 2–4 days ago, a third long gone.
      const band = i % 3;
      const lastDay = band === 0 ? addDays(today, -(i % 2)) : band === 1 ? addDays(today, -2 - (i % 3)) : addDays(today, -30 - (i % 200));
      const current = 1 + (i % 60);
      await tx.people.saveStreak(key, { current, longest: current + (i % 5), totalDays: current + (i % 40), lastDay, freezes: i % 3 }, NOW);
    }
  });
}

async function measure(engine: string, store: Store): Promise<void> {
  const t0 = process.hrtime.bigint();
  await seed(store);
  process.stdout.write(`${engine}: seeded ${MEMBERS} members in ${ms(t0).toFixed(0)} ms\n`);
  const platforms = new PlatformRegistry();
  platforms.register(consoleInfo);
  const clock = { now: () => new Date(NOW) };
  const deps: CoreDeps = {
    store,
    bank: new QuestionBank([], TOPICS, 'bench'),
    clock,
    logger: silentLogger,
    platforms,
    defaultZone: 'UTC',
    chat: new ChatPorts(),
    limits: new Limits({ commandsPerMinute: 0, publicCooldownSeconds: 0 }, clock),
    boards: new BoardCache(),
  };
  const board = await topStreaks(deps, SCOPE, 10, true);
  if (board.length !== 10) throw new Error(`expected a full board, got ${board.length}`);
  const uncached: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = process.hrtime.bigint();
    await topStreaks(deps, SCOPE, 10, true);
    uncached.push(ms(t));
  }
  const cached: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = process.hrtime.bigint();
    await topStreaks(deps, SCOPE, 10);
    cached.push(ms(t));
  }
  const command: number[] = [];
  for (let i = 0; i < 200; i++) {
    deps.boards.clear();
    const t = process.hrtime.bigint();
    const out = await handleEvent(
      { kind: 'command', platform: 'console', actor: { userKey: `slack:T0BENCH:U${String(i).padStart(6, '0')}`, displayName: null }, place: { scope: SCOPE, channelKey: 'slack:C0BENCH', channelRef: 'C0BENCH' }, text: 'leaderboard' },
      deps,
    );
    command.push(ms(t));
    if (out.status !== 'ok') throw new Error(out.reply.fallbackText);
  }
  line(`${engine}: board of ${MEMBERS}, uncached`, uncached);
  line(`${engine}: board of ${MEMBERS}, cached (per workspace, 45 s)`, cached);
  line(`${engine}: \`leaderboard\` command, uncached, through the core`, command);
}

const sqlite = await openStore({ DATABASE_PATH: ':memory:' } as never, silentLogger);
await measure('sqlite', sqlite.store);
await sqlite.close();
if (process.env.DATABASE_URL) {
  const pg = await openStore({ DATABASE_URL: process.env.DATABASE_URL, DATABASE_POOL_SIZE: 4 } as never, silentLogger);
  await measure('postgres', pg.store);
  await pg.close();
} else process.stdout.write('postgres: skipped (set DATABASE_URL to an empty database to measure it)\n');
process.stdout.write('First edition, same shape: 3.0 s per call at 10,000 members (issue 21).\n');
