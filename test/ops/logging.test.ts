/**
 * Secrets never reach the logs: real-looking Slack and Discord tokens and a
 * signing secret, placed where they end up in practice (the config object, an
 * HTTP client's error with its request headers, a library's message text, a
 * capability URL), must not appear in the output — in-process and from the
 * running bot.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/ops/logger.js';
import { secretValues } from '../../src/ops/redact.js';
import { collect, exitOf } from './support/process.js';

const ROOT = resolve(import.meta.dirname, '../..');

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-2718281828-3141592653589-Zx9QwErTyUiOpAsDfGhJkL12',
  SLACK_APP_TOKEN: 'xapp-1-A0123456789-1234567890123-0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978',
  SLACK_SIGNING_SECRET: '8f2c4e6a1b3d5f7092a4c6e8b0d2f4a6',
  DISCORD_TOKEN: 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_xy',
};
const DB_PASSWORD = 'Sup3r-S3cret-pg-pw';
const OPS_SECRETS = { OPS_TOKEN: 'ops-bearer-0f1e2d3c4b5a6978', DATABASE_URL: `postgres://bot:${DB_PASSWORD}@db.internal:5432/bot` };
const RESPONSE_URL = 'https://hooks.slack.com/actions/T0123/4567890123/AbCdEfGhIjKlMnOpQrStUvWx';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpTZWNyZXRJbnRlcmFjdGlvblRva2Vu';
/** What must never be printed: the secrets and the secret parts of capability URLs. */
const NEVER = [...Object.values(SECRETS), 'AbCdEfGhIjKlMnOpQrStUvWx', INTERACTION_TOKEN];

function capture() {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => out };
}

/** An error shaped like the ones axios-based SDKs throw: request config and raw request attached. */
function httpClientError(): Error {
  const err = new Error('Request failed with status code 500') as Error & Record<string, unknown>;
  err.code = 'ERR_BAD_RESPONSE';
  err.config = { url: 'https://slack.com/api/chat.postMessage', headers: { Authorization: `Bearer ${SECRETS.SLACK_BOT_TOKEN}` } };
  err.request = { _header: `POST /api/chat.postMessage HTTP/1.1\r\nauthorization: Bearer ${SECRETS.SLACK_BOT_TOKEN}\r\n` };
  err.response = { status: 500, headers: { 'x-slack-req-id': 'abc' }, config: err.config };
  return err;
}

describe('log redaction', () => {
  it('keeps tokens, the signing secret and Authorization headers out of every line', () => {
    const config = loadConfig({ ...SECRETS, ...OPS_SECRETS, DISCORD_APPLICATION_ID: '109876543210987654', NODE_ENV: 'production' });
    const out = capture();
    const logger = createLogger({ level: 'trace', destination: out.stream, secrets: secretValues(config) });

    logger.info({ config }, 'configuration loaded');
    logger.info(config as unknown as object, 'configuration, top level');
    logger.error({ err: httpClientError() }, 'chat.postMessage failed');
    const wrapped = Object.assign(new Error('A request error occurred: Request failed'), { code: 'slack_webapi_request_error', original: httpClientError() });
    logger.error({ err: wrapped, channel: 'C123' }, 'post failed');
    logger.warn({ error: httpClientError() }, 'a field named error');
    logger.debug({ req: { method: 'POST', headers: { authorization: `Bot ${SECRETS.DISCORD_TOKEN}`, 'content-type': 'application/json' } } }, 'request');
    logger.debug({ options: { token: SECRETS.SLACK_APP_TOKEN, signingSecret: SECRETS.SLACK_SIGNING_SECRET } }, 'receiver options');
    logger.debug({ deep: { a: { b: { c: { d: SECRETS.SLACK_SIGNING_SECRET } } } } }, 'nested four levels down');
    logger.info({}, `[WebClient] apiCall('auth.test') token=${SECRETS.SLACK_BOT_TOKEN}`);
    logger.info({ url: RESPONSE_URL }, 'responding');
    logger.info({ route: `/webhooks/109876543210987654/${INTERACTION_TOKEN}/messages/@original` }, 'discord interaction reply');
    logger.warn({}, `pg: connection to ${OPS_SECRETS.DATABASE_URL} refused`);

    const text = out.text();
    for (const secret of [...NEVER, OPS_SECRETS.OPS_TOKEN, DB_PASSWORD]) expect(text).not.toContain(secret);
    // …while what helps debugging survives.
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatchObject({ config: { DATABASE_PATH: './data/bot.sqlite', SLACK_BOT_TOKEN: '[redacted]' } });
    expect(lines[2]).toMatchObject({ err: { message: 'Request failed with status code 500', code: 'ERR_BAD_RESPONSE', type: 'Error' } });
    expect(lines[2]!.err).not.toHaveProperty('config');
    expect(lines[3]).toMatchObject({ err: { code: 'slack_webapi_request_error', original: { message: 'Request failed with status code 500' } } });
    expect(lines[9]).toMatchObject({ url: 'https://hooks.slack.com/actions/[redacted]' });
    expect(lines[0]).toMatchObject({ config: { OPS_TOKEN: '[redacted]', DATABASE_URL: '[redacted]' } });
    expect(lines[11]).toMatchObject({ msg: 'pg: connection to [redacted] refused' }); // the configured value, whole
  });

  it('redacts by pattern even when the logger was not told the secret values', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    logger.info({ note: `xoxb token ${SECRETS.SLACK_BOT_TOKEN} and ${SECRETS.DISCORD_TOKEN}` }, `app token ${SECRETS.SLACK_APP_TOKEN}`);
    logger.info({ signingSecret: SECRETS.SLACK_SIGNING_SECRET, headers: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz012345' } }, 'x');
    logger.warn({}, `pg: connection to ${OPS_SECRETS.DATABASE_URL} refused`);
    for (const secret of [...NEVER, 'abcdefghijklmnopqrstuvwxyz012345', DB_PASSWORD]) expect(out.text()).not.toContain(secret);
    expect(out.text()).toContain('pg: connection to postgres://bot:[redacted]@db.internal:5432/bot refused');
  });
});

/** A Slack Web API stand-in that rejects every token (after seeing it). */
async function rejectingSlack() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'invalid_auth' })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, seen, close: () => server.close() };
}

describe('the running bot', () => {
  it('prints no secret from its environment, at trace level, when Slack rejects its token at start-up', async () => {
    const slack = await rejectingSlack();
    const dir = mkdtempSync(join(tmpdir(), 'awsbot-logs-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ...SECRETS,
        DISCORD_APPLICATION_ID: '109876543210987654',
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
        SLACK_API_URL: slack.url,
        DATABASE_PATH: join(dir, 'bot.sqlite'),
        NODE_ENV: 'production',
        LOG_LEVEL: 'trace',
        PORT: '0',
        HOST: '127.0.0.1',
        OPS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    let code: number | string;
    try {
      code = await exitOf(child, 30_000);
    } finally {
      slack.close();
    }
    const output = stdout.text() + stderr.text();
    // Past config, bank and store; Slack (started first) refuses the token and start-up stops with a message.
    expect(code).toBe(1);
    expect(stderr.text()).toContain('"msg":"starting"');
    expect(stderr.text()).toContain('Fatal: Error: Slack rejected SLACK_BOT_TOKEN (invalid_auth');
    // The token did reach the (fake) platform: used, never printed.
    expect(slack.seen.some((h) => h.authorization === `Bearer ${SECRETS.SLACK_BOT_TOKEN}`)).toBe(true);
    for (const secret of NEVER) expect(output).not.toContain(secret);
  }, 40_000);
});
