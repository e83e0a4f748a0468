/**
 * The slow path: when an answer is not ready within deferAfterMs the bot
 * defers (Discord shows "thinking…": callback type 5, or 6 for an in-place
 * update) and then edits the original response over the interaction webhook
 * (PATCH /webhooks/{app}/{token}/messages/@original).
 *
 * Forced two ways, neither depending on how fast the machine is: with
 * deferAfterMs = 0 every answer is deferred; with a window of 1 ms and the
 * core held until the test releases it, the window passes first.
 */
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboundPort } from '../../src/adapters/contract.js';
import { slashCommand } from '../fakes/discord-payloads.js';
import { alice, embedText, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deferAfterMs: 0 });
});
afterAll(async () => {
  await h?.stop();
});

const editOf = (harness: Harness, token: string, since: number) =>
  harness.fake.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`), since);

describe('deferred replies', () => {
  it('defers a public question (type 5, no flags), then edits in the card', async () => {
    const since = h.fake.calls.length;
    const { body, token } = await h.command(alice, 'aws', 'question', { topic: 'iam' });
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: {} });
    const edit = await editOf(h, token, since);
    expect(edit.path).toBe(`/webhooks/${h.fake.ids.applicationId}/${token}/messages/@original`);
    expect(edit.authorized).toBe(false);
    const data = edit.body as { embeds: { title: string }[]; flags?: number };
    expect(data.embeds[0]!.title).toBe('AWS interview question');
    expect(data.flags).toBeUndefined();
  });

  it('defers a private command ephemerally (type 5 with flags 64)', async () => {
    const since = h.fake.calls.length;
    const { body, token } = await h.command(alice, 'aws', 'streak');
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const edit = await editOf(h, token, since);
    expect(embedText((edit.body as { embeds: never[] }).embeds)).toContain('Your progress');
  });

  it('turns a public defer into a private follow-up when the answer is an error', async () => {
    const since = h.fake.calls.length;
    const { token } = await h.command(alice, 'aws', 'question', { topic: 'no-such-topic' });
    await h.fake.waitForCall((c) => c.method === 'DELETE' && c.path.endsWith(`/${token}/messages/@original`), since);
    const followUp = await h.fake.waitForCall((c) => c.method === 'POST' && c.path.endsWith(`/${token}`), since);
    const data = followUp.body as { flags: number; embeds: never[] };
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(embedText(data.embeds)).toContain('There is no topic "no-such-topic"');
  });

  it('defers a grade as a message update (type 6), then edits the private answer in place', async () => {
    const answer = h.fake.state.createMessage(h.fake.ids.channelId, { flags: MessageFlags.Ephemeral, embeds: [{ title: 'Answer', description: 'the answer' }] });
    const since = h.fake.calls.length;
    const { body, token } = await h.press(alice, 'grade:iam-roles:partly:d', answer);
    expect(body).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    const edit = await editOf(h, token, since);
    const text = embedText((edit.body as { embeds: never[] }).embeds);
    expect(text).toContain('iam-roles is a test answer');
    expect(text).toContain('1-day streak');
    expect(h.fake.state.messages.get(answer.id)!.components).toEqual([]);
  });
});

describe('the defer window', () => {
  let slow: Harness | undefined;
  let release: () => void = () => undefined;
  afterEach(async () => {
    release();
    await slow?.stop();
    slow = undefined;
  });

  /** The core waits for the test: its answer is late by construction, not by the machine's speed. */
  const held = (port: InboundPort): InboundPort => {
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { ...port, handle: async (event, opts) => (await gate, port.handle(event, opts)) };
  };

  it('defers once the window has passed with the core still working, then edits in the answer (inside the window it answers at once: e2e.test.ts)', async () => {
    slow = await startHarness({ deferAfterMs: 1, inbound: held });
    const since = slow.fake.calls.length;
    const payload = slashCommand(slow.fake.ids, alice, { id: slow.commandId('aws'), name: 'aws', subcommand: 'topics' });
    const sent = slow.send(payload);
    // The window passed while the core was held: "thinking…", privately (topics answers privately).
    const { body } = await sent;
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(slow.fake.calls.slice(since).some((c) => c.method === 'PATCH')).toBe(false);
    release();
    const edit = await editOf(slow, payload.token, since);
    expect(embedText((edit.body as { embeds: never[] }).embeds)).toContain('Networking');
  });
});
