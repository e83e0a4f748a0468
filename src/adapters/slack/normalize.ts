/**
 * Slack payloads → neutral events. Payloads are signed by Slack (or come over
 * our own Socket Mode connection) but their shape is still checked with zod,
 * so a malformed one is refused politely instead of producing an identity
 * with `undefined` inside.
 *
 * Identities: user `slack:<user's team>:<user>`, scope `slack:<team>`,
 * channel `slack:<channel>` — Slack channel ids are unique across workspaces
 * (Slack Connect shared channels included), so a channel is one key whichever
 * team a command comes from.
 */
import { z } from 'zod';
import type { EventActor, EventPlace, InboundEvent } from '../../core/ports/inbound.js';

export const slackUserKey = (teamId: string, userId: string): string => `slack:${teamId}:${userId}`;
export const slackScope = (teamId: string): string => `slack:${teamId}`;
export const slackChannelKey = (channelId: string): string => `slack:${channelId}`;

const slackId = z.string().regex(/^[A-Z0-9]{2,30}$/, 'not a Slack id');

/** Where a reply to an interaction goes: its response URL (a capability: stored, never logged). */
export interface SlackReplyTo {
  responseUrl: string | null;
  /** For opening a modal (valid 3 s). */
  triggerId: string | null;
  /** The DM or channel to upload files to. */
  channelId: string | null;
}

export interface Normalized {
  event: InboundEvent;
  /** A unique id of this interaction, to recognise a replay or re-delivery. */
  externalId: string;
  replyTo: SlackReplyTo;
}

function actorOf(teamId: string, userId: string, name: string | null, enterpriseId?: string | null): EventActor {
  return { userKey: slackUserKey(teamId, userId), displayName: name, facts: { teamId, userId, enterpriseId: enterpriseId ?? null } };
}

function placeOf(teamId: string, channelId: string | null, userId: string): EventPlace {
  // A click in the Home tab has no channel; the person's own key keeps "last shown" per person there.
  return { scope: slackScope(teamId), channelKey: channelId ? slackChannelKey(channelId) : `slack:home-${userId}`, channelRef: channelId ?? '' };
}

const slashCommandSchema = z.object({
  team_id: slackId,
  enterprise_id: slackId.optional(),
  user_id: slackId,
  user_name: z.string().max(200).optional(),
  channel_id: slackId,
  text: z.string().max(4000).optional(),
  response_url: z.string().url().optional(),
  trigger_id: z.string().min(1).max(200),
});

export function fromSlashCommand(body: unknown): Normalized | null {
  const parsed = slashCommandSchema.safeParse(body);
  if (!parsed.success) return null;
  const c = parsed.data;
  return {
    event: { kind: 'command', platform: 'slack', actor: actorOf(c.team_id, c.user_id, c.user_name ?? null, c.enterprise_id), place: placeOf(c.team_id, c.channel_id, c.user_id), text: c.text ?? '' },
    externalId: `cmd:${c.trigger_id}`,
    replyTo: { responseUrl: c.response_url ?? null, triggerId: c.trigger_id, channelId: c.channel_id },
  };
}

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: slackId }).nullable().optional(),
  enterprise: z.object({ id: slackId }).nullable().optional(),
  user: z.object({ id: slackId, team_id: slackId.optional(), username: z.string().max(200).optional(), name: z.string().max(200).optional() }),
  channel: z.object({ id: slackId }).optional(),
  container: z.object({ channel_id: slackId.optional(), is_ephemeral: z.boolean().optional(), message_ts: z.string().max(40).optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string().max(255), action_ts: z.string().max(40).optional() })).min(1),
  trigger_id: z.string().min(1).max(200),
  response_url: z.string().url().optional(),
});

export function fromBlockActions(body: unknown): Normalized | null {
  const parsed = blockActionsSchema.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  // team is null for some org-wide installs; the user's team is the next best scope.
  const teamId = b.team?.id ?? b.user.team_id;
  if (!teamId) return null;
  const userTeam = b.user.team_id ?? teamId;
  const channelId = b.channel?.id ?? b.container?.channel_id ?? null;
  const action = b.actions[0]!;
  return {
    event: {
      kind: 'button',
      platform: 'slack',
      actor: actorOf(userTeam, b.user.id, b.user.username ?? b.user.name ?? null, b.enterprise?.id),
      place: placeOf(teamId, channelId, b.user.id),
      actionId: action.action_id,
      onPrivateMessage: b.container?.is_ephemeral === true,
    },
    externalId: `act:${b.trigger_id}`,
    replyTo: { responseUrl: b.response_url ?? null, triggerId: b.trigger_id, channelId },
  };
}

const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  team: z.object({ id: slackId }).nullable().optional(),
  user: z.object({ id: slackId, team_id: slackId.optional(), username: z.string().max(200).optional(), name: z.string().max(200).optional() }),
  view: z.object({
    id: z.string().max(40),
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000).optional(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullable().optional() }))) }),
  }),
  trigger_id: z.string().min(1).max(200).optional(),
});

/** private_metadata of our modals: the channel they were opened from (for the reply). */
export interface ModalMetadata {
  channelId: string | null;
}

export function fromViewSubmission(body: unknown): Normalized | null {
  const parsed = viewSubmissionSchema.safeParse(body);
  if (!parsed.success) return null;
  const v = parsed.data;
  const teamId = v.team?.id ?? v.user.team_id;
  if (!teamId) return null;
  let meta: ModalMetadata = { channelId: null };
  try {
    const raw = JSON.parse(v.view.private_metadata || '{}') as { channelId?: unknown };
    meta = { channelId: typeof raw.channelId === 'string' && /^[A-Z0-9]{2,30}$/.test(raw.channelId) ? raw.channelId : null };
  } catch {
    // Not ours or tampered: the reply goes to the person's DM.
  }
  const values: Record<string, string> = {};
  for (const block of Object.values(v.view.state.values)) for (const [id, input] of Object.entries(block)) if (typeof input.value === 'string') values[id] = input.value;
  return {
    event: {
      kind: 'form',
      platform: 'slack',
      actor: actorOf(v.user.team_id ?? teamId, v.user.id, v.user.username ?? v.user.name ?? null),
      place: placeOf(teamId, meta.channelId, v.user.id),
      formId: v.view.callback_id,
      values,
    },
    externalId: `view:${v.view.id}`,
    replyTo: { responseUrl: null, triggerId: v.trigger_id ?? null, channelId: meta.channelId },
  };
}

const homeOpenedSchema = z.object({
  team_id: slackId,
  event_id: z.string().max(60).optional(),
  event: z.object({ type: z.literal('app_home_opened'), user: slackId, tab: z.string().optional() }),
});

export function fromAppHomeOpened(body: unknown): (Normalized & { tab: string | null; userId: string }) | null {
  const parsed = homeOpenedSchema.safeParse(body);
  if (!parsed.success) return null;
  const { team_id: teamId, event } = parsed.data;
  return {
    event: { kind: 'home', platform: 'slack', actor: actorOf(teamId, event.user, null), place: placeOf(teamId, null, event.user) },
    externalId: `home:${parsed.data.event_id ?? `${teamId}:${event.user}`}`,
    replyTo: { responseUrl: null, triggerId: null, channelId: null },
    tab: event.tab ?? null,
    userId: event.user,
  };
}

/** `<@U123>` or `<@U123|alex>` → the user key in this workspace; anything else → null. */
export function parseSlackMention(mention: string, place: EventPlace): string | null {
  const m = /^<@([UW][A-Z0-9]{1,30})(?:\|[^>]{0,100})?>$/.exec(mention.trim());
  return m ? slackUserKey(place.scope.slice('slack:'.length), m[1]!) : null;
}
