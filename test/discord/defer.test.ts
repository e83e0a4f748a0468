/**
 * The slow path: when an answer is not ready in time the bot defers
 * (Discord shows "thinking…") and then edits the original response. Forced
 * here with deferAfterMs = 0 so it does not depend on timing.
 */
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, embedText, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deferAfterMs: 0 });
});
afterAll(async () => {
  await h?.stop();
});

const editOf = (id: string, since: number) => {
  const token = h.fake.state.interactions.get(id)!.token;
  return h.fake.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`), since);
};

describe('deferred replies', () => {
  it('defers a public question, then edits in the card', async () => {
    const since = h.fake.calls.length;
    const { body, id } = await h.command(alice, 'aws', 'question', { topic: 'iam' });
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 0 } });
    const edit = await editOf(id, since);
    const data = edit.body as { embeds: { title: string }[]; flags?: number };
    expect(data.embeds[0]!.title).toBe('AWS interview question');
    expect(data.flags).toBeUndefined();
  });

  it('defers a private command ephemerally', async () => {
    const since = h.fake.calls.length;
    const { body, id } = await h.command(alice, 'aws', 'streak');
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const edit = await editOf(id, since);
    expect(embedText((edit.body as { embeds: never[] }).embeds)).toContain('Your progress');
  });

  it('turns a public defer into a private follow-up when the answer is an error', async () => {
    const since = h.fake.calls.length;
    const { id } = await h.command(alice, 'aws', 'question', { topic: 'no-such-topic' });
    const token = h.fake.state.interactions.get(id)!.token;
    await h.fake.waitForCall((c) => c.method === 'DELETE' && c.path.endsWith(`/${token}/messages/@original`), since);
    const followUp = await h.fake.waitForCall((c) => c.method === 'POST' && c.path.endsWith(`/${token}`), since);
    const data = followUp.body as { flags: number; embeds: never[] };
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(embedText(data.embeds)).toContain('There is no topic "no-such-topic"');
  });

  it('defers a grade as a message update, then edits the private answer', async () => {
    const answer = h.fake.state.createMessage(h.fake.ids.channelId, { flags: MessageFlags.Ephemeral, embeds: [{ title: 'Answer', description: 'the answer' }] });
    const since = h.fake.calls.length;
    const { body, id } = await h.press(alice, 'grade:iam-roles:partly:d', answer);
    expect(body.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const edit = await editOf(id, since);
    const text = embedText((edit.body as { embeds: never[] }).embeds);
    expect(text).toContain('the answer');
    expect(text).toContain('1-day streak');
    expect(h.fake.state.messages.get(answer.id)!.components).toEqual([]);
  });
});
