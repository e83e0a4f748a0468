/**
 * The durable inbox on Discord: an interaction written to the inbox and
 * deferred ("thinking…"), whose processing never ran (the process died), is
 * finished by the next process's recover(): the effect once, and the answer
 * edited into the deferred message while the interaction token still works
 * (15 minutes).
 */
import { InteractionResponseType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundPort } from '../../src/adapters/contract.js';
import { createDiscordBot } from '../../src/adapters/discord/transport.js';
import { INTERACTION_TOKEN_TTL_MS } from '../../src/adapters/discord/interactions.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { buttonPress } from '../fakes/discord-payloads.js';
import { alice, embedText, startHarness, type Harness } from './harness.js';

/** Accepts (the inbox write happens in the adapter) but never processes: what a crash leaves behind. */
const neverProcess = (port: InboundPort): InboundPort => ({ ...port, handle: () => new Promise(() => {}) });

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function crashAfterDeferring(harness: Harness) {
  const answer = harness.fake.state.createMessage(harness.fake.ids.channelId, { flags: 64 });
  const payload = buttonPress(harness.fake.ids, alice, 'grade:vpc-basics:knew:d', answer);
  const { body } = await harness.send(payload);
  expect(body.type).toBe(InteractionResponseType.DeferredMessageUpdate);
  expect(await harness.deps.store.practice.countAttempts('discord:610000000000000001')).toBe(0);
  await harness.bot.stop();
  return { payload, answer };
}

/** A second bot on the same store, as after a restart (its own gateway session). */
async function restart(harness: Harness) {
  const bot = createDiscordBot({
    config: { DISCORD_TOKEN: harness.fake.token, DISCORD_API_URL: harness.fake.apiUrl },
    inbound: createInbound(harness.deps),
    logger: harness.deps.logger,
    diagrams: new DiagramRenderer(),
    clock: harness.deps.clock,
    rest: { retries: 0 },
  });
  await bot.start();
  return bot;
}

describe('Discord durable inbox: recover() after a crash', () => {
  it('applies an accepted, deferred grade once and edits the answer into the deferred message', async () => {
    h = await startHarness({ deferAfterMs: 0, inbound: neverProcess });
    const { payload, answer } = await crashAfterDeferring(h);
    h.deps.clock.advance(5 * 60_000);
    const bot = await restart(h);
    try {
      const since = h.fake.calls.length;
      expect(await bot.recover()).toEqual({ finished: 1, replied: 1 });
      const edit = h.fake.calls.slice(since).find((c) => c.method === 'PATCH' && c.path.endsWith(`/${payload.token}/messages/@original`))!;
      expect(embedText((edit.body as { embeds: never[] }).embeds)).toContain('1-day streak');
      expect(h.fake.state.messages.get(answer.id)!.components).toEqual([]);
      expect(await h.deps.store.practice.countAttempts('discord:610000000000000001')).toBe(1);
      expect(await bot.recover()).toEqual({ finished: 0, replied: 0 });
    } finally {
      await bot.stop();
    }
  });

  it('applies the effect but does not reply once the interaction token has expired', async () => {
    h = await startHarness({ deferAfterMs: 0, inbound: neverProcess });
    await crashAfterDeferring(h);
    h.deps.clock.advance(INTERACTION_TOKEN_TTL_MS + 60_000);
    const bot = await restart(h);
    try {
      const since = h.fake.calls.length;
      expect(await bot.recover()).toEqual({ finished: 1, replied: 0 });
      expect(h.fake.calls.slice(since).filter((c) => c.path.startsWith('/webhooks/'))).toEqual([]);
      expect(await h.deps.store.practice.countAttempts('discord:610000000000000001')).toBe(1);
    } finally {
      await bot.stop();
    }
  });
});
