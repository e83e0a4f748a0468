/**
 * Baseline of bench/startup.bench.ts: a bare Bolt app, no bot. Plain
 * JavaScript run by `node` itself (no TypeScript loader), as the bot runs
 * from dist/. It does what the bot's Slack start-up does before it logs
 * "Slack adapter started": check the token with auth.test (init), then listen
 * on HTTP (SLACK_SIGNING_SECRET) or connect over Socket Mode (SLACK_APP_TOKEN),
 * against SLACK_API_URL. Prints "ready" on stdout once up; SIGTERM stops it.
 */
import { App, LogLevel } from '@slack/bolt';

const socket = Boolean(process.env.SLACK_APP_TOKEN);
const clientOptions = { slackApiUrl: process.env.SLACK_API_URL };
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  ...(socket ? { socketMode: true, appToken: process.env.SLACK_APP_TOKEN, installerOptions: { clientOptions } } : { signingSecret: process.env.SLACK_SIGNING_SECRET }),
  clientOptions,
  logLevel: LogLevel.WARN,
  deferInitialization: true,
});
app.command('/aws', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'static text' });
});
await app.init();
await (socket ? app.start() : app.start({ port: 0, host: '127.0.0.1' }));
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
