/**
 * SIGTERM in the middle of the daily fan-out, end to end: the real entry
 * point (src/main.ts → compose) runs Slack in Socket Mode against the loopback fake
 * Slack, whose chat.postMessage is held so posts are in flight when the
 * signal lands. The bot must let those posts finish and record them, start
 * no new ones, close the database cleanly and exit 0; a restart then sends
 * exactly the rest. Nothing lost, nothing duplicated.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_TEAM_ID, FakeSlackApi } from '../fakes/slack-api.js';
import { subscribeMany, zoneWhereItIsMorning } from '../jobs/support/harness.js';
import { makeDeps } from '../support/core.js';
import { collect, exitOf, logLines, waitFor } from './support/process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CHANNELS = 40;

let fake: FakeSlackApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function startBot(dbPath: string, apiUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-shutdown-test',
      SLACK_APP_TOKEN: 'xapp-1-shutdown-test',
      SLACK_API_URL: apiUrl,
      DATABASE_PATH: dbPath,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      OPS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, stderr: collect(child.stderr) };
}

const postedChannels = (f: FakeSlackApi) => f.callsTo('chat.postMessage').map((c) => String(c.body.channel));

function postRows(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  const rows = db.prepare('SELECT s.channel_ref AS channel, p.state, p.message_id AS messageId FROM posts p JOIN subscriptions s ON s.id = p.subscription_id').all() as {
    channel: string;
    state: string;
    messageId: string | null;
  }[];
  db.close();
  return rows;
}

describe('graceful shutdown', () => {
  it('finishes posts in flight on SIGTERM, starts no new ones, and a restart sends exactly the rest', async () => {
    fake = await FakeSlackApi.start();
    const dbPath = join(mkdtempSync(join(tmpdir(), 'awsbot-shutdown-')), 'bot.sqlite');
    const seed = makeDeps({ dbPath });
    await subscribeMany(seed.store, CHANNELS, { platform: 'slack', scope: `slack:${FAKE_TEAM_ID}`, time: '05:00', timezone: zoneWhereItIsMorning() });
    seed.store.db.close();

    // Run 1: posts reach Slack and wait there; SIGTERM arrives while they are in flight.
    const release = fake.hold('chat.postMessage');
    const first = startBot(dbPath, fake.apiUrl);
    await waitFor(() => (postedChannels(fake!).length > 0 ? true : undefined), 25_000, 'the fan-out to start').catch((err: Error) => {
      throw new Error(`${err.message}\n${first.stderr.text()}`);
    });
    // Several posts in flight at once (the pool takes 32), not just the first.
    await waitFor(() => (postedChannels(fake!).length >= 8 ? true : undefined), 10_000, 'several posts in flight');
    const inFlight = postedChannels(fake).length;
    first.child.kill('SIGTERM');
    await waitFor(() => (first.stderr.text().includes('"msg":"shutting down"') ? true : undefined), 5_000, 'shutdown to begin');
    setTimeout(release, 300); // Slack answers while the bot is stopping
    expect(await exitOf(first.child, 20_000)).toBe(0);

    const lines = logLines(first.stderr.text());
    expect(lines.find((l) => l.msg === 'stopped')).toMatchObject({ clean: true, reason: 'SIGTERM' });
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]); // no error lines
    expect(existsSync(`${dbPath}-wal`)).toBe(false); // checkpointed and closed

    const afterFirst = postRows(dbPath);
    const sentFirst = postedChannels(fake);
    expect(inFlight).toBeGreaterThan(0);
    expect(sentFirst.length).toBeLessThan(CHANNELS); // the signal did land mid fan-out
    expect(new Set(sentFirst).size).toBe(sentFirst.length);
    // Every post that reached Slack is recorded as sent with its message id; nothing is left claimed.
    expect(afterFirst.every((r) => r.state === 'sent' && r.messageId)).toBe(true);
    expect(afterFirst.map((r) => r.channel).sort()).toEqual([...sentFirst].sort());

    // Run 2: the catch-up sends the rest, once each.
    const second = startBot(dbPath, fake.apiUrl);
    await waitFor(() => (postedChannels(fake!).length >= CHANNELS ? true : undefined), 25_000, 'the rest of the fan-out').catch((err: Error) => {
      throw new Error(`${err.message}\n${second.stderr.text()}`);
    });
    await waitFor(() => (postRows(dbPath).filter((r) => r.state === 'sent').length >= CHANNELS ? true : undefined), 5_000, 'all posts recorded');
    second.child.kill('SIGTERM');
    expect(await exitOf(second.child, 20_000)).toBe(0);

    const all = postedChannels(fake);
    expect(all).toHaveLength(CHANNELS);
    expect(new Set(all).size).toBe(CHANNELS);
    const rows = postRows(dbPath);
    expect(rows).toHaveLength(CHANNELS);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
  }, 90_000);
});
