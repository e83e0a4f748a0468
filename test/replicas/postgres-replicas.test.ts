/**
 * Several replicas on one PostgreSQL: every daily post goes out exactly once
 * while the replicas split the work, a replica killed mid fan-out leaves
 * nothing unsent (its claims are taken over after their lease), and a grade
 * made through one replica is seen by the next command on another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { openPostgres } from '../../src/store/postgres/open.js';
import { silentLogger } from '../../src/ops/logger.js';
import { freshDatabase } from '../support/postgres.js';
import { makeDeps, press, run, type TestDeps } from '../support/core.js';
import { startFakeDiscord, type FakeDiscord } from './support/fake-discord.js';

const ROOT = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
let fake: FakeDiscord | null = null;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await fake?.close();
  fake = null;
});

async function seed(url: string, n: number): Promise<void> {
  const opened = await openPostgres(url, 4, silentLogger);
  for (let i = 0; i < n; i++) {
    const channel = String(100_000_000_000_000_000n + BigInt(i));
    await opened.store.channels.upsertSubscription(
      { platform: 'discord', scope: 'discord:1', channelKey: `discord:1:${channel}`, channelRef: channel, time: '09:00', timezone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], topics: [], level: null, createdBy: 'discord:admin', thread: false, revealAfterHours: null, digest: null },
      new Date('2026-01-01T00:00:00Z'),
    );
  }
  await opened.close();
}

function replica(name: string, url: string, discord: string, extra: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'test/replicas/support/replica.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, DISCORD_API_URL: discord, BASE_TIME: '2026-03-10T09:00:30Z', INSTANCE: name, ...extra },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const total = (f: FakeDiscord) => [...f.messages.values()].reduce((a, b) => a + b, 0);

describe('replicas on one PostgreSQL', () => {
  it('200 subscriptions due at one minute, two replicas: each posted exactly once, the work split between them', async () => {
    const url = await freshDatabase();
    await seed(url, 200);
    fake = await startFakeDiscord(5);
    const sent: Record<string, number> = { a: 0, b: 0 };
    for (const name of ['a', 'b']) {
      replica(name, url, fake.url).stdout!.on('data', (c: Buffer) => {
        for (const line of c.toString().split('\n').filter(Boolean)) sent[name]! += (JSON.parse(line) as { sent: number }).sent;
      });
    }
    const f = fake;
    await until(() => f.messages.size === 200, 'every channel to get its post');
    // A few more ticks: nothing is posted twice.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(f.messages.size).toBe(200);
    expect([...f.messages.values()].every((n) => n === 1)).toBe(true);
    expect(sent.a! + sent.b!).toBe(200);
    expect(sent.a).toBeGreaterThan(0);
    expect(sent.b).toBeGreaterThan(0);
  }, 90_000);

  it('a replica killed mid fan-out: the other finishes after the lease, 0 duplicates, 0 missing', async () => {
    const url = await freshDatabase();
    await seed(url, 200);
    // Slow posts, so the kill lands with claims in flight.
    fake = await startFakeDiscord(60);
    const f = fake;
    const a = replica('a', url, f.url, { CONCURRENCY: '16' });
    await until(() => total(f) >= 40, 'replica a to be posting');
    a.kill('SIGKILL');
    const killedAt = total(f);
    replica('b', url, f.url, { CONCURRENCY: '16' });
    await until(() => f.messages.size === 200, 'replica b to post the rest, a’s orphaned claims included', 90_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(killedAt).toBeLessThan(200);
    expect(f.messages.size).toBe(200);
    // Discord's enforced nonce makes a re-send of a post a killed replica had sent a no-op; people see each once.
    expect([...f.messages.values()].filter((n) => n !== 1)).toEqual([]);
  }, 120_000);

  it('a grade made through one replica is seen by the next command on the other', async () => {
    const url = await freshDatabase();
    const one = await openPostgres(url, 4, silentLogger);
    const two = await openPostgres(url, 4, silentLogger);
    try {
      const viaOne: TestDeps = { ...makeDeps(), store: one.store as never };
      const viaTwo: TestDeps = { ...makeDeps(), store: two.store as never };
      await press(viaOne, gradeAction('vpc-basics', 'knew'));
      const streak = await run(viaTwo, 'streak');
      expect(streak.reply.fallbackText).toContain('1-day streak');
    } finally {
      await one.close();
      await two.close();
    }
  });
});
