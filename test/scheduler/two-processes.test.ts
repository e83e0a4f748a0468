/**
 * Two schedulers triggered at the same minute on one SQLite file: one post per
 * subscription. Once as two real processes racing, once as two instances on
 * two connections in one process (deterministic interleaving at every await).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DailyPoster } from '../../src/scheduler/daily-poster.js';
import { openDatabase } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ChatSink, SinkChatPort } from '../fakes/chat-sink.js';
import { FakeClock, fixtureBank, memoryLogger } from '../support/core.js';
import { runChild } from './support/child.js';
import { subscribeMany, tempDbPath } from './support/harness.js';

const NOW = '2026-03-10T09:00:00Z';
let sink: ChatSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('two schedulers, one database, same minute', () => {
  it('two processes: one post per subscription', async () => {
    const dbPath = tempDbPath();
    const db = openDatabase(dbPath);
    subscribeMany(new SqliteStore(db), 60);
    sink = await ChatSink.start(); // no de-duplication: any double claim would show as a second message
    const cfg = { dbPath, sinkUrl: sink.url, now: NOW, concurrency: 8 };
    const [a, b] = await Promise.all([runChild(cfg).exited, runChild(cfg).exited]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.summary!.sent + b.summary!.sent).toBe(60);
    expect(sink.messages).toHaveLength(60);
    expect([...sink.countsByKey().values()].every((n) => n === 1)).toBe(true);
    expect(db.prepare("SELECT COUNT(*) AS n FROM posts WHERE state = 'sent'").get()).toEqual({ n: 60 });
    db.close();
  });

  it('two instances on two connections: one post per subscription', async () => {
    const dbPath = tempDbPath();
    const instance = (name: string) => {
      const store = new SqliteStore(openDatabase(dbPath));
      const deps = { store, bank: fixtureBank(), clock: new FakeClock(new Date(NOW)), logger: memoryLogger() };
      return { store, poster: new DailyPoster({ deps, posts: store, ports: [new SinkChatPort(sink!.url)], instanceId: name }) };
    };
    sink = await ChatSink.start();
    const a = instance('a');
    const b = instance('b');
    subscribeMany(a.store, 50);
    const [ra, rb] = await Promise.all([a.poster.runDue(new Date(NOW)), b.poster.runDue(new Date(NOW))]);
    expect(ra.sent + rb.sent).toBe(50);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(sink.messages).toHaveLength(50);
    expect([...sink.countsByKey().values()].every((n) => n === 1)).toBe(true);
    const owners = a.store.db.prepare('SELECT DISTINCT claimed_by FROM posts ORDER BY 1').all();
    expect(owners).toEqual([{ claimed_by: 'a' }, { claimed_by: 'b' }]);
  });
});
