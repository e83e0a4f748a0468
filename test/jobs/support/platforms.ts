/**
 * The real chat ports against the loopback platform fakes, for the jobs'
 * fault tests: SlackChatPort with a real WebClient (from @slack/bolt's
 * @slack/web-api) on the fake Slack Web API, DiscordChatPort with discord.js's
 * REST on the fake Discord. Faults are injected at the HTTP level with the
 * fakes' own switches, so what the jobs see is what the adapters' real error
 * mapping makes of a real 429, 5xx, 403 or 404.
 *
 * A recording proxy sits between port and fake: it tells which requests the
 * platform accepted (the Slack fake records calls, not their outcome), and
 * the restart test uses its hook to withhold an answer.
 *
 * `libraryRetries: false` (the default here) turns off the libraries' own
 * retries of 5xx (and, on Slack, of 429), so the jobs' retries are what is
 * under test; Discord's REST always waits out a 429 itself.
 */
import { webApi } from '@slack/bolt';
import { REST } from 'discord.js';
import { DiscordChatPort } from '../../../src/adapters/discord/chat-port.js';
import { SlackChatPort } from '../../../src/adapters/slack/chat-port.js';
import type { ChatPort } from '../../../src/core/ports/chat.js';
import type { Logger } from '../../../src/core/ports/logger.js';
import { FakeDiscord } from '../../fakes/discord.js';
import { FAKE_TEAM_ID, FakeSlackApi } from '../../fakes/slack-api.js';
import { RecordingProxy, type ProxiedCall, type ProxyOptions } from './proxy.js';

export type RigPlatform = 'slack' | 'discord';

export type Fault =
  | { kind: 'rate_limited' }
  | { kind: 'server_error'; status: 500 | 502 | 503 }
  /** Slack `not_in_channel`; Discord 403 Missing Access (50001). */
  | { kind: 'no_access' }
  /** Slack `channel_not_found`; Discord 404 Unknown Channel (10003). */
  | { kind: 'not_found' };

/** A top-level message the platform accepted (thread replies are left out). */
export interface AcceptedPost {
  seq: number;
  channel: string;
  messageId: string;
  /** Discord: the message nonce the port sent (the idempotency key); Slack has none. */
  nonce: string | null;
}

export interface PlatformRig {
  platform: RigPlatform;
  /** The workspace / server subscriptions belong to. */
  scope: string;
  port: ChatPort;
  /** A valid channel id for subscription number `i`. */
  channelName(i: number): string;
  /** The next `times` message creates in `channel` fail with `fault`. */
  fail(channel: string, fault: Fault, times?: number): void;
  /** Every top-level message create the platform accepted, in order (Discord: also nonce repeats answered with the earlier message). */
  accepted(): AcceptedPost[];
  /** Top-level message creates sent to `channel`, whatever the answer. */
  requestsTo(channel: string): number;
  /** Messages accepted inside a thread (Slack: thread_ts; Discord: the thread's own channel), with the request body as text. */
  threadPosts(): { thread: string; body: string }[];
  proxy: RecordingProxy;
  /** What a child process needs to build the same port. */
  endpoint: PortEndpoint;
  close(): Promise<void>;
}

export interface PortEndpoint {
  platform: RigPlatform;
  /** SLACK_API_URL or DISCORD_API_URL form, through the proxy. */
  apiUrl: string;
  token: string;
}

export interface RigOptions extends ProxyOptions {
  libraryRetries?: boolean;
}

/** The production port for an endpoint (also used by the child processes). */
export function makePort(endpoint: PortEndpoint, logger: Logger, libraryRetries = false): { port: ChatPort; close(): void } {
  if (endpoint.platform === 'slack') {
    const client = new webApi.WebClient(endpoint.token, {
      slackApiUrl: endpoint.apiUrl,
      retryConfig: libraryRetries ? webApi.retryPolicies.rapidRetryPolicy : { retries: 0 },
      // Its own console lines ("will retry in 0 seconds") say nothing the test does not check.
      logLevel: webApi.LogLevel.ERROR,
    });
    return { port: new SlackChatPort(async () => client, async () => new Map(), logger), close() {} };
  }
  const rest = new REST({ api: endpoint.apiUrl, ...(libraryRetries ? {} : { retries: 0 }) }).setToken(endpoint.token);
  return {
    port: new DiscordChatPort(rest, logger),
    close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}

const pad = (i: number) => String(i).padStart(5, '0');

const slackBody = (call: ProxiedCall) => new URLSearchParams(call.requestBody);
const json = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
};

export async function startRig(platform: RigPlatform, logger: Logger, opts: RigOptions = {}): Promise<PlatformRig> {
  if (platform === 'slack') {
    const fake = await FakeSlackApi.start();
    const proxy = await RecordingProxy.start(fake.origin, opts);
    const endpoint: PortEndpoint = { platform, apiUrl: `${proxy.origin}/api/`, token: 'xoxb-jobs-test' };
    const made = makePort(endpoint, logger, opts.libraryRetries);
    const posts = () => proxy.calls.filter((c) => c.path === '/api/chat.postMessage');
    return {
      platform,
      scope: `slack:${FAKE_TEAM_ID}`,
      port: made.port,
      channelName: (i) => `C${pad(i)}`,
      fail(channel, fault, times = 1) {
        const slackFault =
          fault.kind === 'rate_limited'
            ? { status: 429, retryAfterSeconds: 0 }
            : fault.kind === 'server_error'
              ? { status: fault.status }
              : { error: fault.kind === 'no_access' ? 'not_in_channel' : 'channel_not_found' };
        fake.inject('chat.postMessage', slackFault, { channel, times });
      },
      accepted: () =>
        posts()
          .filter((c) => c.status === 200 && json(c.responseBody).ok === true && !slackBody(c).get('thread_ts'))
          .map((c) => ({ seq: c.seq, channel: slackBody(c).get('channel') ?? '', messageId: String(json(c.responseBody).ts), nonce: null })),
      requestsTo: (channel) => posts().filter((c) => slackBody(c).get('channel') === channel && !slackBody(c).get('thread_ts')).length,
      threadPosts: () =>
        posts()
          .filter((c) => c.status === 200 && json(c.responseBody).ok === true && slackBody(c).get('thread_ts'))
          .map((c) => ({ thread: slackBody(c).get('thread_ts')!, body: JSON.stringify(Object.fromEntries(slackBody(c))) })),
      proxy,
      endpoint,
      async close() {
        made.close();
        await proxy.close();
        await fake.close();
      },
    };
  }
  const fake = await FakeDiscord.start();
  const proxy = await RecordingProxy.start(`http://127.0.0.1:${fake.port}`, opts);
  const endpoint: PortEndpoint = { platform, apiUrl: `${proxy.origin}/api`, token: fake.token };
  const made = makePort(endpoint, logger, opts.libraryRetries);
  const create = /^\/api\/v10\/channels\/(\d+)\/messages$/;
  const creates = () => proxy.calls.filter((c) => c.method === 'POST' && create.test(c.path));
  // A message in a thread is a message in the thread's own channel.
  const threadIds = () =>
    new Set(proxy.calls.filter((c) => c.method === 'POST' && /\/messages\/\d+\/threads$/.test(c.path) && c.status === 200).map((c) => String(json(c.responseBody).id)));
  const channelOf = (c: ProxiedCall) => create.exec(c.path)![1]!;
  return {
    platform,
    scope: `discord:${fake.ids.guildId}`,
    port: made.port,
    channelName: (i) => `31000000000000${pad(i)}`,
    fail(channel, fault, times = 1) {
      const path = new RegExp(`^/channels/${channel}/messages$`);
      const failure =
        fault.kind === 'rate_limited'
          ? { status: 429, headers: { 'retry-after': '0', 'x-ratelimit-scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: 0, global: false } }
          : fault.kind === 'server_error'
            ? { status: fault.status, body: { code: 0, message: `${fault.status}: Server Error` } }
            : fault.kind === 'no_access'
              ? { status: 403, body: { code: 50001, message: 'Missing Access' } }
              : { status: 404, body: { code: 10003, message: 'Unknown Channel' } };
      fake.failNext({ method: 'POST', path, times, ...failure });
    },
    accepted: () => {
      const threads = threadIds();
      return creates()
        .filter((c) => c.status === 200 && !threads.has(channelOf(c)))
        .map((c) => ({ seq: c.seq, channel: channelOf(c), messageId: String(json(c.responseBody).id), nonce: (json(c.requestBody).nonce as string | undefined) ?? null }));
    },
    requestsTo: (channel) => creates().filter((c) => channelOf(c) === channel).length,
    threadPosts: () => {
      const threads = threadIds();
      return creates()
        .filter((c) => c.status === 200 && threads.has(channelOf(c)))
        .map((c) => ({ thread: channelOf(c), body: c.requestBody }));
    },
    proxy,
    endpoint,
    async close() {
      made.close();
      await proxy.close();
      await fake.stop();
    },
  };
}

export const RIGS: RigPlatform[] = ['slack', 'discord'];
