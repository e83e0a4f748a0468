/** Slack payloads → neutral events: identities, places, where the reply goes, and malformed payloads refused. */
import { describe, expect, it } from 'vitest';
import { fromAppHomeOpened, fromBlockActions, fromSlashCommand, fromViewSubmission, parseSlackMention } from '../../src/adapters/slack/normalize.js';
import { appHomeOpenedBody, blockActionsPayload, slashCommandBody, viewSubmissionPayload } from '../fakes/slack-requests.js';

const formFields = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('fromSlashCommand', () => {
  it('turns a slash command into the neutral command event with platform-scoped identities', () => {
    const n = fromSlashCommand(
      formFields(slashCommandBody({ text: 'streak <@U0BOB|bob>', user_id: 'U0ALICE', team_id: 'T0TEAM', channel_id: 'C0CHAN', response_url: 'https://hooks.slack.com/r/1', trigger_id: '111.222.abc' })),
    );
    expect(n).toEqual({
      event: {
        kind: 'command',
        platform: 'slack',
        actor: { userKey: 'slack:T0TEAM:U0ALICE', displayName: 'u0alice', facts: { teamId: 'T0TEAM', userId: 'U0ALICE', enterpriseId: null } },
        place: { scope: 'slack:T0TEAM', channelKey: 'slack:C0CHAN', channelRef: 'C0CHAN' },
        text: 'streak <@U0BOB|bob>',
      },
      externalId: 'cmd:111.222.abc',
      replyTo: { responseUrl: 'https://hooks.slack.com/r/1', triggerId: '111.222.abc', channelId: 'C0CHAN' },
    });
  });

  it('keys a channel by its id alone, whichever team the command comes from (Slack Connect)', () => {
    const host = fromSlashCommand(formFields(slashCommandBody({ text: 'schedule', user_id: 'U1', team_id: 'T0HOST', channel_id: 'C0SHARED', response_url: 'https://x/1' })))!;
    const guest = fromSlashCommand(formFields(slashCommandBody({ text: 'schedule', user_id: 'U2', team_id: 'T0GUEST', channel_id: 'C0SHARED', response_url: 'https://x/2' })))!;
    expect(host.event.place.channelKey).toBe('slack:C0SHARED');
    expect(guest.event.place.channelKey).toBe(host.event.place.channelKey);
    expect(guest.event.actor.userKey).toBe('slack:T0GUEST:U2');
  });

  it('refuses payloads without the needed fields or with ids that are not Slack ids', () => {
    expect(fromSlashCommand({ user_id: 'U1', text: 'help' })).toBeNull();
    expect(fromSlashCommand({ team_id: 'T1', user_id: '<script>', channel_id: 'C1', trigger_id: 't' })).toBeNull();
    expect(fromSlashCommand({ team_id: 'T1', user_id: 'U1', channel_id: 'C1' })).toBeNull(); // no trigger id: replays could not be told apart
    expect(fromSlashCommand(null)).toBeNull();
  });
});

describe('fromBlockActions', () => {
  it('reads the first action, whether the message was private, and where to reply', () => {
    const n = fromBlockActions(blockActionsPayload({ action_id: 'reveal:vpc-basics', user_id: 'U0ALICE', response_url: 'https://x/r', ephemeral: true, trigger_id: '9.9.click' }));
    expect(n).toMatchObject({
      event: {
        kind: 'button',
        actionId: 'reveal:vpc-basics',
        onPrivateMessage: true,
        actor: { userKey: 'slack:T0FAKE01:U0ALICE' },
        place: { scope: 'slack:T0FAKE01', channelKey: 'slack:C0PRACTICE', channelRef: 'C0PRACTICE' },
      },
      externalId: 'act:9.9.click',
      replyTo: { responseUrl: 'https://x/r', triggerId: '9.9.click', channelId: 'C0PRACTICE' },
    });
    expect(fromBlockActions(blockActionsPayload({ action_id: 'a', user_id: 'U1', response_url: 'https://x/r' }))!.event).toMatchObject({ onPrivateMessage: false });
  });

  it('is the user’s own team for the person and the clicked workspace for the place, in a Slack Connect channel', () => {
    const n = fromBlockActions(blockActionsPayload({ action_id: 'a', user_id: 'U0GUEST', team_id: 'T0HOST', user_team_id: 'T0GUEST', response_url: 'https://x/r' }))!;
    expect(n.event.actor).toMatchObject({ userKey: 'slack:T0GUEST:U0GUEST', facts: { teamId: 'T0GUEST', userId: 'U0GUEST' } });
    expect(n.event.place.scope).toBe('slack:T0HOST');
  });

  it('falls back to user.team_id when team is null (org-wide installs)', () => {
    const payload = { ...blockActionsPayload({ action_id: 'a', user_id: 'U0ALICE', response_url: 'https://x/r' }), team: null };
    expect(fromBlockActions(payload)!.event.place.scope).toBe('slack:T0FAKE01');
  });

  it('uses the person’s own key as the place of a click in the Home tab (no channel)', () => {
    const { channel: _c, container: _k, ...payload } = blockActionsPayload({ action_id: 'a', user_id: 'U0ALICE', response_url: 'https://x/r' });
    expect(fromBlockActions(payload)!.event.place).toEqual({ scope: 'slack:T0FAKE01', channelKey: 'slack:home-U0ALICE', channelRef: '' });
  });

  it('refuses payloads without the needed fields', () => {
    expect(fromBlockActions({ type: 'block_actions', user: { id: 'U1' }, actions: [] })).toBeNull();
    expect(fromBlockActions({ ...blockActionsPayload({ action_id: 'a', user_id: 'U1', response_url: 'https://x/r' }), actions: [] })).toBeNull();
    expect(fromBlockActions({ ...blockActionsPayload({ action_id: 'a', user_id: 'U1', response_url: 'https://x/r' }), type: 'view_submission' })).toBeNull();
  });
});

describe('fromViewSubmission', () => {
  it('reads the form id, the values by field id, and the channel the modal was opened from', () => {
    const n = fromViewSubmission(
      viewSubmissionPayload({ user_id: 'U0ALICE', callback_id: 'answer:vpc-basics:d', values: { answer: 'Stateful.' }, private_metadata: JSON.stringify({ channelId: 'C0PRACTICE' }), view_id: 'V0ONE' }),
    );
    expect(n).toMatchObject({
      event: { kind: 'form', formId: 'answer:vpc-basics:d', values: { answer: 'Stateful.' }, place: { channelKey: 'slack:C0PRACTICE', channelRef: 'C0PRACTICE' } },
      externalId: 'view:V0ONE',
      replyTo: { responseUrl: null, channelId: 'C0PRACTICE' },
    });
  });

  it('ignores private_metadata it did not write (the reply then goes to the DM)', () => {
    for (const metadata of ['not json', JSON.stringify({ channelId: '<#C1>' }), JSON.stringify({ other: 1 })]) {
      const n = fromViewSubmission(viewSubmissionPayload({ user_id: 'U0ALICE', callback_id: 'answer:vpc-basics', values: {}, private_metadata: metadata }))!;
      expect(n.replyTo.channelId).toBeNull();
      expect(n.event.place.channelKey).toBe('slack:home-U0ALICE');
    }
  });
});

describe('fromAppHomeOpened', () => {
  it('reads app_home_opened from its Events API envelope', () => {
    const n = fromAppHomeOpened(JSON.parse(appHomeOpenedBody('U1', 'T1')))!;
    expect(n.tab).toBe('home');
    expect(n.userId).toBe('U1');
    expect(n.event).toEqual({ kind: 'home', platform: 'slack', actor: { userKey: 'slack:T1:U1', displayName: null, facts: { teamId: 'T1', userId: 'U1', enterpriseId: null } }, place: { scope: 'slack:T1', channelKey: 'slack:home-U1', channelRef: '' } });
    expect(fromAppHomeOpened({ team_id: 'T1', event: { type: 'message', user: 'U1' } })).toBeNull();
  });
});

describe('parseSlackMention', () => {
  const place = { scope: 'slack:T0TEAM', channelKey: 'slack:C1', channelRef: 'C1' };
  it('resolves <@U123> and <@U123|name> within the caller’s workspace; anything else is not a mention', () => {
    expect(parseSlackMention('<@U0BOB>', place)).toBe('slack:T0TEAM:U0BOB');
    expect(parseSlackMention('<@W0BOB|bob>', place)).toBe('slack:T0TEAM:W0BOB');
    expect(parseSlackMention('@bob', place)).toBeNull();
    expect(parseSlackMention('<#C0CHAN|general>', place)).toBeNull();
  });
});
