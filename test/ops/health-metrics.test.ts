/**
 * /healthz and /metrics: the checks, their own server (OPS_PORT on OPS_HOST,
 * with a bearer token beyond loopback), when compose() serves them, and what
 * the limits report.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { compose, type Running } from '../../src/compose.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { HealthRegistry, Heartbeat } from '../../src/ops/health.js';
import { opsServed, startOpsServer } from '../../src/ops/http.js';
import { createOps } from '../../src/ops/ops.js';
import { openStore } from '../../src/store/open.js';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { makeDeps, memoryLogger, textEvent } from '../support/core.js';
import { freePort } from './support/process.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'awsbot-health-'));

describe('health checks', () => {
  it('is ok when every check passes, and names the ones that fail', async () => {
    const health = new HealthRegistry(100);
    health.register('store', () => true);
    health.register('slack', () => ({ ok: false, detail: 'socket disconnected' }));
    health.register('discord', () => {
      throw new Error('gateway gone');
    });
    health.register('scheduler', () => new Promise(() => {})); // hangs
    expect(await health.report()).toEqual({
      status: 'failing',
      checks: {
        store: { ok: true },
        slack: { ok: false, detail: 'socket disconnected' },
        discord: { ok: false, detail: 'gateway gone' },
        scheduler: { ok: false, detail: 'no answer within 100 ms' },
      },
    });
    const healthy = new HealthRegistry();
    const unregister = healthy.register('slack', () => false);
    unregister();
    expect(await healthy.report()).toEqual({ status: 'ok', checks: {} });
    healthy.markStopping();
    expect((await healthy.report()).status).toBe('stopping');
  });

  it('probes the SQLite store with its write lock: ok, locked by another writer, closed', async () => {
    const path = join(tempDir(), 'bot.sqlite');
    const opened = await openStore({ DATABASE_PATH: path, DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1 }, memoryLogger());
    const db = (opened.store as SqliteStore).db;
    expect(await opened.writable()).toEqual({ ok: true });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000); // restored after the probe

    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    expect(await opened.writable()).toMatchObject({ ok: false, detail: expect.stringContaining('database is locked') });
    other.exec('ROLLBACK');
    other.close();
    expect(await opened.writable()).toEqual({ ok: true });

    await opened.close();
    expect(await opened.writable()).toEqual({ ok: false, detail: 'database connection is closed' });
  });

  it('counts a scheduler as dead after a silence', () => {
    let now = 0;
    const beat = new Heartbeat(180_000, () => now);
    now = 179_000;
    expect(beat.check()).toEqual({ ok: true });
    now = 200_000;
    expect(beat.check()).toEqual({ ok: false, detail: 'no run for 200 s' });
    beat.beat();
    expect(beat.check()).toEqual({ ok: true });
  });
});

describe('the ops server', () => {
  it('serves both routes: 200 / 503 with the failing check named / 503 stopping; 404 and 405 otherwise', async () => {
    const ops = createOps(memoryLogger(), { defaultMetrics: false });
    let storeOk = true;
    ops.health.register('store', () => storeOk);
    const server = await startOpsServer(ops, { port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const ok = await fetch(`${base}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok', checks: { store: { ok: true } } });
      storeOk = false;
      const failing = await fetch(`${base}/healthz?verbose=1`);
      expect(failing.status).toBe(503);
      expect(await failing.json()).toEqual({ status: 'failing', checks: { store: { ok: false } } });
      storeOk = true;
      ops.health.markStopping();
      expect((await fetch(`${base}/healthz`)).status).toBe(503);

      ops.metrics.commandHandled({ platform: 'slack', command: 'answer', outcome: 'ok', seconds: 0.01 });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain('awsbot_commands_total{platform="slack",command="answer",outcome="ok"} 1');
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${base}/healthz`, { method: 'HEAD' })).status).toBe(503);
    } finally {
      await server.close();
    }
  });

  it('with OPS_TOKEN, answers 401 without `Authorization: Bearer <token>` and 200 with it', async () => {
    const ops = createOps(memoryLogger(), { defaultMetrics: false });
    ops.health.register('store', () => true);
    const token = 'ops-token-for-the-test-0123456789';
    const server = await startOpsServer(ops, { port: 0, host: '127.0.0.1', token });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      for (const path of ['/healthz', '/metrics']) {
        const bare = await fetch(`${base}${path}`);
        expect(bare.status, path).toBe(401);
        expect(bare.headers.get('www-authenticate')).toBe('Bearer');
        expect(await bare.text()).toBe(''); // nothing leaks to the unauthenticated
        for (const wrong of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, token, `Basic ${token}`]) {
          expect((await fetch(`${base}${path}`, { headers: { authorization: wrong } })).status, `${path} with ${wrong}`).toBe(401);
        }
        expect((await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })).status, path).toBe(200);
      }
    } finally {
      await server.close();
    }
  });

  it('the configuration refuses OPS_HOST beyond loopback without OPS_TOKEN', () => {
    expect(() => loadConfig({ OPS_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPS_HOST: '0.0.0.0' })).toThrow(/OPS_TOKEN is required when OPS_HOST opens \/metrics and \/healthz beyond loopback/);
    expect(() => loadConfig({ OPS_HOST: '10.0.0.5', OPS_TOKEN: '   ' })).toThrow(/OPS_TOKEN is required/);
    expect(loadConfig({ OPS_HOST: '0.0.0.0', OPS_TOKEN: 'a-long-random-token' })).toMatchObject({ OPS_HOST: '0.0.0.0', OPS_TOKEN: 'a-long-random-token' });
    for (const loopback of ['127.0.0.1', 'localhost', '::1']) expect(loadConfig({ OPS_HOST: loopback }).OPS_TOKEN).toBeUndefined();
    expect(loadConfig({})).toMatchObject({ OPS_HOST: '127.0.0.1', OPS_PORT: 9090 });
  });

  it('is served when the bot runs as a service, or when asked; never when HEALTH_SERVER=off', () => {
    expect(opsServed('auto', true)).toBe(true);
    expect(opsServed('auto', false)).toBe(false);
    expect(opsServed('on', false)).toBe(true);
    expect(opsServed('off', true)).toBe(false);
  });
});

describe('compose and the ops server', () => {
  let running: Running | undefined;
  let fake: FakeSlackApi | undefined;
  afterEach(async () => {
    await running?.stop();
    await fake?.close();
    running = undefined;
    fake = undefined;
  });

  async function composeWith(env: Record<string, string>, deps = makeDeps()) {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    stdout.resume();
    const ops = createOps(deps.logger, { defaultMetrics: false });
    const config = loadConfig({ DATABASE_PATH: join(tempDir(), 'bot.sqlite'), OPS_PORT: '0', ...env });
    running = await compose({ config, store: deps.store, bank: deps.bank, clock: deps.clock, logger: deps.logger, ops, stdin, stdout, schedule: () => ({ stop() {}, destroy() {} }) });
    return { running, ops, stdin, deps };
  }

  it('opens no port for console practice, one for a service (CONSOLE=off), none with HEALTH_SERVER=off', async () => {
    const practice = await composeWith({});
    expect(practice.running.opsPort).toBeNull();
    practice.stdin.end();
    await practice.running.stop();

    const service = await composeWith({ CONSOLE: 'off' });
    expect(service.running.opsPort).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${service.running.opsPort}/healthz`)).status).toBe(200);
    await service.running.stop();

    const off = await composeWith({ CONSOLE: 'off', HEALTH_SERVER: 'off' });
    expect(off.running.opsPort).toBeNull();
  });

  it('/metrics shows the limits: their settings and every refusal (awsbot_limit_setting, awsbot_limited_total)', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const { running: r, stdin } = await composeWith({ CONSOLE: 'on', HEALTH_SERVER: 'on', OPS_TOKEN: token, COMMANDS_PER_MINUTE: '2', PUBLIC_COOLDOWN_SECONDS: '45' });
    const who = { user: 'console:alice', platform: 'console', place: { scope: 'console:local', channelKey: 'console:local', channelRef: 'local' } };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await r.inbound.handle(textEvent('help', who))).status);
    expect(statuses).toEqual(['ok', 'ok', 'limited', 'limited']);
    const res = await fetch(`http://127.0.0.1:${r.opsPort}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    expect(text).toContain('# TYPE awsbot_limited_total counter');
    expect(text).toContain('awsbot_limited_total{kind="commands"} 2');
    expect(text).toContain('# TYPE awsbot_limit_setting gauge');
    expect(text).toContain('awsbot_limit_setting{limit="commands_per_minute"} 2');
    expect(text).toContain('awsbot_limit_setting{limit="public_cooldown_seconds"} 45');
    expect(text).toContain('awsbot_commands_total{platform="console",command="help",outcome="limited"} 2');
    stdin.end();
  });

  it('Slack in HTTP mode: /healthz and /metrics are on OPS_PORT, not on the public Slack port', async () => {
    fake = await FakeSlackApi.start();
    const port = await freePort();
    const { running: r } = await composeWith({
      SLACK_BOT_TOKEN: 'xoxb-ops',
      SLACK_SIGNING_SECRET: 'ops-signing-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    const publicBase = `http://127.0.0.1:${port}`;
    expect((await fetch(`${publicBase}/healthz`)).status).toBe(404);
    expect((await fetch(`${publicBase}/metrics`)).status).toBe(404);
    // The Slack endpoint is there (and refuses an unsigned request).
    expect((await fetch(`${publicBase}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(401);

    const opsBase = `http://127.0.0.1:${r.opsPort}`;
    const health = await fetch(`${opsBase}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { slack: { ok: true }, scheduler: { ok: true } } });
    expect(await (await fetch(`${opsBase}/metrics`)).text()).toContain('# TYPE awsbot_posts_sent_total counter');
  });
});
