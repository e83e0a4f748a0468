/** src/app.ts starts the Discord bot when DISCORD_TOKEN + DISCORD_APPLICATION_ID are set, and stops it. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDiscordBot } from '../../src/adapters/discord/client.js';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeDiscord } from '../fakes/discord.js';
import { makeDeps } from '../support/core.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.stop();
});

it('connects to the gateway discovered from DISCORD_API_URL and disconnects on stop', async () => {
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.ids.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    CONSOLE: 'off',
    HEALTH_SERVER: 'off',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const deps = makeDeps();
  const running = await startApp({ config, deps, logger: deps.logger });
  expect(fake.gateway.identifies).toHaveLength(1);
  expect(fake.gateway.openConnections).toBe(1);
  await running.stop();
  await fake.gateway.allDisconnected();
  expect(fake.gateway.openConnections).toBe(0);
  expect(JSON.stringify(deps.logger.lines)).not.toContain(fake.token);
});

it('fails start-up with a clear message (and no token) when Discord rejects the token', async () => {
  const deps = makeDeps();
  const bot = createDiscordBot({ config: { DISCORD_TOKEN: 'wrong-token', DISCORD_API_URL: fake.apiUrl }, deps, logger: deps.logger });
  const failure = await bot.start().then(
    () => null,
    (err: Error) => err,
  );
  expect(failure?.message).toMatch(/Discord rejected DISCORD_TOKEN/);
  expect(failure?.message).not.toContain('wrong-token');
});
