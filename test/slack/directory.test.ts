/** SlackDirectory (admin and profile zone, from users.info in the person's own team) and the Bolt logger bridge. */
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { BoltLoggerBridge, MAX_MESSAGE } from '../../src/adapters/slack/bolt-logger.js';
import { SlackDirectory, type SlackUserInfo } from '../../src/adapters/slack/directory.js';
import { fromBlockActions, fromSlashCommand } from '../../src/adapters/slack/normalize.js';
import type { EventActor } from '../../src/core/ports/inbound.js';
import { blockActionsPayload, slashCommandBody } from '../fakes/slack-requests.js';
import { FakeClock, memoryLogger } from '../support/core.js';

/** users.info answers per team: `${team}:${user}` → flags. */
function directory(users: Record<string, SlackUserInfo>, opts: { listed?: string[]; fail?: boolean } = {}) {
  const clock = new FakeClock(new Date('2026-03-10T12:00:00Z'));
  const lookups: string[] = [];
  const dir = new SlackDirectory({
    adminUserIds: opts.listed ?? [],
    clock,
    logger: memoryLogger(),
    ttlMs: 60_000,
    lookupUser: async (teamId, userId) => {
      lookups.push(`${teamId}:${userId}`);
      if (opts.fail) throw Object.assign(new Error('An API error occurred: ratelimited'), { data: { error: 'ratelimited' } });
      return users[`${teamId}:${userId}`];
    },
  });
  return { dir, clock, lookups };
}

const actor = (teamId: string, userId: string): EventActor => ({ userKey: `slack:${teamId}:${userId}`, displayName: null, facts: { teamId, userId, enterpriseId: null } });

describe('SlackDirectory.isAdmin', () => {
  it('trusts SLACK_ADMIN_USER_IDS without a lookup', async () => {
    const { dir, lookups } = directory({}, { listed: ['U0ADMIN'] });
    expect(await dir.isAdmin(actor('T1', 'U0ADMIN'))).toBe(true);
    expect(lookups).toEqual([]);
  });

  it('accepts admins, owners and primary owners from users.info; refuses others and unknown people', async () => {
    const { dir } = directory({ 'T1:U1': { is_admin: true }, 'T1:U2': { is_owner: true }, 'T1:U3': { is_primary_owner: true }, 'T1:U4': {} });
    expect(await Promise.all(['U1', 'U2', 'U3', 'U4', 'U5'].map((u) => dir.isAdmin(actor('T1', u))))).toEqual([true, true, true, false, false]);
  });

  it('refuses an actor without Slack facts (another platform’s, or a malformed event)', async () => {
    const { dir, lookups } = directory({ 'T1:U1': { is_admin: true } });
    expect(await dir.isAdmin({ userKey: 'slack:T1:U1', displayName: null })).toBe(false);
    expect(lookups).toEqual([]);
  });

  it('asks in the person’s own team: a guest from another workspace in a Slack Connect channel', async () => {
    // Admin of their own workspace T2, nobody in the host workspace T1.
    const { dir, lookups } = directory({ 'T2:U0GUEST': { is_admin: true } });
    const click = fromBlockActions(blockActionsPayload({ action_id: 'reveal:vpc-basics', user_id: 'U0GUEST', team_id: 'T1', user_team_id: 'T2', response_url: 'https://x/r' }))!;
    expect(click.event.place.scope).toBe('slack:T1');
    expect(await dir.isAdmin(click.event.actor)).toBe(true);
    expect(lookups).toEqual(['T2:U0GUEST']);
  });

  it('keeps the answers of the same user id in two teams apart', async () => {
    const { dir, lookups } = directory({ 'T1:U1': { is_admin: true }, 'T2:U1': {} });
    expect(await dir.isAdmin(actor('T1', 'U1'))).toBe(true);
    expect(await dir.isAdmin(actor('T2', 'U1'))).toBe(false);
    expect(lookups).toEqual(['T1:U1', 'T2:U1']);
  });

  it('caches answers for the TTL (by the injected clock) and shares one lookup between concurrent asks', async () => {
    const { dir, clock, lookups } = directory({ 'T1:U1': { is_admin: true } });
    await Promise.all([dir.isAdmin(actor('T1', 'U1')), dir.isAdmin(actor('T1', 'U1'))]);
    clock.advance(59_000);
    await dir.isAdmin(actor('T1', 'U1'));
    expect(lookups).toEqual(['T1:U1']);
    clock.advance(2_000);
    await dir.isAdmin(actor('T1', 'U1'));
    expect(lookups).toEqual(['T1:U1', 'T1:U1']);
  });

  it('treats a failed lookup as not admin and does not cache the failure', async () => {
    const { dir, lookups } = directory({}, { fail: true });
    expect(await dir.isAdmin(actor('T1', 'U1'))).toBe(false);
    expect(await dir.isAdmin(actor('T1', 'U1'))).toBe(false);
    expect(lookups).toEqual(['T1:U1', 'T1:U1']);
  });
});

describe('SlackDirectory.profileZone', () => {
  it('is the tz of the person’s profile, shares the cache with isAdmin, and is null without one', async () => {
    const { dir, lookups } = directory({ 'T1:U1': { is_admin: true, tz: 'America/New_York' }, 'T1:U2': {} });
    const alice = fromSlashCommand(Object.fromEntries(new URLSearchParams(slashCommandBody({ text: 'streak', user_id: 'U1', team_id: 'T1', response_url: 'https://x/r' }))))!;
    expect(await dir.profileZone(alice.event.actor)).toBe('America/New_York');
    expect(await dir.isAdmin(alice.event.actor)).toBe(true);
    expect(await dir.profileZone(actor('T1', 'U2'))).toBeNull();
    expect(lookups).toEqual(['T1:U1', 'T1:U2']);
  });

  it('is null when users.info fails', async () => {
    const { dir } = directory({}, { fail: true });
    expect(await dir.profileZone(actor('T1', 'U1'))).toBeNull();
  });
});

describe('BoltLoggerBridge', () => {
  it('filters by level and writes Bolt’s lines into the app’s logger', () => {
    const logger = memoryLogger();
    const bridge = new BoltLoggerBridge(logger, LogLevel.WARN);
    bridge.debug('body', { a: 1 });
    bridge.info('Unhandled HTTP request (GET) made to /slack/x');
    bridge.warn('http request failed', { status: 500 });
    bridge.error(new Error('boom'));
    expect(logger.lines).toEqual([
      { level: 'warn', obj: { component: 'bolt' }, msg: 'http request failed {"status":500}' },
      { level: 'error', obj: { component: 'bolt' }, msg: 'boom' },
    ]);
  });

  it('follows setLevel, as Bolt’s constructors call it with their logLevel', () => {
    const logger = memoryLogger();
    const bridge = new BoltLoggerBridge(logger, LogLevel.WARN);
    bridge.setLevel(LogLevel.INFO);
    expect(bridge.getLevel()).toBe(LogLevel.INFO);
    bridge.info('now shown');
    expect(logger.lines.map((l) => l.msg)).toEqual(['now shown']);
  });

  it('cuts a message quoting what a stranger sent (a 16 KB path) to MAX_MESSAGE characters', () => {
    const logger = memoryLogger();
    const bridge = new BoltLoggerBridge(logger, LogLevel.WARN);
    const text = `Unhandled request to /${'x'.repeat(16_000)}`;
    bridge.warn(text);
    const msg = logger.lines[0]!.msg!;
    expect(msg.length).toBeLessThan(MAX_MESSAGE + 40);
    expect(msg.startsWith(text.slice(0, MAX_MESSAGE))).toBe(true);
    expect(msg.endsWith('… (16022 characters)')).toBe(true);
  });
});
