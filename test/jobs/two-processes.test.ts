/**
 * Two job runners triggered at the same minute on one SQLite file, posting
 * through the real Slack port to the loopback Slack fake (which, like Slack,
 * does not de-duplicate: any double claim would show as a second message):
 * one message per subscription. Once as two real processes racing on one
 * SQLite file, once as two replicas on one PostgreSQL database.
 *
 * (Two SQLite connections inside one process cannot share the write lock:
 * better-sqlite3's busy wait blocks the very event loop the other
 * connection's open transaction needs. Production never does that — one
 * process, one connection — so the in-process race runs on PostgreSQL.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreDeps } from '../../src/core/context.js';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { silentLogger } from '../../src/ops/logger.js';
import { openPostgres } from '../../src/store/postgres/open.js';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { makeDeps, memoryLogger } from '../support/core.js';
import { freshDatabase } from '../support/postgres.js';
import { runChild } from './support/child.js';
import { subscribeMany, tempDbPath } from './support/harness.js';
import { startRig, type PlatformRig } from './support/platforms.js';

const NOW = '2026-03-10T09:00:00Z';
let rig: PlatformRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const perChannel = (r: PlatformRig) => {
  const counts = new Map<string, number>();
  for (const p of r.accepted()) counts.set(p.channel, (counts.get(p.channel) ?? 0) + 1);
  return counts;
};

describe('two job runners, one database, same minute', () => {
  // Two child processes under tsx take a few seconds to start on a busy machine.
  it('two processes: one message per subscription', { timeout: 60_000 }, async () => {
    const dbPath = tempDbPath();
    const db = openDatabase(dbPath);
    rig = await startRig('slack', memoryLogger());
    const subs = await subscribeMany(new SqliteStore(db), 60, { platform: 'slack', scope: rig.scope }, rig.channelName);
    const cfg = { dbPath, endpoint: rig.endpoint, now: NOW, concurrency: 8 };
    const [a, b] = await Promise.all([runChild({ ...cfg, instanceId: 'a' }).exited, runChild({ ...cfg, instanceId: 'b' }).exited]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.summary!.sent + b.summary!.sent).toBe(60);
    const counts = perChannel(rig);
    expect([...counts.keys()].sort()).toEqual(subs.map((s) => s.channelRef).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(db.prepare("SELECT COUNT(*) AS n FROM posts WHERE state = 'sent'").get()).toEqual({ n: 60 });
    db.close();
  });

  it('two replicas on one PostgreSQL database (a pool each): one message per subscription', async () => {
    const url = await freshDatabase();
    rig = await startRig('slack', memoryLogger());
    const replica = async (name: string) => {
      const opened = await openPostgres(url, 4, silentLogger);
      const deps: CoreDeps = { ...makeDeps({ now: NOW }), store: opened.store };
      deps.chat.add(rig!.port);
      return { opened, deps, deliveries: new Deliveries({ deps, instanceId: name, concurrency: 4 }) };
    };
    const a = await replica('a');
    const b = await replica('b');
    try {
      await subscribeMany(a.deps.store, 50, { platform: 'slack', scope: rig.scope }, rig.channelName);
      const [ra, rb] = await Promise.all([a.deliveries.runDue(new Date(NOW)), b.deliveries.runDue(new Date(NOW))]);
      expect(ra.sent + rb.sent).toBe(50);
      // Both did part of the work: the claims were contended, not merely taken in turn.
      expect(ra.sent).toBeGreaterThan(0);
      expect(rb.sent).toBeGreaterThan(0);
      const counts = perChannel(rig);
      expect(counts.size).toBe(50);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const posts = await b.deps.store.channels.postsSince('2026-03-10');
      expect(posts.filter((p) => p.state === 'sent')).toHaveLength(50);
      expect(new Set(posts.map((p) => p.claimedBy))).toEqual(new Set(['a', 'b']));
    } finally {
      await a.opened.close();
      await b.opened.close();
    }
  });
});
