/** compose() starts the Discord bot when DISCORD_TOKEN + DISCORD_APPLICATION_ID are set, answers through it, and stops it. */
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDiscordBot } from '../../src/adapters/discord/transport.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { createOps } from '../../src/ops/ops.js';
import { FakeDiscord } from '../fakes/discord.js';
import { slashCommand, snowflake } from '../fakes/discord-payloads.js';
import { makeDeps } from '../support/core.js';
import { carol } from './harness.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.stop();
});

it('connects to the gateway discovered from DISCORD_API_URL, answers with the Discord directory, and disconnects on stop', async () => {
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
  const running = await compose({
    config,
    store: deps.store,
    bank: deps.bank,
    clock: deps.clock,
    logger: deps.logger,
    ops: createOps(deps.logger),
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    schedule: () => ({ stop() {}, destroy() {} }),
  });
  expect(fake.gateway.identifies).toHaveLength(1);
  expect(fake.gateway.openConnections).toBe(1);
  // Manage Channels in a guild that installed the bot: the Discord directory says admin, and the chat port checked the channel.
  const interaction = slashCommand(fake.ids, carol, { id: snowflake(), name: 'aws-admin', subcommand: 'subscribe', options: { time: '09:00', timezone: 'UTC' } });
  const since = fake.calls.length;
  fake.sendInteraction(interaction);
  const callback = await fake.callbackOf(interaction.id, since);
  expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  expect((callback.data as { flags: number }).flags).toBe(MessageFlags.Ephemeral);
  expect(JSON.stringify(callback.data)).toContain('This channel gets a daily question at 09:00 UTC');
  expect(fake.calls.slice(since).some((c) => c.method === 'GET' && c.path === `/channels/${fake.ids.channelId}`)).toBe(true);
  expect(deps.logger.lines.find((l) => (l.obj as { command?: string }).command === 'subscribe' && 'ms' in l.obj)?.obj).toMatchObject({ platform: 'discord', outcome: 'ok' });

  await running.stop();
  await fake.gateway.allDisconnected();
  expect(fake.gateway.openConnections).toBe(0);
  expect(JSON.stringify(deps.logger.lines)).not.toContain(fake.token);
});

it('fails start-up with a clear message (and no token) when Discord rejects the token', async () => {
  const deps = makeDeps();
  const bot = createDiscordBot({
    config: { DISCORD_TOKEN: 'wrong-token', DISCORD_API_URL: fake.apiUrl },
    inbound: createInbound(deps),
    logger: deps.logger,
    diagrams: new DiagramRenderer(),
    clock: deps.clock,
  });
  const failure = await bot.start().then(
    () => null,
    (err: Error) => err,
  );
  expect(failure?.message).toMatch(/Discord rejected DISCORD_TOKEN/);
  expect(failure?.message).not.toContain('wrong-token');
});
