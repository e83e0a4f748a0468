/** The real Bolt app, in HTTP mode on loopback, against the fake Slack Web API. */
import { webApi } from '@slack/bolt';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackAppOptions, type SlackRunning } from '../../src/adapters/slack/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { blockActionsBody, FORM, postSigned, slashCommandBody, type SignOptions } from '../fakes/slack-requests.js';
import { makeDeps } from '../support/core.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface HttpHarness {
  fake: FakeSlackApi;
  deps: ReturnType<typeof makeDeps>;
  slack: SlackRunning;
  eventsUrl: string;
  /** Sends `/aws <text>` as `user`; the response_url is `/respond/<replyId>`. */
  command(text: string, user: string, replyId: string, sign?: SignOptions): Promise<{ status: number; text: string }>;
  click(actionId: string, user: string, replyId: string, opts?: { ephemeral?: boolean }): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export async function startHttpHarness(opts: { adminIds?: string[]; now?: string; apiUrlWithoutSlash?: boolean; httpRoutes?: SlackAppOptions['httpRoutes'] } = {}): Promise<HttpHarness> {
  const fake = await FakeSlackApi.start();
  const deps = makeDeps({ now: opts.now });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: opts.apiUrlWithoutSlash ? fake.apiUrl.replace(/\/$/, '') : fake.apiUrl,
    SLACK_ADMIN_USER_IDS: (opts.adminIds ?? []).join(','),
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const slack = createSlackApp({ config, deps, logger: deps.logger, retryConfig: webApi.retryPolicies.rapidRetryPolicy, httpRoutes: opts.httpRoutes });
  const { port } = await slack.start();
  const eventsUrl = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  return {
    fake,
    deps,
    slack,
    eventsUrl,
    command: (text, user, replyId, sign) =>
      postSigned(eventsUrl, SIGNING_SECRET, slashCommandBody({ text, user_id: user, response_url: fake.responseUrl(replyId) }), FORM, sign),
    click: (actionId, user, replyId, o = {}) =>
      postSigned(
        eventsUrl,
        SIGNING_SECRET,
        blockActionsBody({ action_id: actionId, user_id: user, response_url: fake.responseUrl(replyId), ephemeral: o.ephemeral }),
        FORM,
      ),
    async close() {
      await slack.stop();
      await fake.close();
      deps.store.db.close();
    },
  };
}

/** The Block Kit buttons in a recorded message body. */
export function buttonsOf(body: Record<string, unknown>): { action_id: string; text: string; style?: string }[] {
  const blocks = (body.blocks ?? []) as { type: string; elements?: { type: string; action_id: string; text: { text: string }; style?: string }[] }[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => ({ action_id: e.action_id, text: e.text.text, style: e.style }));
}

/** All visible text of a recorded message body, for loose assertions. */
export function textOf(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []) + String(body.text ?? '');
}
