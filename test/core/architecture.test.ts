import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@slack\/[^'"]*|discord\.js|@discordjs\/[^'"]*|better-sqlite3|node-cron|pino[^'"]*|prom-client|node:fs|node:http|node:net|node:child_process)['"]/g;

/** A relative import that climbs out of core into another layer. */
const OUTWARD = /from\s+['"](?:\.\.\/)+(store|adapters|ops|scheduler|infra|reminders|content)\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('src/core stays platform-agnostic', () => {
  const files = sourceFiles(join(import.meta.dirname, '../../src/core'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports no platform SDK, database, scheduler, logger or I/O module', () => {
    const leaks = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(FORBIDDEN)].map((m) => `${file.split('src/')[1]}: ${m[1]}`),
    );
    expect(leaks).toEqual([]);
  });

  it('imports nothing from the layers around it (store, adapters, ops, scheduler, infra)', () => {
    const leaks = files.filter((file) => OUTWARD.test(readFileSync(file, 'utf8'))).map((f) => f.split('src/')[1]);
    expect(leaks).toEqual([]);
  });

  it('the check itself catches a forbidden import', () => {
    expect("import { App } from '@slack/bolt';".match(FORBIDDEN)).not.toBeNull();
    expect("const D = require('better-sqlite3');".match(FORBIDDEN)).not.toBeNull();
    expect("await import('discord.js')".match(FORBIDDEN)).not.toBeNull();
    expect(OUTWARD.test("import { openDatabase } from '../../store/open.js';")).toBe(true);
    expect(OUTWARD.test("import { bold } from '../messages.js';")).toBe(false);
  });
});
