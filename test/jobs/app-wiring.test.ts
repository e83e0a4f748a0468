/**
 * compose() starts the jobs with the running platforms' ports: a console
 * subscription due at start-up is printed in the terminal, and a person who
 * asked for review reminders gets the day's nudge as a Slack DM (real Bolt and
 * WebClient against the loopback Slack fake). Either breaks when compose or
 * the jobs' tick stops doing it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createEmptyCard } from 'ts-fsrs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compose, type Running } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { CronSchedule } from '../../src/jobs/cron.js';
import { createOps } from '../../src/ops/ops.js';
import { FAKE_TEAM_ID, FakeSlackApi } from '../fakes/slack-api.js';
import { makeDeps, run, type TestDeps } from '../support/core.js';
import { MINUTE, subscribe } from './support/harness.js';

/** A cron that never fires by itself; the test fires it. */
function manualCron() {
  const fired: (() => void)[] = [];
  const schedule: CronSchedule = (_expr, fn) => {
    fired.push(fn);
    return { stop() {}, destroy() {} };
  };
  return { schedule, fire: () => fired.forEach((f) => f()) };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'awsbot-wiring-'));

let running: Running | undefined;
let fake: FakeSlackApi | undefined;
afterEach(async () => {
  await running?.stop();
  await fake?.close();
  running = undefined;
  fake = undefined;
});

function composeWith(deps: TestDeps, env: Record<string, string>, extra: { stdin?: PassThrough; stdout?: PassThrough; schedule?: CronSchedule } = {}) {
  const config = loadConfig({ DATABASE_PATH: join(tempDir(), 'bot.sqlite'), OPS_PORT: '0', ...env });
  return compose({ config, store: deps.store, bank: deps.bank, clock: deps.clock, logger: deps.logger, ops: createOps(deps.logger, { defaultMetrics: false }), ...extra });
}

describe('compose wires the jobs', () => {
  it('a console subscription due now is printed in the terminal on start-up', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await subscribe(deps.store, { channel: 'local', platform: 'console' });
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (c: Buffer) => (printed += c.toString()));
    running = await composeWith(deps, { CONSOLE: 'on' }, { stdin, stdout, schedule: manualCron().schedule });
    await vi.waitFor(() => expect(printed).toContain("== Today's AWS interview question =="));
    stdin.end();
    await running.done;
    await running.stop();
    running = undefined;
    expect(deps.store.db.prepare('SELECT kind, state FROM posts').all()).toEqual([{ kind: 'daily', state: 'sent' }]);
    expect(deps.logger.lines.some((l) => l.msg === 'jobs stopped')).toBe(true);
  });

  it('review reminders go out as a Slack DM on the minute tick, once a day', async () => {
    fake = await FakeSlackApi.start();
    const deps = makeDeps({ now: '2026-03-10T07:30:00Z' });
    const alice = `slack:${FAKE_TEAM_ID}:U0ALICE1`;
    const who = { user: alice, platform: 'slack' };
    expect((await run(deps, 'timezone Europe/London', who)).status).toBe('ok');
    expect((await run(deps, 'remind on', who)).status).toBe('ok');
    await deps.store.practice.saveCard(alice, 'vpc-basics', { ...createEmptyCard(new Date('2026-03-01T00:00:00Z')), state: 2, reps: 1 });

    const cron = manualCron();
    running = await composeWith(
      deps,
      { SLACK_BOT_TOKEN: 'xoxb-wiring-test', SLACK_SIGNING_SECRET: 'wiring-signing-secret', SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' },
      { schedule: cron.schedule },
    );
    const dms = () => fake!.callsTo('chat.postMessage').filter((c) => c.body.channel === 'D0ALICE1');
    // 07:30 in London: before the reminder time, the start-up tick sends nothing.
    await running.tick!();
    expect(dms()).toEqual([]);

    deps.clock.set('2026-03-10T08:00:00Z');
    cron.fire(); // the minute tick, as node-cron would call it
    const [dm] = await fake.waitFor(dms);
    expect(fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual(['U0ALICE1']);
    expect(String(dm!.body.text)).toContain('You have 1 review due today');

    for (let i = 0; i < 3; i++) {
      deps.clock.advance(MINUTE);
      await running.tick!();
    }
    expect(dms()).toHaveLength(1);
  });
});
