/**
 * The WAL checkpointer (store/sqlite/checkpointer.ts): a worker thread with its
 * own connection copies committed pages from the WAL into the database file,
 * so the WAL stays about one burst of writes long instead of growing until
 * the main connection's (now much larger) automatic checkpoint.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/store/sqlite/checkpointer.js';
import { openDatabase } from '../../src/store/sqlite/open.js';

const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROUNDS = 4;
const ROWS_PER_ROUND = 3_000;
let nextUser = 0;

/** One burst of writes: a few hundred KB of new pages, far below any automatic checkpoint. */
function writeRound(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO users (user_key, display_name, created_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS_PER_ROUND; i++) insert.run(`console:u${nextUser++}`, 'x'.repeat(150), '2026-03-10T12:00:00.000Z');
  })();
}

const walSize = (path: string) => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

/**
 * How far checkpoints got, from the WAL index (the -shm file; layout in
 * https://www.sqlite.org/walformat.html): mxFrame, the last valid frame in
 * the WAL (offset 16), and nBackfill, how many frames have been copied into
 * the database file (offset 96). Both native-endian 32-bit.
 */
function walProgress(path: string): { frames: number; backfilled: number } {
  const shm = readFileSync(`${path}-shm`);
  const u32 = (offset: number) => (endianness() === 'LE' ? shm.readUInt32LE(offset) : shm.readUInt32BE(offset));
  return { frames: u32(16), backfilled: u32(96) };
}

function allCheckpointed(path: string): boolean {
  const { frames, backfilled } = walProgress(path);
  return frames > 0 && backfilled === frames;
}

/** Waits (for the worker's I/O, not for time) until every frame is checkpointed; generous for a busy machine. */
async function untilCheckpointed(path: string): Promise<boolean> {
  for (let i = 0; i < 1_000; i++) {
    if (allCheckpointed(path)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

describe('WAL checkpoints in a worker', () => {
  it('without it, the WAL keeps every burst (the premise)', () => {
    const path = join(dir, 'control.sqlite');
    const db = openDatabase(path);
    writeRound(db);
    const oneRound = walSize(path);
    for (let r = 1; r < ROUNDS; r++) writeRound(db);
    expect(walProgress(path).backfilled).toBe(0);
    expect(walProgress(path).frames).toBeGreaterThan(0);
    expect(walSize(path)).toBeGreaterThan(oneRound * 2.5);
    db.close();
  });

  it('moves committed pages into the database file and keeps the WAL about one burst long', async () => {
    const path = join(dir, 'bot.sqlite');
    const db = openDatabase(path);
    const checkpointer = startCheckpointer(db, { intervalMs: 20 });
    // The main connection's own automatic checkpoint is only a backstop now.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const fileBefore = statSync(path).size;

    writeRound(db);
    const oneRound = walSize(path);
    expect(oneRound).toBeGreaterThan(300_000);
    expect(await untilCheckpointed(path)).toBe(true);
    for (let r = 1; r < ROUNDS; r++) {
      writeRound(db);
      expect(await untilCheckpointed(path)).toBe(true);
    }

    // Everything reached the database file; the WAL was reused instead of growing.
    expect(statSync(path).size).toBeGreaterThan(fileBefore + ROUNDS * 400_000);
    expect(walSize(path)).toBeLessThan(oneRound * 1.5);
    expect(db.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: ROUNDS * ROWS_PER_ROUND });
    await checkpointer.stop();
    db.close();
  });

  it('stop() closes the worker and its connection: the last close then removes the WAL', async () => {
    // The premise: while another connection is open, closing ours leaves the WAL file behind.
    const premise = join(dir, 'premise.sqlite');
    const a = openDatabase(premise);
    const b = new Database(premise);
    b.prepare('SELECT COUNT(*) FROM users').get();
    writeRound(a);
    a.close();
    expect(existsSync(`${premise}-wal`)).toBe(true);
    b.close();
    expect(existsSync(`${premise}-wal`)).toBe(false);

    const path = join(dir, 'stopped.sqlite');
    const db = openDatabase(path);
    const checkpointer = startCheckpointer(db, { intervalMs: 20 });
    writeRound(db);
    expect(await untilCheckpointed(path)).toBe(true); // the worker's connection is open and working
    await checkpointer.stop();
    writeRound(db);
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 2 * ROWS_PER_ROUND });
    reopened.close();
  });

  it('is a no-op for an in-memory database: no worker, the automatic checkpoint untouched', async () => {
    const db = openDatabase(':memory:');
    const before = db.pragma('wal_autocheckpoint', { simple: true });
    const checkpointer = startCheckpointer(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(before);
    expect(before).not.toBe(10_000);
    await checkpointer.stop();
    db.close();
  });
});
