import { describe, expect, it } from 'vitest';
import {
  fromAppHomeOpened,
  fromBlockActions,
  fromSlashCommand,
  parseUserMention,
  slackContext,
} from '../../src/adapters/slack/normalize.js';
import { blockActionsPayload, slashCommandBody } from '../fakes/slack-requests.js';
import { makeDeps } from '../support/core.js';

const formFields = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('Slack payload normalisation', () => {
  it('turns a slash command into platform-scoped identities', async () => {
    const input = fromSlashCommand(formFields(slashCommandBody({ text: 'streak <@U0BOB|bob>', user_id: 'U0ALICE', team_id: 'T0TEAM', channel_id: 'C0CHAN', response_url: 'http://x' })));
    expect(input).toEqual({ caller: { teamId: 'T0TEAM', userId: 'U0ALICE', userName: 'u0alice', channelId: 'C0CHAN' }, text: 'streak <@U0BOB|bob>' });
    let asked = 0;
    const ctx = slackContext(input!.caller, makeDeps(), async () => (asked++, true));
    expect(ctx).toMatchObject({ platform: 'slack', scope: 'slack:T0TEAM', channelKey: 'slack:T0TEAM:C0CHAN', channelRef: 'C0CHAN' });
    expect(ctx.actor.userKey).toBe('slack:T0TEAM:U0ALICE');
    expect(await ctx.actor.isAdmin()).toBe(true);
    expect(asked).toBe(1);
  });

  it('resolves <@U123> and <@U123|name> mentions within the caller’s workspace', () => {
    expect(parseUserMention('<@U0BOB>')).toBe('U0BOB');
    expect(parseUserMention('<@W0BOB|bob>')).toBe('W0BOB');
    expect(parseUserMention('@bob')).toBeNull();
    expect(parseUserMention('<#C0CHAN|general>')).toBeNull();
    const ctx = slackContext({ teamId: 'T0TEAM', userId: 'U0ALICE', userName: null, channelId: 'C1' }, makeDeps(), async () => false);
    expect(ctx.resolveUser!('<@U0BOB|bob>')).toBe('slack:T0TEAM:U0BOB');
    expect(ctx.resolveUser!('bob')).toBeNull();
  });

  it('reads a block_actions payload: team, user, channel, first action id, ephemeral container', () => {
    const input = fromBlockActions(blockActionsPayload({ action_id: 'reveal:vpc-basics', user_id: 'U0ALICE', response_url: 'http://x', ephemeral: true }));
    expect(input).toEqual({
      caller: { teamId: 'T0FAKE01', userId: 'U0ALICE', userName: 'u0alice', channelId: 'C0PRACTICE' },
      actionId: 'reveal:vpc-basics',
      ephemeral: true,
    });
  });

  it('falls back to user.team_id when team is null, and refuses payloads without the needed fields', () => {
    const payload = { ...blockActionsPayload({ action_id: 'a', user_id: 'U0ALICE', response_url: 'http://x' }), team: null };
    expect(fromBlockActions(payload)?.caller.teamId).toBe('T0FAKE01');
    expect(fromBlockActions({ type: 'block_actions', user: { id: 'U1' }, actions: [] })).toBeNull();
    expect(fromSlashCommand({ user_id: 'U1', text: 'help' })).toBeNull();
    expect(fromSlashCommand({ team_id: 'T1', user_id: '<script>', channel_id: 'C1' })).toBeNull();
  });

  it('reads app_home_opened from its Events API envelope', () => {
    expect(fromAppHomeOpened({ team_id: 'T1', event: { type: 'app_home_opened', user: 'U1', tab: 'home' } })).toEqual({ teamId: 'T1', userId: 'U1', tab: 'home' });
    expect(fromAppHomeOpened({ team_id: 'T1', event: { type: 'message', user: 'U1' } })).toBeNull();
  });
});
