/** /healthz and /metrics: the checks, the two servers they can ride on, and what each wrapper records. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { HTTPReceiver } from '@slack/bolt';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { HealthRegistry, Heartbeat, storeWritableCheck } from '../../src/ops/health.js';
import { healthRoutes, opsPlacement, startOpsServer } from '../../src/ops/http.js';
import { createOps } from '../../src/ops/ops.js';
import { openDatabase } from '../../src/store/open.js';
import { startApp } from '../../src/app.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { makeDeps, memoryLogger } from '../support/core.js';
import { freePort } from './support/process.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'awsbot-health-')), 'bot.sqlite');

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

  it('probes the store with a write lock: ok, locked by another writer, read-only, closed', () => {
    const path = tempDb();
    const db = openDatabase(path);
    const check = storeWritableCheck(db, 50);
    expect(check()).toEqual({ ok: true });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000); // restored after the probe

    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    expect(check()).toMatchObject({ ok: false, detail: expect.stringContaining('SQLITE_BUSY') });
    other.exec('ROLLBACK');
    other.close();
    expect(check()).toEqual({ ok: true });

    const readonly = new Database(path, { readonly: true });
    expect(storeWritableCheck(readonly)()).toEqual({ ok: false, detail: 'database is open read-only' });
    readonly.close();
    db.close();
    expect(check()).toEqual({ ok: false, detail: 'database connection is closed' });
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

describe('where /healthz and /metrics are served', () => {
  const config = (env: Record<string, string>) => loadConfig(env);
  it('rides on Slack in HTTP mode, has its own port for other services, and none for console practice', () => {
    expect(opsPlacement(config({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toBe('slack-http');
    expect(opsPlacement(config({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toBe('own-port');
    expect(opsPlacement(config({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '109876543210987654' }))).toBe('own-port');
    expect(opsPlacement(config({ CONSOLE: 'off' }))).toBe('own-port');
    expect(opsPlacement(config({}))).toBe('none');
    expect(opsPlacement(config({ HEALTH_SERVER: 'on' }))).toBe('own-port');
    expect(opsPlacement(config({ HEALTH_SERVER: 'off', CONSOLE: 'off' }))).toBe('none');
  });

  it('serves both on its own server: 200 / 503 with the failing check named / 503 stopping; 404 and 405 otherwise', async () => {
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

  it('mounts on Bolt’s HTTPReceiver as customRoutes, next to /slack/events', async () => {
    const ops = createOps(memoryLogger(), { defaultMetrics: false });
    ops.health.register('store', () => true);
    const receiver = new HTTPReceiver({ signingSecret: 'test-signing-secret', customRoutes: healthRoutes(ops) });
    const server = await receiver.start({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('# TYPE awsbot_posts_sent_total counter');
    } finally {
      await receiver.stop();
    }
  });

  it('shares PORT with /slack/events when startApp runs Slack in HTTP mode', async () => {
    const fake = await FakeSlackApi.start();
    const port = await freePort();
    const deps = makeDeps();
    const ops = createOps(deps.logger, { defaultMetrics: false });
    ops.health.register('store', () => true);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-ops', SLACK_SIGNING_SECRET: 'ops-signing-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port), HOST: '127.0.0.1' });
    const running = await startApp({ config, deps, logger: deps.logger, ops });
    const base = `http://127.0.0.1:${port}`;
    try {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', checks: { store: { ok: true }, scheduler: { ok: true } } });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('awsbot_commands_total');
      // Same server: Slack's endpoint is there too (and refuses an unsigned request).
      expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(401);
    } finally {
      await running.stop();
      await fake.close();
    }
  });
});
