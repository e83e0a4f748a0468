/** startApp with Slack tokens starts the Slack adapter (not the console) and stops it cleanly. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { FORM, postSigned, slashCommandBody } from '../fakes/slack-requests.js';
import { makeDeps } from '../support/core.js';

describe('startApp with Slack configured', () => {
  it('serves /aws over HTTP mode and leaves the console off', async () => {
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
    });
    const running = await startApp({ config, deps, logger: deps.logger, stdin: new PassThrough(), stdout });
    try {
      const started = deps.logger.lines.find((l) => l.msg === 'Slack adapter started');
      const port = (started?.obj as { port: number }).port;
      const body = slashCommandBody({ text: 'topics', user_id: 'U0ALICE', response_url: fake.responseUrl('w') });
      expect((await postSigned(`http://127.0.0.1:${port}/slack/events`, 'wiring-secret', body, FORM)).status).toBe(200);
      const [reply] = await fake.waitFor(() => fake.respondsTo('w'));
      expect(reply!.body.response_type).toBe('ephemeral');
      expect(printed).toBe('');
      // One line per command, with latency and outcome (written by the ops wrapper).
      const commandLine = () => deps.logger.lines.find((l) => (l.obj as { command?: string }).command === 'topics' && 'ms' in l.obj);
      // The line is written once the reply has been sent, which may be just after the fake saw it.
      for (let i = 0; i < 200 && !commandLine(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(commandLine()?.obj).toMatchObject({ platform: 'slack', user: expect.stringMatching(/^slack:T\w+:U0ALICE$/), outcome: 'ok', ms: expect.any(Number) });
      // Secrets never reach the logs.
      expect(JSON.stringify(deps.logger.lines)).not.toMatch(/xoxb-|wiring-secret/);
    } finally {
      await running.stop();
      await fake.close();
    }
  });
});
