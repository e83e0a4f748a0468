/**
 * HTTP mode end to end: the real Bolt App and HTTPReceiver on loopback,
 * signed requests shaped like Slack's, the Web API and response_url served
 * by the loopback fake. Time for the core comes from the FakeClock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FORM, appHomeOpenedBody, postSigned, slashCommandBody } from '../fakes/slack-requests.js';
import { createSlackApp } from '../../src/adapters/slack/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { makeDeps, tableCounts } from '../support/core.js';
import { buttonsOf, SIGNING_SECRET, startHttpHarness, textOf, type HttpHarness } from './harness.js';

const DAY = 86_400_000;
let h: HttpHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function ask(harness: HttpHarness, user: string, replyId: string) {
  const res = await harness.command('question networking', user, replyId);
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
  it('rejects a forged signature with 401 and changes nothing', async () => {
    h = await startHttpHarness();
    const before = tableCounts(h.deps.store);
    const res = await h.command('question', 'U0ALICE', 'forged', { signature: `v0=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    expect(tableCounts(h.deps.store)).toEqual(before);
    expect(h.fake.responds).toEqual([]);
  });

  it('rejects a correctly signed request older than five minutes with 401', async () => {
    h = await startHttpHarness();
    const before = tableCounts(h.deps.store);
    const res = await h.command('question', 'U0ALICE', 'stale', { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(tableCounts(h.deps.store)).toEqual(before);
    expect(h.fake.responds).toEqual([]);
  });

  it('rejects a body changed after signing', async () => {
    h = await startHttpHarness();
    const signedFor = slashCommandBody({ text: 'help', user_id: 'U0ALICE', response_url: h.fake.responseUrl('x') });
    const ts = Math.floor(Date.now() / 1000);
    const { slackSignature } = await import('../fakes/slack-requests.js');
    const res = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SIGNING_SECRET, ts, signedFor) },
      body: signedFor.replace('help', 'subscribe+09%3A00+UTC'),
    });
    expect(res.status).toBe(401);
  });
});

describe('Slack HTTP mode: /aws, Reveal and grade', () => {
  it('posts the question in the channel with a Reveal button, reveals privately, grades in place', async () => {
    h = await startHttpHarness();
    const { question, answer, outcome } = await revealAndGrade(h, 'U0ALICE', 'a');

    expect(question.response_type).toBe('in_channel');
    expect(question.replace_original).toBe(false);
    const [reveal] = buttonsOf(question);
    expect(reveal).toMatchObject({ text: 'Reveal answer', style: 'primary' });
    expect(reveal!.action_id).toMatch(/^reveal:[a-z0-9-]+:d$/);

    expect(answer.response_type).toBe('ephemeral');
    expect(answer.replace_original).toBe(false);
    expect(buttonsOf(answer).map((b) => b.text)).toEqual(['Knew it', 'Partly', "Didn't know"]);
    expect(textOf(answer)).toContain('Like I’m five');

    expect(outcome.replace_original).toBe(true);
    expect(outcome.response_type).toBe('ephemeral');
    expect(buttonsOf(outcome)).toEqual([]);
    expect(textOf(outcome)).toContain('🔥 1-day streak');
    // The answer stays on screen; only the buttons were replaced.
    expect(textOf(outcome)).toContain('Like I’m five');
    expect(tableCounts(h.deps.store).attempts).toBe(1);
  });

  it('counts a double click once, even when both clicks arrive together', async () => {
    h = await startHttpHarness();
    const { gradeId } = await revealAndGrade(h, 'U0ALICE', 'a');
    await Promise.all([
      h.click(gradeId, 'U0ALICE', 'dup1', { ephemeral: true }),
      h.click(gradeId, 'U0ALICE', 'dup2', { ephemeral: true }),
    ]);
    const replies = await h.fake.waitFor(() => h!.fake.responds.filter((r) => r.id.startsWith('dup')), 2);
    expect(tableCounts(h.deps.store).attempts).toBe(1);
    for (const r of replies) expect(textOf(r.body)).toContain('counts once');
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

  it('answers a tampered or unknown action id with a polite private error and logs it', async () => {
    h = await startHttpHarness();
    const before = tableCounts(h.deps.store);
    const forged = ['grade:vpc-basics:excellent', 'reveal:../../etc/passwd', `grade:${'x'.repeat(300)}:knew`, 'delete:everything'];
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
    expect(tableCounts(h.deps.store)).toEqual(before);
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
});

describe('Slack HTTP mode: admin commands', () => {
  const channelKey = 'slack:T0FAKE01:C0PRACTICE';

  it('refuses subscribe to a non-admin, privately, and writes nothing', async () => {
    h = await startHttpHarness();
    h.fake.users.set('U0BOB', { is_admin: false, is_owner: false });
    const before = tableCounts(h.deps.store);
    await h.command('subscribe 09:00 Europe/Berlin', 'U0BOB', 's');
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('s'));
    expect(reply!.body.response_type).toBe('ephemeral');
    expect(textOf(reply!.body)).toContain('Only channel admins');
    expect(tableCounts(h.deps.store)).toEqual(before);
  });

  it('allows a user listed in SLACK_ADMIN_USER_IDS without asking users.info', async () => {
    h = await startHttpHarness({ adminIds: ['U0ADMIN'] });
    await h.command('subscribe 09:00 Europe/Berlin', 'U0ADMIN', 's');
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('s'));
    expect(textOf(reply!.body)).toContain('daily question at 09:00 Europe/Berlin');
    expect(h.deps.store.getSubscriptionByChannel(channelKey)).toMatchObject({ channelRef: 'C0PRACTICE', platform: 'slack', scope: 'slack:T0FAKE01' });
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('allows a workspace admin or owner according to users.info, and caches the answer', async () => {
    h = await startHttpHarness();
    h.fake.users.set('U0OWNER', { is_owner: true });
    await h.command('subscribe 08:30 UTC', 'U0OWNER', 's1');
    await h.fake.waitFor(() => h!.fake.respondsTo('s1'));
    await h.command('unsubscribe', 'U0OWNER', 's2');
    const [second] = await h.fake.waitFor(() => h!.fake.respondsTo('s2'));
    expect(textOf(second!.body)).not.toContain('Only channel admins');
    expect(h.deps.store.getSubscriptionByChannel(channelKey)).toBeNull();
    expect(h.fake.callsTo('users.info')).toHaveLength(1);
    expect(h.fake.callsTo('users.info')[0]!.body.user).toBe('U0OWNER');
  });

  it('acknowledges before slow work: the HTTP ack returns while users.info is still pending', async () => {
    h = await startHttpHarness();
    h.fake.users.set('U0SLOW', { is_admin: true });
    const release = h.fake.hold('users.info');
    const res = await h.command('subscribe 09:00 UTC', 'U0SLOW', 'slow');
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h!.fake.callsTo('users.info'));
    expect(h.fake.respondsTo('slow')).toEqual([]);
    release();
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('slow'));
    expect(textOf(reply!.body)).toContain('daily question');
  });
});

describe('Slack HTTP mode: configuration', () => {
  it('accepts SLACK_API_URL without a trailing slash', async () => {
    h = await startHttpHarness({ apiUrlWithoutSlash: true });
    // Without the slash the client would call /apiauth.test, which the fake does not record.
    expect(h.fake.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('refuses to start with a token Slack rejects, naming the variable', async () => {
    const fake = await FakeSlackApi.start();
    fake.inject('auth.test', { error: 'invalid_auth' });
    const deps = makeDeps();
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' });
    try {
      await expect(createSlackApp({ config, deps, logger: deps.logger }).start()).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth: .*reinstall/);
    } finally {
      await fake.close();
    }
  });

  it('serves extra routes (e.g. /healthz) on the same port as /slack/events', async () => {
    h = await startHttpHarness({ httpRoutes: [{ path: '/healthz', method: 'GET', handler: (_req, res) => res.end('ok') }] });
    const res = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
    expect(await res.text()).toBe('ok');
  });
});

describe('Slack HTTP mode: App Home', () => {
  it('publishes the Home tab with streak and totals on app_home_opened', async () => {
    h = await startHttpHarness();
    await revealAndGrade(h, 'U0ALICE', 'a', 'partly');
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, appHomeOpenedBody('U0ALICE'), 'application/json');
    expect(res.status).toBe(200);
    const [publish] = await h.fake.waitFor(() => h!.fake.callsTo('views.publish'));
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
    h.deps.clock.advance(14 * 86_400_000);
    await postSigned(h.eventsUrl, SIGNING_SECRET, appHomeOpenedBody('U0ALICE'), 'application/json');
    const [, later] = await h.fake.waitFor(() => h!.fake.callsTo('views.publish'), 2);
    expect(JSON.stringify(later!.body.view)).toContain('Due reviews (1)');
  });
});
