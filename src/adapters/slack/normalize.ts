/**
 * Slack payloads -> the core's identities and CommandContext. Payloads are
 * signed by Slack (or come over our own Socket Mode connection) but their
 * shape is still checked with zod, so a malformed one is refused politely
 * instead of producing a context with `undefined` inside a key.
 *
 * Identities: user `slack:<team>:<user>`, scope `slack:<team>`, channel
 * `slack:<team>:<channel>`, channelRef = the Slack channel id.
 */
import { z } from 'zod';
import type { CommandContext, CoreDeps } from '../../core/context.js';

export const slackUserKey = (teamId: string, userId: string): string => `slack:${teamId}:${userId}`;
export const slackScope = (teamId: string): string => `slack:${teamId}`;
export const slackChannelKey = (teamId: string, channelId: string): string => `slack:${teamId}:${channelId}`;

const slackId = z.string().regex(/^[A-Z0-9]{2,30}$/, 'not a Slack id');

/** Who did something, where. */
export interface SlackCaller {
  teamId: string;
  userId: string;
  userName: string | null;
  /** Absent for clicks in the Home tab. */
  channelId: string | null;
}

const slashCommandSchema = z.object({
  team_id: slackId,
  user_id: slackId,
  user_name: z.string().max(200).optional(),
  channel_id: slackId,
  text: z.string().optional(),
});

export interface SlashCommandInput {
  caller: SlackCaller;
  text: string;
}

/** Fields from Slack's slash-command request (team_id, user_id, channel_id, text, …). */
export function fromSlashCommand(body: unknown): SlashCommandInput | null {
  const parsed = slashCommandSchema.safeParse(body);
  if (!parsed.success) return null;
  const c = parsed.data;
  return {
    caller: { teamId: c.team_id, userId: c.user_id, userName: c.user_name ?? null, channelId: c.channel_id },
    text: c.text ?? '',
  };
}

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: slackId }).nullable().optional(),
  user: z.object({
    id: slackId,
    team_id: slackId.optional(),
    username: z.string().max(200).optional(),
    name: z.string().max(200).optional(),
  }),
  channel: z.object({ id: slackId }).optional(),
  container: z.object({ channel_id: slackId.optional(), is_ephemeral: z.boolean().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string() })).min(1),
});

export interface BlockActionInput {
  caller: SlackCaller;
  /** The raw, user-controlled action id; the core decodes and validates it. */
  actionId: string;
  /** True when the button sat on a message only this user sees. */
  ephemeral: boolean;
}

/** Fields from Slack's block_actions payload (team, user, channel, container, actions[]). */
export function fromBlockActions(body: unknown): BlockActionInput | null {
  const parsed = blockActionsSchema.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  // team is null for some org-wide installs; the user's team is the next best scope.
  const teamId = b.team?.id ?? b.user.team_id;
  if (!teamId) return null;
  return {
    caller: {
      teamId,
      userId: b.user.id,
      userName: b.user.username ?? b.user.name ?? null,
      channelId: b.channel?.id ?? b.container?.channel_id ?? null,
    },
    actionId: b.actions[0]!.action_id,
    ephemeral: b.container?.is_ephemeral === true,
  };
}

const homeOpenedSchema = z.object({
  team_id: slackId,
  event: z.object({ type: z.literal('app_home_opened'), user: slackId, tab: z.string().optional() }),
});

/** The Events API envelope of app_home_opened (team_id, event.user, event.tab). */
export function fromAppHomeOpened(body: unknown): { teamId: string; userId: string; tab: string | null } | null {
  const parsed = homeOpenedSchema.safeParse(body);
  if (!parsed.success) return null;
  return { teamId: parsed.data.team_id, userId: parsed.data.event.user, tab: parsed.data.event.tab ?? null };
}

/** `<@U123>` or `<@U123|alex>` -> `U123`; anything else -> null. */
export function parseUserMention(mention: string): string | null {
  const m = /^<@([UW][A-Z0-9]{1,30})(?:\|[^>]*)?>$/.exec(mention.trim());
  return m ? m[1]! : null;
}

export function slackContext(
  caller: SlackCaller,
  deps: CoreDeps,
  isAdmin: (caller: SlackCaller) => Promise<boolean>,
): CommandContext {
  const { teamId, userId } = caller;
  // A click in the Home tab has no channel; the user's own key keeps "last shown" per user there.
  const channelId = caller.channelId ?? `home-${userId}`;
  return {
    platform: 'slack',
    actor: {
      userKey: slackUserKey(teamId, userId),
      displayName: caller.userName,
      isAdmin: () => isAdmin(caller),
    },
    scope: slackScope(teamId),
    channelKey: slackChannelKey(teamId, channelId),
    channelRef: caller.channelId ?? '',
    deps,
    resolveUser(mention: string) {
      const id = parseUserMention(mention);
      return id ? slackUserKey(teamId, id) : null;
    },
  };
}
