import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/store/checkpointer.js';
import { openDatabase } from '../../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WAL checkpoints in a worker', () => {
  it('moves committed pages into the database file without the main connection checkpointing', async () => {
    const path = join(dir, 'bot.sqlite');
    const db = openDatabase(path);
    const checkpointer = startCheckpointer(db, { intervalMs: 20 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000); // only a backstop now
    const before = statSync(path).size;
    const insert = db.prepare('INSERT INTO users (user_key, display_name, created_at) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 5_000; i++) insert.run(`console:u${i}`, 'x'.repeat(100), new Date().toISOString());
    })();
    // Far below the backstop: without the worker the rows would stay in the WAL file.
    // Generous: starting a worker and loading the driver can take seconds on a busy machine.
    for (let i = 0; i < 500 && statSync(path).size === before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(path).size).toBeGreaterThan(before + 500_000);
    await checkpointer.stop();
    expect(db.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 5_000 });
    db.close();
  });

  it('is a no-op for an in-memory database', async () => {
    const db = openDatabase(':memory:');
    const checkpointer = startCheckpointer(db);
    await checkpointer.stop();
    db.close();
  });
});
