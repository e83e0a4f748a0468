/**
 * DiscordChatPort against the loopback fake with the real REST client:
 * Discord's error codes become typed outcomes, a missing Embed Links
 * permission is reported (and the question still gets through as text), and
 * a 429 is waited out by the library's own queue.
 */
import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DiscordChatPort } from '../../src/adapters/discord/chat-port.js';
import { questionCard } from '../../src/core/cards.js';
import { channelReply, heading, paragraph } from '../../src/core/messages.js';
import { FakeDiscord } from '../fakes/discord.js';
import { fixtureBank, memoryLogger } from '../support/core.js';

let fake: FakeDiscord;
const bank = fixtureBank();
const card = questionCard(bank, bank.get('iam-roles')!, { title: 'Daily AWS question', visibility: 'channel', source: 'd' });
const embedOnly = channelReply('Weekly summary', [heading('Weekly summary'), paragraph('Five of you practised every day.')]);
const MESSAGES = /^\/channels\/\d+\/messages$/;

beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.stop();
});
afterEach(() => fake.withoutEmbedLinks.clear());

function makePort(opts: { timeout?: number } = {}) {
  // retries: 0 keeps failures fast; the 429 queue does not count as a retry.
  const rest = new REST({ api: fake.apiUrl, retries: 0, timeout: opts.timeout ?? 15_000 }).setToken(fake.token);
  const logger = memoryLogger();
  return { port: new DiscordChatPort(rest, logger), logger };
}

describe('postToChannel', () => {
  it('posts the embed with a Reveal button', async () => {
    const { port } = makePort();
    const outcome = await port.postToChannel(fake.ids.channelId, card);
    expect(outcome.ok).toBe(true);
    const posted = fake.state.messages.get((outcome as { messageId: string }).messageId)!;
    expect(posted.embeds[0]).toMatchObject({ title: 'Daily AWS question', description: '**What is iam-roles?**' });
    expect(posted.components).toEqual([{ type: 1, components: [{ type: 2, style: 1, custom_id: 'reveal:iam-roles:d', label: 'Reveal answer' }] }]);
  });

  it('sends the idempotency key as an enforced nonce, so a re-send after a crash returns the first message', async () => {
    const { port } = makePort();
    const before = fake.state.messages.size;
    const first = await port.postToChannel(fake.ids.channelId, card, { idempotencyKey: 'daily-7-20260310' });
    const again = await port.postToChannel(fake.ids.channelId, card, { idempotencyKey: 'daily-7-20260310' });
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    expect(fake.state.messages.size).toBe(before + 1);
    const body = fake.calls.filter((c) => c.method === 'POST' && MESSAGES.test(c.path)).at(-1)!.body;
    expect(body).toMatchObject({ nonce: 'daily-7-20260310', enforce_nonce: true });
  });

  it.each([
    [403, 50001, 'Missing Access', 'no_access', /View Channel, Send Messages and Embed Links/],
    [404, 10003, 'Unknown Channel', 'channel_not_found', /no longer exists/],
  ])('maps %i / %i %s to a permanent %s', async (status, code, message, reason, detail) => {
    const { port, logger } = makePort();
    fake.discordErrorNext(MESSAGES, status, code, message);
    const outcome = await port.postToChannel(fake.ids.channelId, card);
    expect(outcome).toMatchObject({ ok: false, kind: 'permanent', reason });
    expect((outcome as { detail: string }).detail).toMatch(detail);
    expect(JSON.stringify(logger.lines)).not.toContain(fake.token);
  });

  it('maps 50013 Missing Permissions to a permanent missing_permissions when even plain text is refused', async () => {
    const { port } = makePort();
    fake.failNext({ method: 'POST', path: MESSAGES, status: 403, body: { code: 50013, message: 'Missing Permissions' }, times: 2 });
    const outcome = await port.postToChannel(fake.ids.channelId, embedOnly);
    expect(outcome).toMatchObject({ ok: false, kind: 'permanent', reason: 'missing_permissions' });
    expect((outcome as { detail: string }).detail).toContain('Send Messages');
  });

  it('reports a missing Embed Links permission when Discord silently drops the embed, and adds the text', async () => {
    const { port } = makePort();
    fake.withoutEmbedLinks.add(fake.ids.channelId);
    const since = fake.calls.length;
    const outcome = await port.postToChannel(fake.ids.channelId, card);
    expect(outcome).toMatchObject({ ok: false, kind: 'permanent', reason: 'missing_permissions' });
    expect((outcome as { detail: string }).detail).toMatch(/Grant Embed Links/);
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(c.path), since);
    expect((edit.body as { content: string }).content).toContain('**What is iam-roles?**');
  });

  it('reports a missing Embed Links permission when an embed-only post is refused, posting plain text instead', async () => {
    const { port } = makePort();
    fake.withoutEmbedLinks.add(fake.ids.channelId);
    const since = fake.calls.length;
    const outcome = await port.postToChannel(fake.ids.channelId, embedOnly);
    expect(outcome).toMatchObject({ ok: false, kind: 'permanent', reason: 'missing_permissions' });
    expect((outcome as { detail: string }).detail).toMatch(/Embed Links/);
    const posts = fake.calls.slice(since).filter((c) => c.method === 'POST' && MESSAGES.test(c.path));
    expect(posts.map((c) => c.status)).toEqual([403, 200]);
    expect((posts[1]!.body as { content: string }).content).toBe('**Weekly summary**\n\nFive of you practised every day.');
  });

  it('waits out a global 429 (Retry-After) in the library queue, then succeeds', async () => {
    const { port } = makePort();
    fake.rateLimitNext(MESSAGES, { retryAfterSeconds: 0.05, global: true });
    const since = fake.calls.length;
    const outcome = await port.postToChannel(fake.ids.channelId, card);
    expect(outcome.ok).toBe(true);
    const posts = fake.calls.slice(since).filter((c) => MESSAGES.test(c.path));
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(50);
  });

  it('maps 5xx to a transient server_error and a hung request to a transient timeout', async () => {
    const { port } = makePort({ timeout: 200 });
    fake.failNext({ path: MESSAGES, status: 502, body: { message: 'Bad Gateway' } });
    expect(await port.postToChannel(fake.ids.channelId, card)).toMatchObject({ ok: false, kind: 'transient', reason: 'server_error' });
    fake.failNext({ path: MESSAGES, status: 0, hang: true });
    expect(await port.postToChannel(fake.ids.channelId, card)).toMatchObject({ ok: false, kind: 'transient', reason: 'timeout' });
  });

  it('maps a rejected token (401) to a permanent invalid_auth, also for the next post', async () => {
    const { port } = makePort();
    fake.failNext({ path: MESSAGES, status: 401, body: { code: 0, message: '401: Unauthorized' } });
    expect(await port.postToChannel(fake.ids.channelId, card)).toMatchObject({ ok: false, kind: 'permanent', reason: 'invalid_auth' });
    expect(await port.postToChannel(fake.ids.channelId, card)).toMatchObject({ ok: false, kind: 'permanent', reason: 'invalid_auth' });
  });

  it('refuses a channel reference that is not a Discord id without calling Discord', async () => {
    const { port } = makePort();
    const since = fake.calls.length;
    expect(await port.postToChannel('C0123ABC', card)).toMatchObject({ ok: false, kind: 'permanent', reason: 'channel_not_found' });
    expect(fake.calls.length).toBe(since);
  });
});

describe('sendDirect', () => {
  it('opens a DM channel and posts there', async () => {
    const { port } = makePort();
    const since = fake.calls.length;
    const outcome = await port.sendDirect('discord:610000000000000001', card);
    expect(outcome.ok).toBe(true);
    const [open, post] = fake.calls.slice(since);
    expect(open).toMatchObject({ method: 'POST', path: '/users/@me/channels', body: { recipient_id: '610000000000000001' } });
    expect(post!.path).toMatch(MESSAGES);
  });

  it('maps 50007 Cannot send messages to this user to a permanent no_access', async () => {
    const { port } = makePort();
    fake.discordErrorNext(MESSAGES, 403, 50007, 'Cannot send messages to this user');
    expect(await port.sendDirect('discord:610000000000000001', card)).toMatchObject({ ok: false, kind: 'permanent', reason: 'no_access' });
  });

  it('refuses a user key from another platform', async () => {
    const { port } = makePort();
    expect(await port.sendDirect('slack:T1:U1', card)).toMatchObject({ ok: false, kind: 'permanent', reason: 'no_access' });
  });
});
