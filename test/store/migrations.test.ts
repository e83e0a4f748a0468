import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, readMigrations } from '../../src/store/migrate.js';
import { POSTGRES_MIGRATIONS_DIR } from '../../src/store/postgres/open.js';
import { DatabaseOpenError, migrate, openDatabase } from '../../src/store/sqlite/open.js';

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

  it('are applied in numeric order, not file-name order (0100 after 020)', () => {
    const dir = join(tmp(), 'migrations');
    mkdirSync(dir);
    // By name these sort exactly backwards (01000 < 0100_ < 020); each needs the one before it.
    const files: [string, string][] = [
      ['020_a.sql', 'CREATE TABLE log (v INTEGER);'],
      ['0100_b.sql', 'ALTER TABLE log ADD COLUMN b INTEGER;'],
      ['01000_c.sql', 'ALTER TABLE log ADD COLUMN c INTEGER;'],
      ['010000_d.sql', 'CREATE INDEX log_c ON log (c);'],
      ['0100000_e.sql', 'INSERT INTO log (v, b, c) VALUES (1, 2, 3);'],
    ];
    for (const [name, sql] of files) writeFileSync(join(dir, name), sql);
    expect([...readdirSync(dir)].sort()).toEqual(files.map(([n]) => n).reverse());
    expect(readMigrations(dir).map((m) => [m.version, m.name])).toEqual([
      [20, '020_a.sql'],
      [100, '0100_b.sql'],
      [1000, '01000_c.sql'],
      [10000, '010000_d.sql'],
      [100000, '0100000_e.sql'],
    ]);
    const db = new Database(':memory:');
    expect(migrate(db, dir)).toEqual(files.map(([n]) => n));
    expect(db.prepare('SELECT v, b, c FROM log').all()).toEqual([{ v: 1, b: 2, c: 3 }]);
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

  it('SQLite and PostgreSQL have a migration for the same version numbers', () => {
    const numbers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => Number(/^(\d+)_/.exec(f)?.[1])).sort((a, b) => a - b);
    const sqlite = numbers(MIGRATIONS_DIR);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite.every(Number.isInteger)).toBe(true);
    expect(POSTGRES_MIGRATIONS_DIR).toBe(join(MIGRATIONS_DIR, 'postgres'));
    expect(numbers(POSTGRES_MIGRATIONS_DIR)).toEqual(sqlite);
  });
});

/** Opens `path` in a fresh process (a hang cannot block the test run) and reports the error it got. */
function openInChild(path: string): { errors: { name: string; message: string }[]; status: number | null; timedOut: boolean } {
  const code = `
    import { openDatabase } from ${JSON.stringify(join(import.meta.dirname, '../../src/store/sqlite/open.ts'))};
    const errors = [];
    try { openDatabase(${JSON.stringify(path)}); } catch (err) { errors.push({ name: err.constructor.name, message: err.message }); }
    process.stdout.write(JSON.stringify(errors));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 10_000 });
  return { errors: r.stdout ? JSON.parse(r.stdout) : [], status: r.status, timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' };
}

describe('openDatabase', () => {
  it('creates the folder, uses WAL and foreign keys', () => {
    const path = join(tmp(), 'nested', 'dir', 'bot.sqlite');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('gives a clear error when the folder cannot be created (also as root: it would sit below a file)', () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    const path = join(file, 'x', 'bot.sqlite');
    expect(() => openDatabase(path)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(path)).toThrow(`DATABASE_PATH=${path}: ${file} is not a folder`);
  });

  it('gives a clear error when the path is a file, not a folder', () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => openDatabase(join(file, 'bot.sqlite'))).toThrow(/^DATABASE_PATH=.*a-file is not a folder\. Set DATABASE_PATH to a writable file path/);
  });

  it('DATABASE_PATH=/proc/nope/x.sqlite: one clear error naming DATABASE_PATH, without hanging', () => {
    const r = openInChild('/proc/nope/x.sqlite');
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(0);
    expect(r.errors).toEqual([{ name: 'DatabaseOpenError', message: expect.stringMatching(/^DATABASE_PATH=\/proc\/nope\/x\.sqlite: cannot create the folder \/proc\/nope/) }]);
  });

  it('a file that is not SQLite: one clear error naming DATABASE_PATH, without hanging', () => {
    const path = join(tmp(), 'notes.sqlite');
    writeFileSync(path, 'These are my notes, not a database. '.repeat(200));
    const r = openInChild(path);
    expect(r.timedOut).toBe(false);
    expect(r.errors).toEqual([{ name: 'DatabaseOpenError', message: `DATABASE_PATH=${path}: the file is not a SQLite database (is it the right file?). Set DATABASE_PATH to a writable file path (in the Docker image: /data/bot.sqlite on a volume writable by uid 1000).` }]);
    // And in this process, the same error class.
    expect(() => openDatabase(path)).toThrow(DatabaseOpenError);
  });

  it('a committed change survives a reopen (WAL)', () => {
    const path = join(tmp(), 'bot.sqlite');
    const db = openDatabase(path);
    db.prepare("INSERT INTO users (user_key, created_at) VALUES ('u', 'now')").run();
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT user_key FROM users').all()).toEqual([{ user_key: 'u' }]);
    again.close();
  });
});
