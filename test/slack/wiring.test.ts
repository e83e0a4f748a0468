/** compose() with Slack tokens starts the Slack adapter (not the console), wraps every event in a log line, and stops cleanly. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createOps } from '../../src/ops/ops.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { FORM, postSigned, slashCommandBody } from '../fakes/slack-requests.js';
import { makeDeps } from '../support/core.js';

describe('compose with Slack configured', () => {
  it('serves /aws over HTTP mode, registers the Slack directory and chat port, and leaves the console off', async () => {
    const fake = await FakeSlackApi.start();
    const deps = makeDeps();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (c) => (printed += String(c)));
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'wiring-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      HEALTH_SERVER: 'off',
    });
    const running = await compose({
      config,
      store: deps.store,
      bank: deps.bank,
      clock: deps.clock,
      logger: deps.logger,
      ops: createOps(deps.logger),
      stdin: new PassThrough(),
      stdout,
      schedule: () => ({ stop() {}, destroy() {} }),
    });
    try {
      const started = deps.logger.lines.find((l) => l.msg === 'Slack adapter started');
      const port = (started?.obj as { port: number }).port;
      // The admin question goes to Slack's users.info through the registered directory.
      fake.users.set('U0ALICE', { is_admin: true, tz: 'Europe/Berlin' });
      const body = slashCommandBody({ text: 'subscribe 09:00 Europe/Berlin', user_id: 'U0ALICE', response_url: fake.responseUrl('w') });
      expect((await postSigned(`http://127.0.0.1:${port}/slack/events`, 'wiring-secret', body, FORM)).status).toBe(200);
      const [reply] = await fake.waitFor(() => fake.respondsTo('w'));
      expect(reply!.body.response_type).toBe('ephemeral');
      expect(JSON.stringify(reply!.body)).toContain('daily question at 09:00 Europe/Berlin');
      // The channel was checked through the Slack chat port before saving.
      expect(fake.callsTo('conversations.info')).toHaveLength(1);
      expect(await running.deps.store.channels.getSubscription('slack:C0PRACTICE')).toMatchObject({ platform: 'slack', channelRef: 'C0PRACTICE' });
      expect(printed).toBe('');
      // One line per command, with latency and outcome (written by the ops wrapper once the core answered).
      const commandLine = deps.logger.lines.find((l) => (l.obj as { command?: string }).command === 'subscribe' && 'ms' in l.obj);
      expect(commandLine?.obj).toMatchObject({ platform: 'slack', user: 'slack:T0FAKE01:U0ALICE', outcome: 'ok', ms: expect.any(Number) });
      // Secrets never reach the logs.
      expect(JSON.stringify(deps.logger.lines)).not.toMatch(/xoxb-|wiring-secret/);
    } finally {
      await running.stop();
      await fake.close();
    }
    expect(deps.logger.lines.some((l) => l.msg === 'Slack adapter stopped')).toBe(true);
  });
});
