/**
 * Socket Mode end to end: the real Bolt App (createSlackTransport with
 * SLACK_APP_TOKEN) gets its WebSocket URL from the fake's
 * apps.connections.open, connects over loopback, receives envelopes,
 * acknowledges them on the socket and answers through response_url.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { slackInfo } from '../../src/adapters/slack/index.js';
import { createSlackTransport, type SlackRunning } from '../../src/adapters/slack/transport.js';
import { loadConfig } from '../../src/config.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { blockActionsPayload, newTriggerId } from '../fakes/slack-requests.js';
import { makeDeps, tableCounts } from '../support/core.js';
import { buttonsOf, textOf } from './harness.js';

let fake: FakeSlackApi | undefined;
let slack: SlackRunning | undefined;
afterEach(async () => {
  await slack?.stop();
  await fake?.close();
  slack = undefined;
  fake = undefined;
});

async function startSocketApp() {
  fake = await FakeSlackApi.start();
  const deps = makeDeps();
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-1-test-token', SLACK_API_URL: fake.apiUrl });
  slack = createSlackTransport({
    config,
    inbound: createInbound(deps),
    logger: deps.logger,
    diagrams: new DiagramRenderer(),
    clock: deps.clock,
    retryConfig: webApi.retryPolicies.rapidRetryPolicy,
  });
  deps.platforms.register(slackInfo, slack.directory);
  deps.chat.add(slack.chatPort);
  expect(slack.mode).toBe('socket');
  const started = await slack.start();
  expect(started.port).toBeNull();
  await fake.socket.waitForConnection();
  return { fake, deps };
}

function slashCommandPayload(text: string, user: string, responseUrl: string): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: 'T0FAKE01',
    team_domain: 'fake',
    channel_id: 'C0PRACTICE',
    channel_name: 'aws-practice',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/aws',
    text,
    api_app_id: 'A0FAKE01',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: newTriggerId(),
  };
}

describe('Slack Socket Mode', () => {
  it('connects through apps.connections.open with the app-level token', async () => {
    const { fake } = await startSocketApp();
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    expect(fake.socket.issued).toBe(1);
    expect(fake.socket.connections).toBe(1);
    // Health follows the WebSocket: up once Slack says hello, down after stop.
    for (let i = 0; i < 200 && !slack!.connected(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(slack!.connected()).toBe(true);
    await slack!.stop();
    expect(slack!.connected()).toBe(false);
  });

  it('acks a slash_commands envelope on the socket, then responds through response_url', async () => {
    const { fake, deps } = await startSocketApp();
    const ack = await fake.socket.send('slash_commands', slashCommandPayload('question iam', 'U0ALICE', fake.responseUrl('sq')));
    expect(ack.envelope_id).toMatch(/[0-9a-f-]{36}/);
    const [reply] = await fake.waitFor(() => fake.respondsTo('sq'));
    expect(reply!.body.response_type).toBe('in_channel');
    const [reveal] = buttonsOf(reply!.body);
    expect(reveal!.action_id).toMatch(/^reveal:iam-/);
    // Socket Mode is durable too: accepted into the inbox before the ack, done with its effect.
    expect(deps.store.db.prepare('SELECT state FROM inbox').pluck().all()).toEqual(['done']);
  });

  it('handles the Reveal and grade clicks as interactive envelopes', async () => {
    const { fake, deps } = await startSocketApp();
    await fake.socket.send('slash_commands', slashCommandPayload('question storage', 'U0ALICE', fake.responseUrl('q')));
    const [question] = await fake.waitFor(() => fake.respondsTo('q'));
    const revealId = buttonsOf(question!.body)[0]!.action_id;

    await fake.socket.send('interactive', blockActionsPayload({ action_id: revealId, user_id: 'U0ALICE', response_url: fake.responseUrl('r') }));
    const [answer] = await fake.waitFor(() => fake.respondsTo('r'));
    const knew = buttonsOf(answer!.body)[0]!.action_id;

    const ack = await fake.socket.send('interactive', blockActionsPayload({ action_id: knew, user_id: 'U0ALICE', response_url: fake.responseUrl('g'), ephemeral: true }));
    expect(ack.envelope_id).toBeTruthy();
    const [outcome] = await fake.waitFor(() => fake.respondsTo('g'));
    expect(outcome!.body.replace_original).toBe(true);
    expect(textOf(outcome!.body)).toContain('🔥 1-day streak');
    expect(textOf(outcome!.body)).toContain('Like I’m five');
    expect(tableCounts(deps.store).attempts).toBe(1);
  });

  it('publishes the Home tab for an events_api app_home_opened envelope', async () => {
    const { fake } = await startSocketApp();
    await fake.socket.send('events_api', {
      token: 'verification-token-unused',
      team_id: 'T0FAKE01',
      api_app_id: 'A0FAKE01',
      event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME01', tab: 'home', event_ts: '1760000003.000003' },
      type: 'event_callback',
      event_id: 'Ev0FAKE02',
      event_time: 1760000003,
    });
    const [publish] = await fake.waitFor(() => fake.callsTo('views.publish'));
    expect(publish!.body.user_id).toBe('U0ALICE');
    expect((publish!.body.view as { type: string }).type).toBe('home');
  });
});
