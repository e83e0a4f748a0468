/**
 * DiscordChatPort against the loopback fake with the real REST client:
 * Discord's error codes become typed outcomes, a missing Embed Links
 * permission is reported (and the question still gets through as text), and
 * a 429 is waited out by the library's own queue.
 */
import { PermissionFlagsBits, REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DiscordChatPort } from '../../src/adapters/discord/chat-port.js';
import { discordPictures } from '../../src/adapters/discord/transport.js';
import { questionCard } from '../../src/core/cards.js';
import { channelReply, diagram, heading, paragraph } from '../../src/core/messages.js';
import { DiagramRenderer, diagramHash } from '../../src/diagrams/render.js';
import { FakeDiscord } from '../fakes/discord.js';
import { fixtureBank, memoryLogger } from '../support/core.js';
import { loadDrawing } from '../../src/diagrams/render.js';

// Diagrams are drawn here, so the (lazily loaded) drawing libraries are needed.
beforeAll(loadDrawing);

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
afterEach(() => {
  fake.withoutEmbedLinks.clear();
  fake.overwrites.clear();
});

function makePort(opts: { timeout?: number } = {}) {
  // retries: 0 keeps failures fast; the 429 queue does not count as a retry.
  const rest = new REST({ api: fake.apiUrl, retries: 0, timeout: opts.timeout ?? 15_000 }).setToken(fake.token);
  const logger = memoryLogger();
  return { port: new DiscordChatPort(rest, logger, discordPictures(new DiagramRenderer())), logger };
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
    [403, 50001, 'Missing Access', 'no_access', /View Channel, Send Messages, Embed Links/],
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

describe('threads', () => {
  it('opens a public thread on the post (a day to auto-archive) with the invitation as its first message', async () => {
    const { port } = makePort();
    const since = fake.calls.length;
    const outcome = await port.postToChannel(fake.ids.channelId, card, { openThread: { name: `Discuss: ${'a long question '.repeat(10)}`, invitation: 'Answer here, then press *Reveal answer*.' } });
    const thread = fake.threads.at(-1)!;
    expect(outcome).toEqual({ ok: true, messageId: thread.messageId, threadRef: thread.id });
    expect(thread.parentId).toBe(fake.ids.channelId);
    expect(thread.name.length).toBeLessThanOrEqual(100);
    expect(thread.autoArchiveDuration).toBe(1440);
    const invitation = fake.calls.slice(since).find((c) => c.method === 'POST' && c.path === `/channels/${thread.id}/messages`)!;
    expect(invitation.body).toEqual({ content: 'Answer here, then press **Reveal answer**.', allowed_mentions: { parse: [] } });
  });

  it('posts into the thread with threadRef (the public reveal)', async () => {
    const { port } = makePort();
    const threadId = '333333333333333333';
    const since = fake.calls.length;
    expect((await port.postToChannel(fake.ids.channelId, card, { threadRef: threadId })).ok).toBe(true);
    expect(fake.calls.slice(since).map((c) => c.path)).toEqual([`/channels/${threadId}/messages`]);
  });

  it('keeps the post when the thread cannot be opened (no Create Public Threads)', async () => {
    const { port, logger } = makePort();
    fake.discordErrorNext(/\/threads$/, 403, 50013, 'Missing Permissions');
    const outcome = await port.postToChannel(fake.ids.channelId, card, { openThread: { name: 'Discuss', invitation: 'Here' } });
    expect(outcome).toEqual({ ok: true, messageId: expect.any(String) });
    expect(logger.lines.some((l) => l.msg === 'could not open the discussion thread')).toBe(true);
  });
});

describe('diagrams', () => {
  it('attaches each diagram as a PNG and shows it as the embed image', async () => {
    const { port } = makePort();
    const source = 'flowchart LR\n  U[Users] --> A[ALB]';
    const since = fake.calls.length;
    const outcome = await port.postToChannel(fake.ids.channelId, channelReply('The answer', [heading('The answer'), paragraph('Like this:'), diagram(source, 'Users to ALB')]));
    expect(outcome.ok).toBe(true);
    const post = fake.calls.slice(since).find((c) => c.method === 'POST' && MESSAGES.test(c.path))!;
    const name = `diagram-${diagramHash(source)}.png`;
    expect(post.files?.map((f) => [f.name, f.contentType])).toEqual([[name, 'image/png']]);
    expect((post.body as { embeds: { image?: { url: string } }[] }).embeds.some((e) => e.image?.url === `attachment://${name}`)).toBe(true);
  });
});

describe('checkAccess', () => {
  const needs = { threads: true, files: false };

  it('is ok where the bot’s role grants everything a daily post needs', async () => {
    const { port } = makePort();
    expect(await port.checkAccess(fake.ids.channelId, needs)).toEqual({ ok: true, missing: [] });
  });

  it('names each missing permission, from the channel’s overwrites', async () => {
    const { port } = makePort();
    fake.denyBot(fake.ids.channelId, PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.SendMessagesInThreads);
    const access = await port.checkAccess(fake.ids.channelId, needs);
    expect(access.ok).toBe(false);
    expect(access.missing.map((m) => m.split(' (')[0])).toEqual(['Embed Links', 'Send Messages in Threads']);
  });

  it('does not ask for thread permissions when no thread is wanted', async () => {
    const { port } = makePort();
    fake.denyBot(fake.ids.channelId, PermissionFlagsBits.CreatePublicThreads);
    expect(await port.checkAccess(fake.ids.channelId, { threads: false, files: false })).toEqual({ ok: true, missing: [] });
  });

  it('says the bot cannot see a channel Discord does not show it', async () => {
    const { port } = makePort();
    expect(await port.checkAccess('399999999999999999', needs)).toEqual({ ok: false, missing: [expect.stringContaining('View Channel')] });
  });

  it('does not block an admin when Discord fails to answer', async () => {
    const { port, logger } = makePort();
    fake.failNext({ method: 'GET', path: /^\/channels\/\d+$/, status: 502, body: { message: 'Bad Gateway' } });
    expect(await port.checkAccess(fake.ids.channelId, needs)).toEqual({ ok: true, missing: [] });
    expect(logger.lines.some((l) => l.msg === 'could not check the bot’s permissions; not blocking')).toBe(true);
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
