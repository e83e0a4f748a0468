/**
 * The real Slack transport (Bolt's HTTPReceiver behind our hardened server)
 * on loopback, wired as the composition root wires it: the core's
 * InboundPort from createInbound(deps), the Slack directory registered for
 * admin and profile-zone questions, the Slack ChatPort for channel access,
 * and a DiagramRenderer. The Web API and response URLs are the loopback fake.
 */
import { webApi } from '@slack/bolt';
import type { InboundPort } from '../../src/adapters/contract.js';
import { slackInfo } from '../../src/adapters/slack/index.js';
import { createSlackTransport, SLACK_EVENTS_PATH, type SlackRunning } from '../../src/adapters/slack/transport.js';
import { loadConfig } from '../../src/config.js';
import type { QuestionBank } from '../../src/core/bank.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import {
  appHomeOpenedBody,
  blockActionsBody,
  FORM,
  postSigned,
  slashCommandBody,
  viewSubmissionBody,
  type BlockActionFields,
  type SignOptions,
  type SlashCommandFields,
  type ViewSubmissionFields,
} from '../fakes/slack-requests.js';
import { makeDeps, type TestDeps } from '../support/core.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface HarnessOptions {
  adminIds?: string[];
  now?: string;
  apiUrlWithoutSlash?: boolean;
  bank?: QuestionBank;
  defaultZone?: string;
  /** Durable inbox on (the default) or off. */
  durable?: boolean;
  /** Start on an existing fake and deps (a second transport after a "crash"). */
  fake?: FakeSlackApi;
  deps?: TestDeps;
  /** Wraps the inbound port (e.g. to block processing). */
  inbound?: (port: InboundPort) => InboundPort;
  /** Extra configuration (PUBLIC_URL …). */
  env?: Record<string, string>;
}

export type Reply = { status: number; text: string };

export interface HttpHarness {
  fake: FakeSlackApi;
  deps: TestDeps;
  slack: SlackRunning;
  diagrams: DiagramRenderer;
  /** http://127.0.0.1:<port> */
  origin: string;
  eventsUrl: string;
  /** Sends `/aws <text>` as `user`; the response_url is `/respond/<replyId>`. */
  command(text: string, user: string, replyId: string, sign?: SignOptions, fields?: Partial<SlashCommandFields>): Promise<Reply>;
  click(actionId: string, user: string, replyId: string, opts?: Partial<BlockActionFields>): Promise<Reply>;
  submit(fields: ViewSubmissionFields): Promise<Reply>;
  homeOpened(user: string, tab?: 'home' | 'messages'): Promise<Reply>;
  /** Stops the transport (the fake and the store stay, for a second transport). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startHttpHarness(opts: HarnessOptions = {}): Promise<HttpHarness> {
  const fake = opts.fake ?? (await FakeSlackApi.start());
  const deps = opts.deps ?? makeDeps({ now: opts.now, bank: opts.bank, defaultZone: opts.defaultZone });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: opts.apiUrlWithoutSlash ? fake.apiUrl.replace(/\/$/, '') : fake.apiUrl,
    SLACK_ADMIN_USER_IDS: (opts.adminIds ?? []).join(','),
    PORT: '0',
    HOST: '127.0.0.1',
    ...opts.env,
  });
  const core = createInbound(deps);
  const inbound = opts.inbound ? opts.inbound(core) : core;
  const diagrams = new DiagramRenderer();
  const slack = createSlackTransport({
    config,
    inbound,
    logger: deps.logger,
    diagrams,
    clock: deps.clock,
    retryConfig: webApi.retryPolicies.rapidRetryPolicy,
    ...(opts.durable === undefined ? {} : { durable: opts.durable }),
  });
  // As compose.ts does once the adapter runs: its directory answers admin and zone questions, its port checks channels.
  deps.platforms.register(slackInfo, slack.directory);
  deps.chat.add(slack.chatPort);
  const { port } = await slack.start();
  const origin = `http://127.0.0.1:${port}`;
  const eventsUrl = `${origin}${SLACK_EVENTS_PATH}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await slack.stop();
  };
  return {
    fake,
    deps,
    slack,
    diagrams,
    origin,
    eventsUrl,
    command: (text, user, replyId, sign, fields = {}) =>
      postSigned(eventsUrl, SIGNING_SECRET, slashCommandBody({ text, user_id: user, response_url: fake.responseUrl(replyId), ...fields }), FORM, sign),
    click: (actionId, user, replyId, o = {}) =>
      postSigned(eventsUrl, SIGNING_SECRET, blockActionsBody({ action_id: actionId, user_id: user, response_url: fake.responseUrl(replyId), ...o }), FORM),
    submit: (fields) => postSigned(eventsUrl, SIGNING_SECRET, viewSubmissionBody(fields), FORM),
    homeOpened: (user, tab = 'home') => postSigned(eventsUrl, SIGNING_SECRET, appHomeOpenedBody(user, undefined, tab), 'application/json'),
    stop,
    async close() {
      await stop();
      await fake.close();
      deps.store.db.close();
    },
  };
}

type RecordedBlock = { type: string; text?: { text: string }; elements?: { type: string; action_id?: string; text?: string | { text: string }; style?: string }[]; fields?: { text: string }[] };

/** The Block Kit buttons in a recorded message body. */
export function buttonsOf(body: Record<string, unknown>): { action_id: string; text: string; style?: string }[] {
  const blocks = (body.blocks ?? []) as RecordedBlock[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => ({ action_id: e.action_id!, text: typeof e.text === 'string' ? e.text : e.text!.text, ...(e.style ? { style: e.style } : {}) }));
}

/** All visible text of a recorded message body, for loose assertions. */
export function textOf(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []) + String(body.text ?? '');
}

/** The text of each section / header / context block, in order. */
export function blockTexts(body: Record<string, unknown>): string[] {
  const blocks = (body.blocks ?? []) as RecordedBlock[];
  return blocks.flatMap((b) => {
    if (b.text) return [b.text.text];
    if (b.fields) return b.fields.map((f) => f.text);
    if (b.type === 'context') return (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')));
    return [];
  });
}
