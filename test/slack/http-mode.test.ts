/**
 * HTTP mode end to end: the real Bolt HTTPReceiver behind our hardened
 * server on loopback (createSlackTransport), the core's InboundPort, signed
 * requests shaped like Slack's, the Web API and response_url served by the
 * loopback fake. Time for the core comes from the FakeClock.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackTransport } from '../../src/adapters/slack/transport.js';
import { loadConfig } from '../../src/config.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { FORM, signedHeaders, slackSignature, slashCommandBody } from '../fakes/slack-requests.js';
import { makeDeps, tableCounts } from '../support/core.js';
import { blockTexts, buttonsOf, SIGNING_SECRET, startHttpHarness, textOf, type HttpHarness } from './harness.js';

const DAY = 86_400_000;
let h: HttpHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Row counts of everything but the durable inbox, which records every accepted interaction by design. */
const stateCounts = (harness: HttpHarness) => {
  const { inbox: _inbox, ...rest } = tableCounts(harness.deps.store);
  return rest;
};
const inboxRows = (harness: HttpHarness) => harness.deps.store.db.prepare('SELECT state, outcome FROM inbox ORDER BY id').all() as { state: string; outcome: string | null }[];

async function ask(harness: HttpHarness, user: string, replyId: string) {
  const res = await harness.command('question networking associate', user, replyId);
  expect(res.status).toBe(200);
  const [reply] = await harness.fake.waitFor(() => harness.fake.respondsTo(replyId));
  return reply!.body;
}

async function revealAndGrade(harness: HttpHarness, user: string, tag: string, grade = 'knew') {
  const question = await ask(harness, user, `${tag}-q`);
  const reveal = buttonsOf(question)[0]!;
  await harness.click(reveal.action_id, user, `${tag}-r`);
  const [answer] = await harness.fake.waitFor(() => harness.fake.respondsTo(`${tag}-r`));
  const gradeButton = buttonsOf(answer!.body).find((b) => b.action_id.includes(`:${grade}`))!;
  await harness.click(gradeButton.action_id, user, `${tag}-g`, { ephemeral: true });
  const [outcome] = await harness.fake.waitFor(() => harness.fake.respondsTo(`${tag}-g`));
  return { question, answer: answer!.body, outcome: outcome!.body, gradeId: gradeButton.action_id };
}

describe('Slack HTTP mode: request verification', () => {
  it('rejects a forged signature with 401 and changes nothing, not even the inbox', async () => {
    h = await startHttpHarness();
    const before = tableCounts(h.deps.store);
    const res = await h.command('question', 'U0ALICE', 'forged', { signature: `v0=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    expect(tableCounts(h.deps.store)).toEqual(before);
    expect(h.fake.responds).toEqual([]);
  });

  it('rejects a correctly signed request older than five minutes with 401 and changes nothing', async () => {
    h = await startHttpHarness();
    const before = tableCounts(h.deps.store);
    const res = await h.command('question', 'U0ALICE', 'stale', { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(tableCounts(h.deps.store)).toEqual(before);
    expect(h.fake.responds).toEqual([]);
  });

  it('rejects a body changed after signing', async () => {
    h = await startHttpHarness();
    const before = tableCounts(h.deps.store);
    const signedFor = slashCommandBody({ text: 'help', user_id: 'U0ALICE', response_url: h.fake.responseUrl('x') });
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SIGNING_SECRET, ts, signedFor) },
      body: signedFor.replace('help', 'subscribe+09%3A00+UTC'),
    });
    expect(res.status).toBe(401);
    expect(tableCounts(h.deps.store)).toEqual(before);
  });
});

describe('Slack HTTP mode: /aws, Reveal and grade', () => {
  it('answers a slash command through its response_url: the question for the channel, with a Reveal button', async () => {
    h = await startHttpHarness();
    const question = await ask(h, 'U0ALICE', 'q');
    expect(question.response_type).toBe('in_channel');
    expect(question.replace_original).toBe(false);
    expect(question.text).toBe('AWS interview question: What is vpc-basics?');
    expect(buttonsOf(question)).toEqual([{ action_id: 'reveal:vpc-basics:d', text: 'Reveal answer', style: 'primary' }]);
    // Accepted durably, and done with its effect.
    expect(inboxRows(h)).toEqual([{ state: 'done', outcome: 'ok' }]);
  });

  it('reveals privately, then a grade replaces that message in place, the answer kept above the outcome', async () => {
    h = await startHttpHarness();
    const { answer, outcome } = await revealAndGrade(h, 'U0ALICE', 'a');

    expect(answer.response_type).toBe('ephemeral');
    expect(answer.replace_original).toBe(false);
    expect(buttonsOf(answer).map((b) => b.text)).toEqual(['Knew it', 'Partly', "Didn't know", '⚑ Report a problem']);
    expect(textOf(answer)).toContain('Like I’m five');

    expect(outcome.response_type).toBe('ephemeral');
    expect(outcome.replace_original).toBe(true);
    expect(buttonsOf(outcome).filter((b) => b.action_id.startsWith('grade:'))).toEqual([]);
    const texts = blockTexts(outcome);
    const answerAt = texts.findIndex((t) => t.includes('vpc-basics is a test answer'));
    const streakAt = texts.findIndex((t) => t.includes('🔥 1-day streak'));
    expect(answerAt).toBeGreaterThanOrEqual(0);
    expect(streakAt).toBeGreaterThan(answerAt);
    expect(tableCounts(h.deps.store).attempts).toBe(1);
  });

  it('does not replace a public message: a grade clicked on a channel post is a new private reply', async () => {
    h = await startHttpHarness();
    await h.click('grade:vpc-basics:knew:d', 'U0ALICE', 'pub', { ephemeral: false });
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('pub'));
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(reply!.body)).toContain('Recorded: Knew it');
  });

  it('counts a double click once, even when both clicks arrive together', async () => {
    h = await startHttpHarness();
    const { gradeId } = await revealAndGrade(h, 'U0ALICE', 'a');
    await Promise.all([h.click(gradeId, 'U0ALICE', 'dup1', { ephemeral: true }), h.click(gradeId, 'U0ALICE', 'dup2', { ephemeral: true })]);
    const replies = await h.fake.waitFor(() => h!.fake.responds.filter((r) => r.id.startsWith('dup')), 2);
    expect(tableCounts(h.deps.store).attempts).toBe(1);
    for (const r of replies) expect(textOf(r.body)).toContain('Already graded today (Knew it)');
  });

  it('builds a 4-day streak across four local days', async () => {
    h = await startHttpHarness({ now: '2026-03-10T12:00:00Z' });
    let last: Record<string, unknown> = {};
    for (let day = 0; day < 4; day++) {
      if (day > 0) h.deps.clock.advance(DAY);
      last = (await revealAndGrade(h, 'U0ALICE', `d${day}`)).outcome;
    }
    expect(textOf(last)).toContain('🔥 4-day streak');
  });

  it('answers a tampered or unknown action id with a polite private error, logs it and changes nothing', async () => {
    h = await startHttpHarness();
    const before = stateCounts(h);
    const forged = ['grade:vpc-basics:excellent', 'reveal:../../etc/passwd', `grade:${'x'.repeat(200)}:knew`, 'delete:everything'];
    for (const [i, id] of forged.entries()) {
      const res = await h.click(id, 'U0MALLORY', `t${i}`, { ephemeral: true });
      expect(res.status).toBe(200);
    }
    const replies = await h.fake.waitFor(() => h!.fake.responds.filter((r) => r.id.startsWith('t')), forged.length);
    for (const r of replies) {
      expect(r.body.response_type).toBe('ephemeral');
      expect(r.body.replace_original).toBe(false);
      expect(textOf(r.body)).toContain('did not recognise that button');
    }
    expect(h.deps.logger.lines.filter((l) => l.msg === 'rejected action id')).toHaveLength(forged.length);
    expect(stateCounts(h)).toEqual(before);
  });

  it('answers an action id longer than Slack allows (255) as an unreadable payload, and changes nothing', async () => {
    h = await startHttpHarness();
    const before = stateCounts(h);
    expect((await h.click(`grade:${'x'.repeat(300)}:knew`, 'U0MALLORY', 'long', { ephemeral: true })).status).toBe(200);
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('long'));
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Sorry, Slack sent me something I could not read. Please try again.' });
    expect(h.deps.logger.lines.filter((l) => l.msg === 'malformed Slack payload')).toHaveLength(1);
    expect(stateCounts(h)).toEqual(before);
    expect(tableCounts(h.deps.store).inbox).toBe(0);
  });

  it('answers `/aws` with no text and an unknown subcommand privately', async () => {
    h = await startHttpHarness();
    await h.command('', 'U0ALICE', 'empty');
    await h.command('frobnicate', 'U0ALICE', 'unknown');
    const [empty] = await h.fake.waitFor(() => h!.fake.respondsTo('empty'));
    const [unknown] = await h.fake.waitFor(() => h!.fake.respondsTo('unknown'));
    expect(empty!.body.response_type).toBe('ephemeral');
    expect(textOf(empty!.body)).toContain('question');
    expect(unknown!.body.response_type).toBe('ephemeral');
    expect(textOf(unknown!.body)).toContain('frobnicate');
  });

  it('applies a replayed slash command (same trigger_id) once', async () => {
    h = await startHttpHarness();
    const triggerId = '13345224609.738474920.replayed0000';
    const first = await h.command('report vpc-basics the limit changed in 2025', 'U0ALICE', 'first', undefined, { trigger_id: triggerId });
    const second = await h.command('report vpc-basics the limit changed in 2025', 'U0ALICE', 'second', undefined, { trigger_id: triggerId });
    expect([first.status, second.status]).toEqual([200, 200]);
    await h.fake.waitFor(() => h!.fake.respondsTo('first'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(tableCounts(h.deps.store).reports).toBe(1);
    expect(h.deps.logger.lines.filter((l) => l.msg === 'duplicate Slack interaction ignored')).toHaveLength(1);
    expect(h.fake.respondsTo('second')).toEqual([]);
    expect(inboxRows(h)).toHaveLength(1);
  });
});

describe('Slack HTTP mode: admin commands', () => {
  const channelKey = 'slack:C0PRACTICE';

  it('refuses subscribe to a non-admin, privately, and writes nothing', async () => {
    h = await startHttpHarness();
    h.fake.users.set('U0BOB', { is_admin: false, is_owner: false });
    const before = stateCounts(h);
    await h.command('subscribe 09:00 Europe/Berlin', 'U0BOB', 's');
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('s'));
    expect(reply!.body.response_type).toBe('ephemeral');
    expect(textOf(reply!.body)).toContain('Only channel admins can use `subscribe`');
    expect(stateCounts(h)).toEqual(before);
  });

  it('allows a user listed in SLACK_ADMIN_USER_IDS, whom users.info does not know', async () => {
    h = await startHttpHarness({ adminIds: ['U0ADMIN'] });
    await h.command('subscribe 09:00 Europe/Berlin', 'U0ADMIN', 's');
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('s'));
    expect(textOf(reply!.body)).toContain('daily question at 09:00 Europe/Berlin');
    expect(await h.deps.store.channels.getSubscription(channelKey)).toMatchObject({ channelRef: 'C0PRACTICE', platform: 'slack', scope: 'slack:T0FAKE01', thread: true });
    // The bot's access to the channel was checked before saving.
    expect(h.fake.callsTo('conversations.info').map((c) => c.body.channel)).toEqual(['C0PRACTICE']);
  });

  it('allows a workspace owner according to users.info, and asks users.info once for both commands', async () => {
    h = await startHttpHarness();
    h.fake.users.set('U0OWNER', { is_owner: true });
    await h.command('subscribe 08:30 UTC', 'U0OWNER', 's1');
    await h.fake.waitFor(() => h!.fake.respondsTo('s1'));
    expect(await h.deps.store.channels.getSubscription(channelKey)).not.toBeNull();
    await h.command('unsubscribe', 'U0OWNER', 's2');
    const [second] = await h.fake.waitFor(() => h!.fake.respondsTo('s2'));
    expect(textOf(second!.body)).not.toContain('Only channel admins');
    expect(await h.deps.store.channels.getSubscription(channelKey)).toBeNull();
    expect(h.fake.callsTo('users.info').map((c) => c.body.user)).toEqual(['U0OWNER']);
  });

  it('refuses subscribe when the bot is not in the channel, saying how to invite it, and saves nothing', async () => {
    h = await startHttpHarness({ adminIds: ['U0ADMIN'] });
    h.fake.channels.set('C0PRACTICE', { is_member: false });
    const before = stateCounts(h);
    await h.command('subscribe 09:00 UTC', 'U0ADMIN', 's');
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('s'));
    expect(textOf(reply!.body)).toContain('nothing was saved');
    expect(textOf(reply!.body)).toContain('/invite @aws-coach');
    expect(stateCounts(h)).toEqual(before);
  });

  it('acknowledges before slow work: the HTTP ack returns while users.info is still pending', async () => {
    h = await startHttpHarness();
    h.fake.users.set('U0SLOW', { is_admin: true });
    const release = h.fake.hold('users.info');
    const res = await h.command('subscribe 09:00 UTC', 'U0SLOW', 'slow');
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h!.fake.callsTo('users.info'));
    expect(h.fake.respondsTo('slow')).toEqual([]);
    // Accepted and not yet done: what a crash right now would leave for recover().
    expect(inboxRows(h)).toEqual([{ state: 'pending', outcome: null }]);
    release();
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('slow'));
    expect(textOf(reply!.body)).toContain('daily question');
  });
});

describe('Slack HTTP mode: configuration', () => {
  it('accepts SLACK_API_URL without a trailing slash', async () => {
    h = await startHttpHarness({ apiUrlWithoutSlash: true });
    // Without the slash the client would call /apiauth.test, which the fake does not record.
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('refuses to start with a token Slack rejects, naming the variable', async () => {
    const fake = await FakeSlackApi.start();
    fake.inject('auth.test', { error: 'invalid_auth' });
    const deps = makeDeps();
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' });
    try {
      const slack = createSlackTransport({ config, inbound: createInbound(deps), logger: deps.logger, diagrams: new DiagramRenderer(), clock: deps.clock });
      await expect(slack.start()).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth: .*reinstall/);
    } finally {
      await fake.close();
    }
  });
});

/** Sends a request by hand: headers first, then (maybe) part of a body, and resolves on the response. */
function rawRequest(url: string, opts: { method: string; headers?: Record<string, string>; body?: string; end?: boolean }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method, headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text });
      });
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    if (opts.end !== false) req.end();
  });
}

describe('Slack HTTP mode: the public server', () => {
  it('refuses a body announced over 64 KB with 413 before reading it', async () => {
    h = await startHttpHarness();
    const before = tableCounts(h.deps.store);
    const start = slashCommandBody({ text: 'help', user_id: 'U0ALICE', response_url: h.fake.responseUrl('big') });
    // The request never finishes its body: only a server that does not wait for it can answer.
    const res = await rawRequest(h.eventsUrl, {
      method: 'POST',
      headers: { ...signedHeaders(SIGNING_SECRET, start, FORM), 'content-length': String(70 * 1024) },
      body: start,
      end: false,
    });
    expect(res.status).toBe(413);
    expect(h.deps.logger.lines.filter((l) => l.msg === 'request body too large; refused before reading')).toHaveLength(1);
    expect(tableCounts(h.deps.store)).toEqual(before);
    expect(h.fake.responds).toEqual([]);
  });

  it('answers an unknown path with 404 and logs at most 100 characters of it', async () => {
    h = await startHttpHarness();
    const path = `/${'x'.repeat(16_000)}`;
    const res = await rawRequest(`${h.origin}${path}`, { method: 'GET' });
    expect(res.status).toBe(404);
    const lines = h.deps.logger.lines.filter((l) => l.msg === 'unknown path');
    expect(lines).toHaveLength(1);
    expect((lines[0]!.obj as { path: string }).path.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(h.deps.logger.lines)).not.toMatch(/x{101}/);
  });

  it('serves neither /healthz nor /metrics (they are on the ops port)', async () => {
    h = await startHttpHarness();
    expect((await fetch(`${h.origin}/healthz`)).status).toBe(404);
    expect((await fetch(`${h.origin}/metrics`)).status).toBe(404);
  });

  it('keeps Bolt at WARN: an unknown path under /slack/ is a 404 (not a crash) without an info line', async () => {
    h = await startHttpHarness();
    const before = h.deps.logger.lines.length;
    const res = await rawRequest(`${h.origin}/slack/${'y'.repeat(300)}`, { method: 'GET' });
    expect(res.status).toBe(404);
    // The server still answers afterwards.
    expect((await h.command('help', 'U0ALICE', 'after')).status).toBe(200);
    const added = h.deps.logger.lines.slice(before);
    expect(added.filter((l) => l.level === 'info' && JSON.stringify(l).includes('yyy'))).toEqual([]);
    expect(JSON.stringify(added)).not.toMatch(/y{101}/);
    // Bolt's own logger is the bridge at WARN: its info lines are dropped, warnings reach the app's log.
    const logger = h.slack.app.logger;
    const mark = h.deps.logger.lines.length;
    logger.info('Unhandled HTTP request (GET) made to /slack/x');
    logger.warn('something Bolt warns about');
    expect(h.deps.logger.lines.slice(mark)).toEqual([{ level: 'warn', obj: { component: 'bolt' }, msg: 'something Bolt warns about' }]);
  });
});

describe('Slack HTTP mode: App Home', () => {
  it('publishes the Home tab with streak and totals on app_home_opened, and not for the Messages tab', async () => {
    h = await startHttpHarness();
    await revealAndGrade(h, 'U0ALICE', 'a', 'partly');
    expect((await h.homeOpened('U0ALICE', 'messages')).status).toBe(200);
    const res = await h.homeOpened('U0ALICE');
    expect(res.status).toBe(200);
    const [publish] = await h.fake.waitFor(() => h!.fake.callsTo('views.publish'));
    expect(h.fake.callsTo('views.publish')).toHaveLength(1);
    expect(publish!.body.user_id).toBe('U0ALICE');
    const view = publish!.body.view as { type: string; blocks: { type: string }[] };
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Your AWS interview practice', emoji: true } });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('1-day streak');
    expect(text).toContain('*Questions graded*\\n1');
    expect(text).toContain('Networking');
    expect(text).toContain('Nothing due');

    // Two weeks on, the question graded "partly" is due for review and listed.
    h.deps.clock.advance(14 * DAY);
    await h.homeOpened('U0ALICE');
    const [, later] = await h.fake.waitFor(() => h!.fake.callsTo('views.publish'), 2);
    expect(JSON.stringify(later!.body.view)).toContain('Due reviews (1)');
  });
});

describe('Slack HTTP mode: without the durable inbox', () => {
  it('still answers, and writes no inbox rows (durable: false, as the benchmark compares)', async () => {
    h = await startHttpHarness({ durable: false });
    await ask(h, 'U0ALICE', 'q');
    expect(tableCounts(h.deps.store).inbox).toBe(0);
  });
});
