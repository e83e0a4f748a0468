/**
 * Slack passes the conformance suite: the real Slack adapter (Bolt in HTTP
 * mode behind our server) composed as in production, against the loopback
 * fake Slack Web API, driven with correctly signed slash commands and button
 * clicks. What a person sees is the text of the replies Slack was handed.
 */
import { slackPlatform } from '../../src/adapters/slack/index.js';
import { SLACK_EVENTS_PATH } from '../../src/adapters/slack/transport.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { blockActionsBody, FORM, postSigned, slashCommandBody } from '../fakes/slack-requests.js';
import { conformance, type Driver } from './conformance.js';
import { composeWith } from './harness.js';

const SECRET = 'conformance-signing-secret';
const CHANNEL = 'C0CONFORM';

/** Every string a Block Kit message shows, in order. */
function visibleText(message: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') return;
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child !== 'string') walk(child);
    }
  };
  walk(message);
  return out.join('\n');
}

interface Button {
  action_id: string;
  label: string;
}

function buttonsOf(message: unknown): Button[] {
  const found: Button[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'button' && typeof o.action_id === 'string') found.push({ action_id: o.action_id, label: String((o.text as { text?: string })?.text ?? '') });
    Object.values(o).forEach(walk);
  };
  walk(message);
  return found;
}

conformance('slack', async (): Promise<Driver> => {
  const fake = await FakeSlackApi.start();
  const bot = await composeWith([slackPlatform], { SLACK_BOT_TOKEN: 'xoxb-conformance', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' });
  const started = (bot.running.deps.logger as unknown as { lines: { msg?: string; obj: { port?: number } }[] }).lines.find((l) => l.msg === 'Slack adapter started');
  const url = `http://127.0.0.1:${started!.obj.port}${SLACK_EVENTS_PATH}`;
  let replies = 0;
  /** The messages a person has seen, newest last: replies and channel posts. */
  const seen: unknown[] = [];
  const answer = async (send: (replyId: string) => Promise<{ status: number }>) => {
    const replyId = `r${++replies}`;
    const sent = await send(replyId);
    if (sent.status !== 200) throw new Error(`Slack answered ${sent.status}`);
    const [reply] = await fake.waitFor(() => fake.respondsTo(replyId));
    // Messages the bot posted in the channel (chat.postMessage) are on screen too, for later button presses.
    seen.push(...fake.callsTo('chat.postMessage').map((c) => c.body).filter((p) => !seen.includes(p)), reply!.body);
    return visibleText(reply!.body);
  };
  return {
    command: (text, who = {}) => {
      const user = who.user ?? 'U0PERSON';
      if (who.admin) fake.users.set(user, { is_admin: true });
      return answer((id) => postSigned(url, SECRET, slashCommandBody({ text, user_id: user, channel_id: CHANNEL, response_url: fake.responseUrl(id) }), FORM));
    },
    press: async (label, who = {}) => {
      const message = [...seen].reverse().find((m) => buttonsOf(m).some((b) => b.label.includes(label)));
      if (!message) throw new Error(`no "${label}" button on any message`);
      const button = buttonsOf(message).find((b) => b.label.includes(label))!;
      return answer((id) => postSigned(url, SECRET, blockActionsBody({ action_id: button.action_id, user_id: who.user ?? 'U0PERSON', channel_id: CHANNEL, label, response_url: fake.responseUrl(id) }), FORM));
    },
    posts: async () =>
      fake
        .callsTo('chat.postMessage')
        .filter((c) => c.body.thread_ts === undefined && c.body.channel === CHANNEL && String(c.body.text).startsWith("Today's AWS interview question"))
        .map((c) => visibleText(c.body)),
    tickAt: async (iso) => {
      bot.clock.set(iso);
      await bot.tick();
    },
    stop: async () => {
      await bot.stop();
      await fake.close();
    },
  };
});
