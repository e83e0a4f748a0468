/**
 * SlackChatPort against the loopback fake, through the real WebClient: Slack
 * error codes become typed PostOutcomes; a 429 with Retry-After is retried by
 * the WebClient's own policy (Retry-After 0 here, so nothing waits).
 */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoltLoggerBridge } from '../../src/adapters/slack/bolt-logger.js';
import { mapSlackError, SlackChatPort } from '../../src/adapters/slack/chat-port.js';
import { channelReply, paragraph, link } from '../../src/core/messages.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { memoryLogger } from '../support/core.js';

let fake: FakeSlackApi;
let client: webApi.WebClient;
let port: SlackChatPort;
const reply = channelReply('Daily question: What is a VPC?', [paragraph('What is a ', link('VPC', 'https://docs.aws.amazon.com/vpc/'), '?')]);

beforeEach(async () => {
  fake = await FakeSlackApi.start();
  client = new webApi.WebClient('xoxb-test-token', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 },
    logger: new BoltLoggerBridge(memoryLogger()),
  });
  port = new SlackChatPort(client, memoryLogger());
});
afterEach(async () => {
  await fake.close();
});

describe('SlackChatPort.postToChannel', () => {
  it('posts rendered blocks with chat.postMessage and returns the message ts', async () => {
    const outcome = await port.postToChannel('C0DAILY', reply);
    expect(outcome).toEqual({ ok: true, messageId: expect.stringMatching(/^\d+\.\d{6}$/) });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call!.body).toMatchObject({
      channel: 'C0DAILY',
      text: 'Daily question: What is a VPC?',
      unfurl_links: 'false',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'What is a <https://docs.aws.amazon.com/vpc/|VPC>?' } }],
    });
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

describe('mapSlackError', () => {
  it('maps a request that never reached Slack to a transient outcome', () => {
    expect(mapSlackError({ code: 'slack_webapi_request_error', original: { name: 'TimeoutError' } })).toMatchObject({ kind: 'transient', reason: 'timeout' });
    expect(mapSlackError({ code: 'slack_webapi_request_error', original: { name: 'Error' } })).toMatchObject({ kind: 'transient', reason: 'server_error' });
    expect(mapSlackError({ code: 'slack_webapi_request_error', original: { message: 'A rate limit was exceeded (url: x, retry-after: 3)' } })).toMatchObject({ reason: 'rate_limited' });
    expect(mapSlackError(new Error('boom'))).toMatchObject({ kind: 'transient', reason: 'unknown' });
  });
});
