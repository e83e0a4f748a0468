/** Slack as a platform: what it can do, and how it starts (Bolt is loaded only then). */
import { slackMode } from '../../config.js';
import type { PlatformInfo } from '../../core/ports/platform.js';
import type { PlatformModule } from '../contract.js';
import { parseSlackMention } from './normalize.js';

export const slackInfo: PlatformInfo = {
  id: 'slack',
  label: 'Slack',
  capabilities: { dm: true, forms: true, files: true, editInPlace: true, threads: true, ephemeral: true },
  adminsAre: 'workspace admins and owners, and the user ids in SLACK_ADMIN_USER_IDS',
  invocation: (command) => `/aws ${command}`,
  parseMention: parseSlackMention,
};

export const slackPlatform: PlatformModule = {
  info: slackInfo,
  enabled: (config) => slackMode(config) !== null,
  async start(host) {
    const { config } = host;
    const [{ SlackOAuth }, { createSlackTransport }] = await Promise.all([import('./oauth.js'), import('./transport.js')]);
    const oauth =
      slackMode(config) === 'oauth'
        ? new SlackOAuth({
            clientId: config.SLACK_CLIENT_ID!,
            clientSecret: config.SLACK_CLIENT_SECRET!,
            stateSecret: config.SLACK_STATE_SECRET!,
            vault: host.vault!,
            workspaces: host.workspaces,
            logger: host.logger,
            ...(config.PUBLIC_URL ? { redirectUri: `${config.PUBLIC_URL.replace(/\/+$/, '')}/slack/oauth_redirect` } : {}),
          })
        : undefined;
    const slack = createSlackTransport({
      config,
      inbound: host.inbound,
      logger: host.logger,
      diagrams: host.diagrams,
      clock: host.clock,
      track: host.track,
      rateLimited: (seconds) => host.rateLimited('slack', seconds),
      ...(oauth ? { oauth } : {}),
    });
    await slack.start();
    host.registerHealth('slack', () => (slack.connected() ? { ok: true } : { ok: false, detail: `${slack.mode} mode not connected` }));
    // Finish what was accepted before a crash (after start: replies need the client).
    await slack.recover().catch((err: unknown) => host.logger.error({ err }, 'Slack inbox recovery failed'));
    return { chatPort: slack.chatPort, directory: slack.directory, stop: () => slack.stop() };
  },
};
