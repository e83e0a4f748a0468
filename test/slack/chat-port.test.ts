/**
 * SlackChatPort against the loopback fake, through the real WebClient: posts
 * (with a discussion thread), DMs, the bot's access to a channel, files for a
 * person, and diagrams. Slack error codes become typed PostOutcomes; a 429
 * with Retry-After is retried by the WebClient's own policy (Retry-After 0
 * here, so nothing waits).
 */
import { webApi } from '@slack/bolt';
import { beforeAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoltLoggerBridge } from '../../src/adapters/slack/bolt-logger.js';
import { mapSlackError, SlackChatPort } from '../../src/adapters/slack/chat-port.js';
import { NO_PICTURES, SlackPictureService } from '../../src/adapters/slack/pictures.js';
import { channelReply, diagram, link, paragraph } from '../../src/core/messages.js';
import { DiagramRenderer, diagramHash } from '../../src/diagrams/render.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { memoryLogger } from '../support/core.js';
import { loadDrawing } from '../../src/diagrams/render.js';

// Diagrams are drawn here, so the (lazily loaded) drawing libraries are needed.
beforeAll(loadDrawing);

let fake: FakeSlackApi;
let client: webApi.WebClient;
let port: SlackChatPort;
let logger: ReturnType<typeof memoryLogger>;
const reply = channelReply('Daily question: What is a VPC?', [paragraph('What is a ', link('VPC', 'https://docs.aws.amazon.com/vpc/'), '?')]);
const DIAGRAM = 'flowchart LR\n  U[Users] --> A[ALB]\n  A --> E[EC2]';
const withDiagram = channelReply('The answer', [paragraph('Traffic flows like this:'), diagram(DIAGRAM, 'Users to ALB to EC2')]);

function makePort(publicUrl?: string) {
  const clientFor = async () => client;
  const pictures = new SlackPictureService(new DiagramRenderer(), clientFor, logger, publicUrl);
  return new SlackChatPort(clientFor, pictures.resolve, logger);
}

beforeEach(async () => {
  fake = await FakeSlackApi.start();
  logger = memoryLogger();
  client = new webApi.WebClient('xoxb-test-token', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 },
    logger: new BoltLoggerBridge(memoryLogger()),
  });
  port = makePort();
});
afterEach(async () => {
  await fake.close();
});

describe('SlackChatPort.postToChannel', () => {
  it('posts rendered blocks with chat.postMessage, unfurls off, and returns the message ts', async () => {
    const outcome = await port.postToChannel('C0DAILY', reply);
    expect(outcome).toEqual({ ok: true, messageId: expect.stringMatching(/^\d+\.\d{6}$/) });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call!.body).toMatchObject({
      channel: 'C0DAILY',
      text: 'Daily question: What is a VPC?',
      unfurl_links: 'false',
      unfurl_media: 'false',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'What is a <https://docs.aws.amazon.com/vpc/|VPC>?' } }],
    });
    expect(call!.body.thread_ts).toBeUndefined();
  });

  it('opens a discussion thread: the invitation is the first reply, and the thread is the post’s ts', async () => {
    const outcome = await port.postToChannel('C0DAILY', reply, { openThread: { name: 'Daily question 10 Mar', invitation: 'Discuss your answer here 👇' } });
    expect(outcome.ok).toBe(true);
    const [post, invitation] = fake.callsTo('chat.postMessage');
    const ts = (outcome as { messageId: string }).messageId;
    expect(outcome).toEqual({ ok: true, messageId: ts, threadRef: ts });
    expect(post!.body.thread_ts).toBeUndefined();
    expect(invitation!.body).toMatchObject({ channel: 'C0DAILY', thread_ts: ts, text: 'Discuss your answer here 👇' });
  });

  it('posts into a thread with threadRef (the public reveal)', async () => {
    await port.postToChannel('C0DAILY', reply, { threadRef: '1760000001.000001' });
    expect(fake.callsTo('chat.postMessage')[0]!.body.thread_ts).toBe('1760000001.000001');
  });

  it('keeps the post when only the thread invitation fails', async () => {
    // The post goes through; the invitation in its thread is refused.
    fake.inject('chat.postMessage', { error: 'restricted_action' }, { skip: 1 });
    const outcome = await port.postToChannel('C0DAILY', reply, { openThread: { name: 't', invitation: 'Discuss here' } });
    expect(outcome.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(logger.lines.filter((l) => l.msg === 'could not post the thread invitation').map((l) => l.obj)).toEqual([{ channel: 'C0DAILY', reason: 'missing_permissions' }]);
  });

  it.each([
    ['channel_not_found', 'permanent', 'channel_not_found'],
    ['not_in_channel', 'permanent', 'no_access'],
    ['is_archived', 'permanent', 'archived'],
    ['invalid_auth', 'permanent', 'invalid_auth'],
    ['account_inactive', 'permanent', 'invalid_auth'],
    ['token_revoked', 'permanent', 'invalid_auth'],
    ['missing_scope', 'permanent', 'missing_permissions'],
    ['ratelimited', 'transient', 'rate_limited'],
    ['internal_error', 'transient', 'server_error'],
    ['something_new', 'transient', 'unknown'],
  ] as const)('maps %s to a %s %s outcome', async (error, kind, reason) => {
    fake.inject('chat.postMessage', { error }, { channel: 'C0BROKEN' });
    const outcome = await port.postToChannel('C0BROKEN', reply);
    expect(outcome).toMatchObject({ ok: false, kind, reason });
    expect(outcome.ok === false && outcome.detail).toContain(error);
  });

  it('only fails the channel the error was injected for', async () => {
    fake.inject('chat.postMessage', { error: 'not_in_channel' }, { channel: 'C0BROKEN' });
    expect((await port.postToChannel('C0FINE', reply)).ok).toBe(true);
    expect(await port.postToChannel('C0BROKEN', reply)).toMatchObject({ ok: false, reason: 'no_access' });
  });

  it('waits out a 429 with Retry-After through the WebClient and then succeeds', async () => {
    const rateLimited: number[] = [];
    client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    fake.inject('chat.postMessage', { status: 429, retryAfterSeconds: 0 });
    const outcome = await port.postToChannel('C0DAILY', reply);
    expect(outcome.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(rateLimited).toEqual([0]);
  });

  it('reports rate_limited when the retry policy gives up on 429s', async () => {
    fake.inject('chat.postMessage', { status: 429, retryAfterSeconds: 0 }, { times: 10 });
    expect(await port.postToChannel('C0DAILY', reply)).toMatchObject({ ok: false, kind: 'transient', reason: 'rate_limited' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('reports a transient server_error for HTTP 5xx', async () => {
    fake.inject('chat.postMessage', { status: 503 }, { times: 10 });
    expect(await port.postToChannel('C0DAILY', reply)).toMatchObject({ ok: false, kind: 'transient', reason: 'server_error' });
  });
});

describe('SlackChatPort.sendDirect', () => {
  it('opens a DM with conversations.open and posts there', async () => {
    const outcome = await port.sendDirect('slack:T0FAKE01:U0ALICE', reply);
    expect(outcome.ok).toBe(true);
    expect(fake.callsTo('conversations.open')[0]!.body.users).toBe('U0ALICE');
    expect(fake.callsTo('chat.postMessage')[0]!.body.channel).toBe('D0ALICE');
  });

  it('maps a missing im:write scope and refuses non-Slack users', async () => {
    fake.inject('conversations.open', { error: 'missing_scope' });
    expect(await port.sendDirect('slack:T0FAKE01:U0ALICE', reply)).toMatchObject({ ok: false, kind: 'permanent', reason: 'missing_permissions' });
    expect(await port.sendDirect('discord:123', reply)).toMatchObject({ ok: false, kind: 'permanent' });
  });
});

describe('SlackChatPort.checkAccess', () => {
  const needs = { threads: true, files: false };

  it('is ok in a channel the bot is a member of, and in a DM (which reports no membership)', async () => {
    expect(await port.checkAccess('C0DAILY', needs)).toEqual({ ok: true, missing: [] });
    expect(await port.checkAccess('D0ALICE', needs)).toEqual({ ok: true, missing: [] });
    expect(fake.callsTo('conversations.info').map((c) => c.body.channel)).toEqual(['C0DAILY', 'D0ALICE']);
  });

  it('names what is missing: not a member (with /invite), archived', async () => {
    fake.channels.set('C0OUT', { is_member: false });
    fake.channels.set('C0OLD', { is_archived: true });
    const out = await port.checkAccess('C0OUT', needs);
    expect(out.ok).toBe(false);
    expect(out.missing.join()).toContain('`/invite @aws-coach`');
    const old = await port.checkAccess('C0OLD', needs);
    expect(old).toEqual({ ok: false, missing: [expect.stringContaining('archived')] });
  });

  it('says the bot cannot see a channel Slack does not show it (channel_not_found)', async () => {
    fake.channels.set('C0HIDDEN', { exists: false });
    expect(await port.checkAccess('C0HIDDEN', needs)).toEqual({ ok: false, missing: [expect.stringContaining('cannot see this channel')] });
  });

  it('names the channels:read scope when the app lacks it', async () => {
    fake.inject('conversations.info', { error: 'missing_scope' });
    expect(await port.checkAccess('C0DAILY', needs)).toEqual({ ok: false, missing: [expect.stringContaining('channels:read')] });
  });

  it('does not block an admin when Slack itself failed to answer', async () => {
    fake.inject('conversations.info', { status: 503 }, { times: 10 });
    expect(await port.checkAccess('C0DAILY', needs)).toEqual({ ok: true, missing: [] });
    expect(logger.lines.some((l) => l.msg === 'conversations.info failed; access not checked')).toBe(true);
  });
});

describe('SlackChatPort.deliverFile', () => {
  const file = { filename: 'notes.md', content: '# Notes\n\nSecurity groups & NACLs <differ>.\n' };

  it('uploads to the person’s DM with files.uploadV2', async () => {
    const where = await port.deliverFile('slack:T0FAKE01:U0ALICE', file);
    expect(where).toBe('📎 notes.md is in your direct messages with the bot.');
    expect(fake.files).toEqual([{ id: expect.any(String), title: 'notes.md', channel: 'D0ALICE', filename: 'notes.md', bytes: Buffer.from(file.content) }]);
  });

  it('without files:write, posts it to the DM as a message instead', async () => {
    fake.filesWrite = false;
    const where = await port.deliverFile('slack:T0FAKE01:U0ALICE', file);
    expect(where).toContain('in 1 message (add the files:write scope');
    const [post] = fake.callsTo('chat.postMessage');
    expect(post!.body.channel).toBe('D0ALICE');
    expect(JSON.stringify(post!.body.blocks)).toContain('Security groups &amp; NACLs &lt;differ&gt;.');
  });

  it('says so when the upload fails for another reason, and sends nothing else', async () => {
    fake.inject('files.getUploadURLExternal', { error: 'internal_error' });
    const where = await port.deliverFile('slack:T0FAKE01:U0ALICE', file);
    expect(where).toMatch(/^The file could not be uploaded \(internal_error/);
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('says so when the DM cannot be opened', async () => {
    fake.inject('conversations.open', { error: 'user_disabled' });
    expect(await port.deliverFile('slack:T0FAKE01:U0GONE', file)).toContain('could not open a direct message to send notes.md');
    expect(fake.uploads).toEqual([]);
  });
});

describe('diagrams on Slack', () => {
  it('uploads each diagram once per workspace (files:write) and shows it as a slack_file image', async () => {
    await port.postToChannel('C0DAILY', withDiagram, { scope: 'slack:T0FAKE01' });
    await port.postToChannel('C0OTHER', withDiagram, { scope: 'slack:T0FAKE01' });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Uploaded without a channel: only the image blocks show it.
    expect(fake.files[0]!.channel).toBeNull();
    for (const post of fake.callsTo('chat.postMessage')) {
      expect(post.body.blocks).toContainEqual({ type: 'image', slack_file: { id: fake.uploads[0]!.fileId }, alt_text: 'Users to ALB to EC2' });
    }
  });

  it('links the picture from PUBLIC_URL instead of uploading, when set', async () => {
    port = makePort('https://bot.example.com/');
    await port.postToChannel('C0DAILY', withDiagram);
    expect(fake.uploads).toEqual([]);
    expect(fake.callsTo('chat.postMessage')[0]!.body.blocks).toContainEqual({
      type: 'image',
      image_url: `https://bot.example.com/diagrams/${diagramHash(DIAGRAM)}.png`,
      alt_text: 'Users to ALB to EC2',
    });
  });

  it('says how to enable pictures when neither is possible; the text still goes out', async () => {
    fake.filesWrite = false;
    const outcome = await port.postToChannel('C0DAILY', withDiagram);
    expect(outcome.ok).toBe(true);
    const blocks = JSON.stringify(fake.callsTo('chat.postMessage')[0]!.body.blocks);
    expect(blocks).toContain('Traffic flows like this:');
    expect(blocks).toContain(NO_PICTURES.slice(0, 40));
    expect(blocks).not.toContain('"type":"image"');
  });
});

describe('mapSlackError', () => {
  it('maps a request that never reached Slack to a transient outcome', () => {
    expect(mapSlackError({ code: 'slack_webapi_request_error', original: { name: 'TimeoutError' } })).toMatchObject({ kind: 'transient', reason: 'timeout' });
    expect(mapSlackError({ code: 'slack_webapi_request_error', original: { name: 'Error' } })).toMatchObject({ kind: 'transient', reason: 'server_error' });
    expect(mapSlackError({ code: 'slack_webapi_request_error', original: { message: 'A rate limit was exceeded (url: x, retry-after: 3)' } })).toMatchObject({ reason: 'rate_limited' });
    expect(mapSlackError(new Error('boom'))).toMatchObject({ kind: 'transient', reason: 'unknown' });
  });
});
