/** Shard count, start order and entry script, decided in the main process before any shard starts. */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { SHARD_FLAG } from '../../src/adapters/discord/names.js';
import { identifyBatches, planShards, shardEntry } from '../../src/adapters/discord/shard-plan.js';
import { FakeDiscord } from '../fakes/discord.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const restFor = (f: FakeDiscord, token = f.token) => new REST({ api: f.apiUrl, retries: 0 }).setToken(token);

describe('planShards', () => {
  it('auto takes Discord’s recommendation from GET /gateway/bot on DISCORD_API_URL', async () => {
    fake = await FakeDiscord.start({ recommendedShards: 3, maxConcurrency: 16 });
    expect(await planShards(restFor(fake), 'auto')).toEqual({ count: 3, maxConcurrency: 16 });
    expect(fake.calls.filter((c) => c.path === '/gateway/bot').map((c) => c.authorized)).toEqual([true]);
  });

  it('a number is taken as is, with the identify concurrency still from Discord', async () => {
    fake = await FakeDiscord.start({ recommendedShards: 3 });
    expect(await planShards(restFor(fake), '2')).toEqual({ count: 2, maxConcurrency: 1 });
  });

  it('refuses 0 shards', async () => {
    fake = await FakeDiscord.start();
    await expect(planShards(restFor(fake), '0')).rejects.toThrow(/DISCORD_SHARDS=0/);
  });

  it('a rejected token fails once, in the main process, with a clear message and no token', async () => {
    fake = await FakeDiscord.start();
    const failure = await planShards(restFor(fake, 'wrong-token'), 'auto').catch((err: Error) => err);
    expect((failure as Error).message).toMatch(/Discord rejected DISCORD_TOKEN \(401\)/);
    expect((failure as Error).message).not.toContain('wrong-token');
  });
});

describe('identifyBatches', () => {
  it('one shard at a time when Discord allows one identify per 5 s', () => {
    expect(identifyBatches(3, 1)).toEqual([[0], [1], [2]]);
  });

  it('runs of max_concurrency ids, whose rate-limit keys (id % max_concurrency) all differ', () => {
    const batches = identifyBatches(10, 4);
    expect(batches).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    for (const batch of batches) expect(new Set(batch.map((id) => id % 4)).size).toBe(batch.length);
  });

  it('everything at once when the concurrency covers every shard', () => {
    expect(identifyBatches(2, 16)).toEqual([[0, 1]]);
  });
});

describe('shardEntry: the bot’s own entry point, in its shard role', () => {
  it('from source: src/main.ts, run with tsx’s loader by absolute URL', () => {
    const entry = shardEntry(pathToFileURL('/repo/src/adapters/discord/shard-plan.ts').href);
    expect(entry.file).toBe('/repo/src/main.ts');
    expect(entry.execArgv[0]).toBe('--import');
    expect(entry.execArgv[1]).toMatch(/^file:\/\/.*\/tsx\//);
    expect(entry.args).toEqual([SHARD_FLAG]);
  });

  it('from the build: dist/main.js with plain node', () => {
    expect(shardEntry('file:///app/dist/adapters/discord/shard-plan.js')).toEqual({ file: '/app/dist/main.js', execArgv: [], args: ['--discord-shard'] });
  });

  it('the default points at a file that exists', () => {
    expect(existsSync(shardEntry().file)).toBe(true);
  });
});
