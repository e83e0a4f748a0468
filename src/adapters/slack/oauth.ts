/**
 * Many workspaces on one deployment: Slack's OAuth v2 install flow (Bolt's
 * InstallProvider behind /slack/install and /slack/oauth_redirect) with the
 * installation store implemented on our vault — each installation sealed with
 * TOKEN_ENCRYPTION_KEY, so the database holds no plain-text token. Every
 * command, post, reminder and digest then uses its own workspace's token.
 * `app_uninstalled` / `tokens_revoked` delete the installation and pause the
 * workspace's subscriptions (kept 30 days for a re-install, then purged).
 *
 * Enterprise Grid: an org-wide install is one installation for every team of
 * the org, but channels (and so subscriptions) belong to teams. The first
 * interaction from a team of an org records which org it belongs to (in the
 * vault, so daily posts after a restart find the org's token); uninstalling
 * the org pauses the subscriptions of every team recorded for it.
 */
import { webApi, type App, type HTTPReceiverOptions } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../core/ports/logger.js';
import type { Vault } from '../../core/ports/secrets.js';

/** The bot scopes the app asks for; the manifest lists the same. */
export const BOT_SCOPES = ['commands', 'chat:write', 'users:read', 'im:write', 'channels:read', 'groups:read', 'files:write'];

/** What the Slack adapter asks of the core when a workspace comes or goes. */
export interface WorkspaceEvents {
  installed(scope: string): Promise<void>;
  removed(scope: string): Promise<void>;
}

interface InstallationLike {
  team?: { id: string; name?: string } | undefined;
  enterprise?: { id: string } | undefined;
  isEnterpriseInstall?: boolean;
  bot?: { token: string };
}

interface Query {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

/** An org-wide (Enterprise Grid) install is one installation for every team of the org. */
export const installationName = (q: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean }): string =>
  q.isEnterpriseInstall && q.enterpriseId ? `slack-install:E:${q.enterpriseId}` : `slack-install:T:${q.teamId ?? ''}`;
/** Which org a team belongs to: kept under the org's scope, so an org uninstall finds its teams. */
const TEAM_OF_ORG = 'slack-team:';

const page = (res: ServerResponse, status: number, title: string, body: string) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui;max-width:40em;margin:4em auto"><h1>${title}</h1><p>${body}</p></body>`);
};

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  vault: Vault;
  workspaces: WorkspaceEvents;
  logger: Logger;
  /** Where Slack sends people back (PUBLIC_URL + /slack/oauth_redirect). */
  redirectUri?: string;
}

/**
 * How long a workspace's client (and so its token) is reused. Short, because
 * another replica may have handled an uninstall and re-install meanwhile.
 */
export const CLIENT_TTL_MS = 60_000;

export class SlackOAuth {
  private readonly clients = new Map<string, { client: webApi.WebClient; at: number }>();
  /** Which installation serves a team (an org-wide install serves all its teams). */
  private readonly enterpriseOf = new Map<string, string>();

  constructor(private readonly opts: SlackOAuthOptions) {}

  readonly installationStore = {
    storeInstallation: async (installation: InstallationLike): Promise<void> => {
      const q = { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall === true };
      const scope = q.isEnterpriseInstall ? `slack:${q.enterpriseId}` : `slack:${q.teamId}`;
      await this.opts.vault.put(installationName(q), scope, JSON.stringify(installation));
      this.clients.clear();
      await this.opts.workspaces.installed(scope);
      // An org coming back resumes the subscriptions of every team recorded for it.
      if (q.isEnterpriseInstall && q.enterpriseId) for (const team of await this.teamsOfOrg(q.enterpriseId)) await this.opts.workspaces.installed(team);
      this.opts.logger.info({ scope, enterprise: q.isEnterpriseInstall }, 'Slack app installed');
    },
    fetchInstallation: async (query: Query) => {
      const found = await this.fetch(query);
      if (!found) throw new Error('no installation for this workspace');
      return found as never;
    },
    deleteInstallation: async (query: Query): Promise<void> => {
      await this.opts.vault.delete(installationName(query));
      this.clients.clear();
    },
  };

  private async fetch(query: Query): Promise<InstallationLike | null> {
    const direct = await this.opts.vault.get(installationName(query));
    if (direct) return JSON.parse(direct) as InstallationLike;
    // A team of an Enterprise Grid org installed org-wide.
    if (query.enterpriseId) {
      const org = await this.opts.vault.get(installationName({ enterpriseId: query.enterpriseId, isEnterpriseInstall: true }));
      if (org) return JSON.parse(org) as InstallationLike;
    }
    return null;
  }

  /**
   * Records that `teamId` belongs to org `enterpriseId` (once per team and
   * process): daily posts to the team's channels then use the org's install.
   */
  async rememberTeam(teamId: string, enterpriseId: string | null | undefined): Promise<void> {
    if (!enterpriseId || this.enterpriseOf.get(teamId) === enterpriseId) return;
    this.enterpriseOf.set(teamId, enterpriseId);
    await this.opts.vault.put(`${TEAM_OF_ORG}${teamId}`, `slack:${enterpriseId}`, enterpriseId);
  }

  private async orgOf(teamId: string): Promise<string | undefined> {
    const known = this.enterpriseOf.get(teamId);
    if (known) return known;
    const stored = await this.opts.vault.get(`${TEAM_OF_ORG}${teamId}`);
    if (stored) this.enterpriseOf.set(teamId, stored);
    return stored ?? undefined;
  }

  /** `clientOptions` carries SLACK_API_URL, so the code exchange goes where every other call goes. */
  receiverOptions(clientOptions: webApi.WebClientOptions = {}): Partial<HTTPReceiverOptions> {
    return {
      clientId: this.opts.clientId,
      clientSecret: this.opts.clientSecret,
      stateSecret: this.opts.stateSecret,
      scopes: BOT_SCOPES,
      installationStore: this.installationStore as never,
      ...(this.opts.redirectUri ? { redirectUri: this.opts.redirectUri } : {}),
      installerOptions: {
        installPath: '/slack/install',
        redirectUriPath: '/slack/oauth_redirect',
        // The install page shows the Add-to-Slack button (no auto-redirect), so people see what they add.
        directInstall: false,
        clientOptions: { ...clientOptions },
        callbackOptions: {
          success: (_installation: unknown, _options: unknown, _req: IncomingMessage, res: ServerResponse) =>
            page(res, 200, 'Installed', 'The AWS interview coach is in your workspace. Invite it to a channel with <code>/invite @aws-coach</code>, then <code>/aws help</code>.'),
          failure: (error: { code?: string }, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
            this.opts.logger.warn({ code: error.code }, 'Slack install failed');
            const why = error.code === 'slack_oauth_invalid_state' ? 'The install link expired or was not started here. Start again from the install page.' : 'Slack did not complete the install. Please start again from the install page.';
            page(res, 400, 'Install failed', why);
          },
        },
      },
    };
  }

  /** The Web API client of a workspace (`slack:T123`), with its own bot token. */
  async clientFor(scope: string | undefined, options: webApi.WebClientOptions): Promise<webApi.WebClient> {
    const teamId = scope?.startsWith('slack:') ? scope.slice(6) : '';
    const cached = this.clients.get(teamId);
    // Monotonic process time, not the domain clock: this only bounds how long a token is reused.
    if (cached && performance.now() - cached.at < CLIENT_TTL_MS) return cached.client;
    const installation = await this.fetch({ teamId, enterpriseId: await this.orgOf(teamId), isEnterpriseInstall: false });
    if (!installation?.bot?.token) {
      const err = Object.assign(new Error('no installation'), { code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' } });
      throw err;
    }
    const client = new webApi.WebClient(installation.bot.token, options);
    this.clients.set(teamId, { client, at: performance.now() });
    return client;
  }

  registerEvents(app: App): void {
    type Body = { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean };
    const removed = async (b: Body, why: string) => {
      const isOrg = Boolean(b.enterprise_id) && (b.is_enterprise_install === true || !b.team_id);
      await this.installationStore.deleteInstallation({ teamId: b.team_id, enterpriseId: b.enterprise_id, isEnterpriseInstall: isOrg });
      const scopes = isOrg ? await this.teamsOfOrg(b.enterprise_id!) : [`slack:${b.team_id}`];
      for (const scope of scopes) await this.opts.workspaces.removed(scope);
      this.opts.logger.info({ scopes, why }, 'Slack installation removed: tokens deleted, subscriptions paused');
    };
    app.event('app_uninstalled', async ({ body }) => removed(body as Body, 'app_uninstalled'));
    app.event('tokens_revoked', async ({ body, event }) => {
      // Only the bot's token matters to us; revoked user tokens change nothing.
      if ((event as { tokens?: { bot?: string[] } }).tokens?.bot?.length) await removed(body as Body, 'tokens_revoked');
    });
  }

  /** The team scopes recorded for an org (see rememberTeam); kept across an uninstall, so a re-install resumes them. */
  private async teamsOfOrg(enterpriseId: string): Promise<string[]> {
    return (await this.opts.vault.namesIn(`slack:${enterpriseId}`)).filter((name) => name.startsWith(TEAM_OF_ORG)).map((name) => `slack:${name.slice(TEAM_OF_ORG.length)}`);
  }
}
