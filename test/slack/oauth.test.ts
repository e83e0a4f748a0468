/**
 * "Add to Slack" for many workspaces, through the composition root: real
 * Bolt (HTTPReceiver + InstallProvider) against the loopback fake Slack API,
 * which exchanges OAuth codes (`oauth.v2.access`) for per-workspace bot
 * tokens and answers `auth.test` per token. Two workspaces install on one
 * process and each is served with its own token; one uninstalls and its
 * posts stop; a forged state is refused; no table holds a token in plain text.
 */
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { compose, type Running } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createOps } from '../../src/ops/ops.js';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FakeSlackApi, type FakeWorkspace } from '../fakes/slack-api.js';
import { FORM, postSigned, slashCommandBody } from '../fakes/slack-requests.js';
import { makeDeps, type TestDeps } from '../support/core.js';

const SIGNING_SECRET = 'oauth-signing-secret-0123456789';
const STATE_SECRET = 'oauth-state-secret-abcdefghijkl';
const ALPHA: FakeWorkspace = { teamId: 'T0ALPHA1', teamName: 'Alpha' };
const BETA: FakeWorkspace = { teamId: 'T0BETA01', teamName: 'Beta' };

interface Setup {
  fake: FakeSlackApi;
  deps: TestDeps;
  running: Running;
  origin: string;
  encryptionKey: string;
}

let open: Setup | undefined;
afterEach(async () => {
  await open?.running.stop();
  await open?.fake.close();
  open = undefined;
});

/** Starts the bot; given an earlier setup, starts it again on the same database and fake Slack (a restart). */
async function start(earlier?: Setup, env: Record<string, string> = {}): Promise<Setup> {
  const fake = earlier?.fake ?? (await FakeSlackApi.start());
  // Just before 09:00 UTC: the subscriptions below fall due when the clock is set to 09:00.
  const deps = earlier?.deps ?? makeDeps({ now: '2026-03-10T08:59:00Z' });
  const encryptionKey = earlier?.encryptionKey ?? randomBytes(32).toString('base64');
  const config = loadConfig({
    SLACK_CLIENT_ID: FAKE_CLIENT_ID,
    SLACK_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    TOKEN_ENCRYPTION_KEY: encryptionKey,
    PORT: '0',
    HOST: '127.0.0.1',
    HEALTH_SERVER: 'off',
    ...env,
  });
  const running = await compose({
    config,
    store: deps.store,
    bank: deps.bank,
    clock: deps.clock,
    logger: deps.logger,
    ops: createOps(deps.logger),
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    schedule: () => ({ stop() {}, destroy() {} }),
  });
  const port = (deps.logger.lines.findLast((l) => l.msg === 'Slack adapter started')?.obj as { port: number }).port;
  open = { fake, deps, running, origin: `http://127.0.0.1:${port}`, encryptionKey };
  return open;
}

/** What a browser does: open the install page (which sets the state cookie), then come back from Slack with a code. */
async function install(s: Setup, workspace: FakeWorkspace, code: string): Promise<{ status: number; page: string }> {
  const page = await fetch(`${s.origin}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const authorize = /href="([^"]*slack\.com\/oauth\/v2\/authorize[^"]*)"/.exec(html)?.[1];
  expect(authorize, 'the install page links to Slack').toBeDefined();
  const state = new URL(authorize!.replace(/&amp;/g, '&')).searchParams.get('state')!;
  expect(new URL(authorize!.replace(/&amp;/g, '&')).searchParams.get('client_id')).toBe(FAKE_CLIENT_ID);
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  s.fake.addInstallCode(code, workspace);
  const back = await fetch(`${s.origin}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
  return { status: back.status, page: await back.text() };
}

async function command(s: Setup, team: string, user: string, channel: string, text: string, replyId: string): Promise<string> {
  const body = slashCommandBody({ text, user_id: user, team_id: team, channel_id: channel, response_url: s.fake.responseUrl(replyId) });
  expect((await postSigned(`${s.origin}/slack/events`, SIGNING_SECRET, body, FORM)).status).toBe(200);
  const [reply] = await s.fake.waitFor(() => s.fake.respondsTo(replyId));
  return JSON.stringify(reply!.body);
}

async function uninstall(s: Setup, team: string): Promise<void> {
  const body = JSON.stringify({
    token: 'unused',
    team_id: team,
    api_app_id: 'A0FAKEAPP',
    event: { type: 'app_uninstalled', event_ts: '1760000000.000100' },
    type: 'event_callback',
    event_id: `Ev${team}`,
    event_time: 1760000000,
  });
  expect((await postSigned(`${s.origin}/slack/events`, SIGNING_SECRET, body, 'application/json')).status).toBe(200);
}

/** Every row of every table as text. */
function everyRow(deps: TestDeps): string[] {
  const tables = deps.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return tables.flatMap(({ name }) => (deps.store.db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((row) => JSON.stringify(row)));
}

/** The daily posts in a channel (each also opens a discussion thread under itself, not counted here). */
const postsTo = (fake: FakeSlackApi, channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel && c.body.thread_ts === undefined);

describe('Slack OAuth: many workspaces on one deployment', () => {
  it('installs two workspaces, serves each with its own token, and stops posting to one after it uninstalls', async () => {
    const s = await start();
    const { fake, deps } = s;
    for (const [workspace, code] of [[ALPHA, 'code-alpha'], [BETA, 'code-beta']] as const) {
      const done = await install(s, workspace, code);
      expect(done.status).toBe(200);
      expect(done.page).toContain('Installed');
    }
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(2);
    expect(await deps.store.secrets.list()).toHaveLength(2);

    fake.users.set('U0ADA', { is_admin: true, team_id: ALPHA.teamId });
    fake.users.set('U0BEA', { is_admin: true, team_id: BETA.teamId });
    expect(await command(s, ALPHA.teamId, 'U0ADA', 'C0ALPHA', 'subscribe 09:00 UTC', 'a1')).toContain('daily question at 09:00 UTC');
    expect(await command(s, BETA.teamId, 'U0BEA', 'C0BETA', 'subscribe 09:00 UTC', 'b1')).toContain('daily question at 09:00 UTC');
    // The admin check and the channel check went to Slack with the asking workspace's own token.
    for (const method of ['users.info', 'conversations.info']) {
      expect(fake.callsTo(method).filter((c) => c.body.channel === 'C0ALPHA' || c.body.user === 'U0ADA').map((c) => c.team)).toEqual([ALPHA.teamId]);
      expect(fake.callsTo(method).filter((c) => c.body.channel === 'C0BETA' || c.body.user === 'U0BEA').map((c) => c.team)).toEqual([BETA.teamId]);
    }

    deps.clock.set('2026-03-10T09:00:00Z');
    await s.running.tick!();
    expect(postsTo(fake, 'C0ALPHA').map((c) => c.team)).toEqual([ALPHA.teamId]);
    expect(postsTo(fake, 'C0BETA').map((c) => c.team)).toEqual([BETA.teamId]);

    const callsBeforeUninstall = fake.calls.length;
    await uninstall(s, ALPHA.teamId);
    fake.revokeTokensOf(ALPHA.teamId);
    await expect.poll(async () => (await deps.store.channels.getSubscription('slack:C0ALPHA'))?.status).toBe('failing');
    expect(await deps.store.secrets.get(`slack-install:T:${ALPHA.teamId}`)).toBeNull();
    expect(await deps.store.secrets.get(`slack-install:T:${BETA.teamId}`)).not.toBeNull();
    expect(deps.logger.lines.some((l) => l.msg?.startsWith('Slack installation removed'))).toBe(true);

    deps.clock.set('2026-03-11T09:00:00Z');
    await s.running.tick!();
    expect(postsTo(fake, 'C0ALPHA')).toHaveLength(1);
    expect(postsTo(fake, 'C0BETA').map((c) => c.team)).toEqual([BETA.teamId, BETA.teamId]);
    // Nothing at all was sent with Alpha's revoked token after the uninstall.
    expect(fake.calls.slice(callsBeforeUninstall).filter((c) => c.team === ALPHA.teamId)).toEqual([]);

    // Re-installing within 30 days resumes the paused subscription.
    expect((await install(s, ALPHA, 'code-alpha-again')).status).toBe(200);
    expect((await deps.store.channels.getSubscription('slack:C0ALPHA'))?.status).toBe('ok');
    deps.clock.set('2026-03-12T09:00:00Z');
    await s.running.tick!();
    expect(postsTo(fake, 'C0ALPHA').map((c) => c.team)).toEqual([ALPHA.teamId, ALPHA.teamId]);

    // At rest: no token anywhere in the database, and none in the logs.
    const rows = everyRow(deps).join('\n');
    expect(fake.issuedTokens()).toHaveLength(3);
    for (const token of fake.issuedTokens()) expect(rows).not.toContain(token);
    expect(rows).not.toMatch(/xoxb-/);
    const logs = JSON.stringify(deps.logger.lines);
    expect(logs).not.toMatch(/xoxb-/);
    expect(logs).not.toContain(FAKE_CLIENT_SECRET);
    expect(logs).not.toContain(s.encryptionKey);
  });

  it('refuses a forged or missing state with a plain page, and installs nothing', async () => {
    const s = await start();
    s.fake.addInstallCode('code-gamma', { teamId: 'T0GAMMA1' });
    const forged = await fetch(`${s.origin}/slack/oauth_redirect?code=code-gamma&state=forged.state.value`, { headers: { cookie: 'slack-app-oauth-state=forged.state.value' } });
    expect(forged.status).toBe(400);
    const page = await forged.text();
    expect(page).toContain('Install failed');
    expect(page).toContain('Start again from the install page');
    expect(page).not.toMatch(/at \w+ \(|Error:/);
    // A state from our install page, but the cookie of another browser: refused too (CSRF).
    const html = await (await fetch(`${s.origin}/slack/install`)).text();
    const state = new URL(/href="([^"]*oauth\/v2\/authorize[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&')).searchParams.get('state')!;
    const stolen = await fetch(`${s.origin}/slack/oauth_redirect?code=code-gamma&state=${encodeURIComponent(state)}`);
    expect(stolen.status).toBe(400);
    expect(s.fake.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(await s.deps.store.secrets.list()).toEqual([]);
  });

  it('org-wide Enterprise Grid install: every team of the org is served by the one installation', async () => {
    let s = await start();
    const org: FakeWorkspace = { teamId: 'E0ORG001', enterpriseId: 'E0ORG001', orgWide: true };
    expect((await install(s, org, 'code-org')).status).toBe(200);
    s.fake.users.set('U0OLA', { is_admin: true, team_id: 'T0TEAMA1' });
    const body = slashCommandBody({ text: 'subscribe 09:00 UTC', user_id: 'U0OLA', team_id: 'T0TEAMA1', channel_id: 'C0ORGA', enterprise_id: 'E0ORG001', response_url: s.fake.responseUrl('o1') });
    const sent = await postSigned(`${s.origin}/slack/events`, SIGNING_SECRET, body.replace('is_enterprise_install=false', 'is_enterprise_install=true'), FORM);
    expect(sent.status).toBe(200);
    const [reply] = await s.fake.waitFor(() => s.fake.respondsTo('o1'));
    expect(JSON.stringify(reply!.body)).toContain('daily question at 09:00 UTC');
    // After a restart the team's org is still on record, so the daily post finds the org's token.
    await s.running.stop();
    s = await start(s);
    s.deps.clock.set('2026-03-10T09:00:00Z');
    await s.running.tick!();
    expect(postsTo(s.fake, 'C0ORGA').map((c) => c.team)).toEqual(['E0ORG001']);

    const orgUninstall = JSON.stringify({ team_id: 'T0TEAMA1', enterprise_id: 'E0ORG001', is_enterprise_install: true, api_app_id: 'A0FAKEAPP', event: { type: 'app_uninstalled' }, type: 'event_callback', event_id: 'EvOrg', event_time: 1760000000 });
    expect((await postSigned(`${s.origin}/slack/events`, SIGNING_SECRET, orgUninstall, 'application/json')).status).toBe(200);
    await expect.poll(async () => (await s.deps.store.channels.getSubscription('slack:C0ORGA'))?.status).toBe('failing');
    // The org's token is gone; only the note of which org the team belongs to stays, for a re-install.
    expect((await s.deps.store.secrets.list()).map((x) => x.name)).toEqual(['slack-team:T0TEAMA1']);
    expect((await install(s, org, 'code-org-again')).status).toBe(200);
    expect((await s.deps.store.channels.getSubscription('slack:C0ORGA'))?.status).toBe('ok');
  });
});

describe('the token encryption key', () => {
  it('rotation re-seals every stored token at start-up; a wrong key stops start-up with a clear message', async () => {
    let s = await start();
    expect((await install(s, ALPHA, 'code-rot')).status).toBe(200);
    const sealedBefore = (await s.deps.store.secrets.list())[0]!.sealed;
    await s.running.stop();

    // A key that opens nothing: start-up refuses, naming the fix.
    const oldKey = s.encryptionKey;
    await expect(start({ ...s, encryptionKey: randomBytes(32).toString('base64') })).rejects.toThrow(/does not open 1 of the 1 stored .*TOKEN_ENCRYPTION_KEY_PREVIOUS/);

    // The new key with the old one as previous: everything is re-sealed at once, and the old key can go.
    const newKey = randomBytes(32).toString('base64');
    s = await start({ ...s, encryptionKey: newKey }, { TOKEN_ENCRYPTION_KEY_PREVIOUS: oldKey });
    const sealedAfter = (await s.deps.store.secrets.list())[0]!.sealed;
    expect(sealedAfter).not.toBe(sealedBefore);
    expect(s.deps.logger.lines.find((l) => l.msg === 'token encryption key rotated')?.obj).toEqual({ resealed: 1 });
    await s.running.stop();
    s = await start({ ...s, encryptionKey: newKey });
    expect(await command(s, ALPHA.teamId, 'U0ADA', 'C0ALPHA', 'topics', 'rot1')).toContain('networking');
  });
});
