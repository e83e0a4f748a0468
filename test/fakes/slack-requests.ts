/**
 * Requests as Slack sends them to an app in HTTP mode, built from the field
 * lists in Slack's documentation, and signed the way Slack signs them:
 * `X-Slack-Signature: v0=` + HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`)
 * with `X-Slack-Request-Timestamp: <unix seconds>`.
 * Also used by the benchmark's load generator.
 */
import { createHmac } from 'node:crypto';
import { FAKE_TEAM_ID } from './slack-api.js';

export const FORM = 'application/x-www-form-urlencoded';

let triggers = 0;
/**
 * A fresh trigger id, shaped like Slack's. Slack gives every interaction its
 * own; the app recognises a replay by it, so builders never reuse one unless told to.
 */
export function newTriggerId(): string {
  triggers++;
  return `${13345224609 + triggers}.738474920.${process.pid.toString(16)}${String(triggers).padStart(8, '0')}`;
}

export function slackSignature(secret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

export interface SignOptions {
  /** Unix seconds; defaults to now (Slack signs with the send time). */
  timestampSec?: number;
  /** Overrides the computed signature (forgery tests). */
  signature?: string;
}

export function signedHeaders(secret: string, rawBody: string, contentType: string, opts: SignOptions = {}): Record<string, string> {
  const ts = opts.timestampSec ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': opts.signature ?? slackSignature(secret, ts, rawBody),
  };
}

export interface SlashCommandFields {
  text: string;
  user_id: string;
  user_name?: string;
  channel_id?: string;
  team_id?: string;
  command?: string;
  response_url: string;
  /** Defaults to a fresh one; repeat one to replay the same interaction. */
  trigger_id?: string;
  enterprise_id?: string;
}

/** The form body of a slash command (fields per Slack's "Implementing slash commands"). */
export function slashCommandBody(f: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: f.team_id ?? FAKE_TEAM_ID,
    team_domain: 'fake',
    channel_id: f.channel_id ?? 'C0PRACTICE',
    channel_name: 'aws-practice',
    user_id: f.user_id,
    user_name: f.user_name ?? f.user_id.toLowerCase(),
    command: f.command ?? '/aws',
    text: f.text,
    api_app_id: 'A0FAKE01',
    is_enterprise_install: 'false',
    response_url: f.response_url,
    trigger_id: f.trigger_id ?? newTriggerId(),
    ...(f.enterprise_id ? { enterprise_id: f.enterprise_id } : {}),
  }).toString();
}

export interface BlockActionFields {
  user_id: string;
  action_id: string;
  response_url: string;
  channel_id?: string;
  /** The workspace the click happened in (`team.id`). */
  team_id?: string;
  /** The clicking user's own workspace (`user.team_id`); differs from team_id in a Slack Connect channel. */
  user_team_id?: string;
  /** True for a click on a message only this user sees (the revealed answer). */
  ephemeral?: boolean;
  label?: string;
  /** Defaults to a fresh one; repeat one to replay the same click. */
  trigger_id?: string;
}

/** The block_actions payload object (fields per Slack's block_actions payload reference). */
export function blockActionsPayload(f: BlockActionFields): Record<string, unknown> {
  const team = f.team_id ?? FAKE_TEAM_ID;
  const channel = f.channel_id ?? 'C0PRACTICE';
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: f.user_id, username: f.user_id.toLowerCase(), name: f.user_id.toLowerCase(), team_id: f.user_team_id ?? team },
    api_app_id: 'A0FAKE01',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: '1760000001.000001', channel_id: channel, is_ephemeral: f.ephemeral ?? false },
    trigger_id: f.trigger_id ?? newTriggerId(),
    team: { id: team, domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'aws-practice' },
    state: { values: {} },
    response_url: f.response_url,
    actions: [
      {
        action_id: f.action_id,
        block_id: 'b1',
        text: { type: 'plain_text', text: f.label ?? 'Button', emoji: true },
        value: f.action_id,
        type: 'button',
        action_ts: '1760000002.000002',
      },
    ],
  };
  // Slack includes the message only for non-ephemeral containers.
  if (!f.ephemeral) payload.message = { type: 'message', ts: '1760000001.000001', text: 'AWS interview question', blocks: [] };
  return payload;
}

export function blockActionsBody(f: BlockActionFields): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(f)) }).toString();
}

export interface ViewSubmissionFields {
  user_id: string;
  /** The modal's callback_id (our form id). */
  callback_id: string;
  /** Input values by block id (our field id); each block's one element has the same action id. */
  values: Record<string, string>;
  /** What the app put in private_metadata when it opened the modal. */
  private_metadata?: string;
  team_id?: string;
  view_id?: string;
}

let views = 0;

/** The view_submission payload object (fields per Slack's view_submission payload reference). */
export function viewSubmissionPayload(f: ViewSubmissionFields): Record<string, unknown> {
  const team = f.team_id ?? FAKE_TEAM_ID;
  const values = Object.fromEntries(Object.entries(f.values).map(([id, value]) => [id, { [id]: { type: 'plain_text_input', value } }]));
  return {
    type: 'view_submission',
    team: { id: team, domain: 'fake' },
    user: { id: f.user_id, username: f.user_id.toLowerCase(), name: f.user_id.toLowerCase(), team_id: team },
    api_app_id: 'A0FAKE01',
    token: 'verification-token-unused',
    trigger_id: newTriggerId(),
    view: {
      id: f.view_id ?? `V0SUBMIT${String(++views).padStart(4, '0')}`,
      team_id: team,
      type: 'modal',
      callback_id: f.callback_id,
      private_metadata: f.private_metadata ?? '',
      state: { values },
      hash: '1760000004.abcdef',
      title: { type: 'plain_text', text: 'Write your answer' },
      blocks: [],
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

export function viewSubmissionBody(f: ViewSubmissionFields): string {
  return new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(f)) }).toString();
}

let events = 0;

/** The Events API envelope of app_home_opened (JSON body); `tab` is 'home' or 'messages'. */
export function appHomeOpenedBody(userId: string, teamId = FAKE_TEAM_ID, tab: 'home' | 'messages' = 'home'): string {
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: teamId,
    api_app_id: 'A0FAKE01',
    event: { type: 'app_home_opened', user: userId, channel: 'D0HOME01', tab, event_ts: '1760000003.000003' },
    type: 'event_callback',
    event_id: `Ev0FAKE${String(++events).padStart(4, '0')}`,
    event_time: 1760000003,
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: 'U0BOT001', is_bot: true, is_enterprise_install: false }],
  });
}

export async function postSigned(
  url: string,
  secret: string,
  rawBody: string,
  contentType: string,
  opts: SignOptions = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: signedHeaders(secret, rawBody, contentType, opts), body: rawBody });
  return { status: res.status, text: await res.text() };
}
