import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/store/migrate.js';
import { MIGRATIONS_DIR, openDatabase } from '../../src/store/open.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'awsbot-'));

describe('migrations', () => {
  it('are numbered files applied in order and recorded once', () => {
    const dir = join(tmp(), 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '002_second.sql'), 'INSERT INTO log (v) VALUES (2);');
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE log (v INTEGER);');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const db = new Database(':memory:');
    expect(migrate(db, dir)).toEqual(['001_first.sql', '002_second.sql']);
    expect(migrate(db, dir)).toEqual([]);
    expect(db.prepare('SELECT v FROM log').all()).toEqual([{ v: 2 }]);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: '001_first.sql' },
      { version: 2, name: '002_second.sql' },
    ]);
  });

  it('a failing migration leaves nothing half-applied', () => {
    const dir = join(tmp(), 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE a (v INTEGER);');
    writeFileSync(join(dir, '002_bad.sql'), 'CREATE TABLE b (v INTEGER); INSERT INTO nope VALUES (1);');
    const db = new Database(':memory:');
    expect(() => migrate(db, dir)).toThrow(/no such table: nope/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 });
  });

  it('the real migrations are in a strictly increasing order', () => {
    const versions = readMigrations(MIGRATIONS_DIR).map((m) => m.version);
    expect(versions.length).toBeGreaterThan(0);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });
});

describe('openDatabase', () => {
  it('creates the folder, uses WAL and foreign keys', () => {
    const path = join(tmp(), 'nested', 'dir', 'bot.sqlite');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it.skipIf(process.getuid?.() === 0)('gives a clear error when the folder is not writable', () => {
    const dir = tmp();
    chmodSync(dir, 0o500);
    expect(() => openDatabase(join(dir, 'sub', 'bot.sqlite'))).toThrow(/DATABASE_PATH=.*cannot create or write/);
  });

  it('gives a clear error when the path is a file, not a folder', () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => openDatabase(join(file, 'bot.sqlite'))).toThrow(/DATABASE_PATH=.*cannot create or write the folder/);
  });

  it('a committed change survives a reopen (WAL)', () => {
    const path = join(tmp(), 'bot.sqlite');
    const db = openDatabase(path);
    db.prepare("INSERT INTO users (user_key, created_at) VALUES ('u', 'now')").run();
    db.close();
    expect(openDatabase(path).prepare('SELECT user_key FROM users').all()).toEqual([{ user_key: 'u' }]);
  });
});
