/**
 * `docker run --env-file .env` with .env copied from .env.example must keep
 * the image's own settings: the database on the /data volume, production
 * logs, no console. The Dockerfile's ENV lines and .env.example are read as
 * Docker would combine them (the env file wins).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const ROOT = resolve(import.meta.dirname, '../..');

function imageEnv(): Record<string, string> {
  const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  const env = /ENV ([^]*?)\n(?!\s)/.exec(runtime)![1]!.replace(/\\\n/g, ' ');
  return Object.fromEntries([...env.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
}

function envFile(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(resolve(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('.env.example in the Docker image', () => {
  it('the image sets the database on /data, production and no console', () => {
    expect(imageEnv()).toMatchObject({ DATABASE_PATH: '/data/bot.sqlite', NODE_ENV: 'production', CONSOLE: 'off', OPS_HOST: '127.0.0.1' });
  });

  it('an .env copied from .env.example keeps them: the env file does not override them', () => {
    const config = loadConfig({ ...imageEnv(), ...envFile() });
    expect(config.DATABASE_PATH).toBe('/data/bot.sqlite');
    expect(config.NODE_ENV).toBe('production');
    expect(config.CONSOLE).toBe('off');
  });

  it('lists every variable the configuration reads', () => {
    const text = readFileSync(resolve(ROOT, '.env.example'), 'utf8');
    const schema = readFileSync(resolve(ROOT, 'src/config.ts'), 'utf8');
    const names = [...schema.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(text, name).toContain(name);
  });
});
