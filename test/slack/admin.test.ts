import { describe, expect, it } from 'vitest';
import { SlackAdminDirectory, type SlackUserFlags } from '../../src/adapters/slack/admin.js';
import { BoltLoggerBridge, scrubSecrets } from '../../src/adapters/slack/bolt-logger.js';
import { LogLevel } from '@slack/bolt';
import { FakeClock, memoryLogger } from '../support/core.js';

function directory(flags: Record<string, SlackUserFlags>, opts: { listed?: string[]; fail?: boolean } = {}) {
  const clock = new FakeClock(new Date('2026-03-10T12:00:00Z'));
  const lookups: string[] = [];
  const dir = new SlackAdminDirectory({
    adminUserIds: opts.listed ?? [],
    clock,
    logger: memoryLogger(),
    ttlMs: 60_000,
    lookupUser: async (id) => {
      lookups.push(id);
      if (opts.fail) throw Object.assign(new Error('An API error occurred: ratelimited'), { data: { error: 'ratelimited' } });
      return flags[id];
    },
  });
  return { dir, clock, lookups };
}

describe('SlackAdminDirectory', () => {
  it('trusts SLACK_ADMIN_USER_IDS without a lookup', async () => {
    const { dir, lookups } = directory({}, { listed: ['U0ADMIN'] });
    expect(await dir.isAdmin('T1', 'U0ADMIN')).toBe(true);
    expect(lookups).toEqual([]);
  });

  it('accepts admins, owners and primary owners from users.info; refuses others', async () => {
    const { dir } = directory({ U1: { is_admin: true }, U2: { is_owner: true }, U3: { is_primary_owner: true }, U4: {} });
    expect(await Promise.all(['U1', 'U2', 'U3', 'U4', 'U5'].map((u) => dir.isAdmin('T1', u)))).toEqual([true, true, true, false, false]);
  });

  it('caches answers for the TTL (by the injected clock) and shares one lookup between concurrent asks', async () => {
    const { dir, clock, lookups } = directory({ U1: { is_admin: true } });
    await Promise.all([dir.isAdmin('T1', 'U1'), dir.isAdmin('T1', 'U1')]);
    clock.advance(59_000);
    await dir.isAdmin('T1', 'U1');
    expect(lookups).toEqual(['U1']);
    clock.advance(2_000);
    await dir.isAdmin('T1', 'U1');
    expect(lookups).toEqual(['U1', 'U1']);
  });

  it('treats a failed lookup as not admin and does not cache the failure', async () => {
    const { dir, lookups } = directory({}, { fail: true });
    expect(await dir.isAdmin('T1', 'U1')).toBe(false);
    expect(await dir.isAdmin('T1', 'U1')).toBe(false);
    expect(lookups).toEqual(['U1', 'U1']);
  });
});

describe('BoltLoggerBridge', () => {
  it('scrubs anything shaped like a Slack token and filters by level', () => {
    expect(scrubSecrets('token=xoxb-123-456-abc and xapp-1-A1-xyz, Authorization: Bearer xoxb-9')).toBe('token=[redacted] and [redacted], Authorization: [redacted]');
    const logger = memoryLogger();
    const bridge = new BoltLoggerBridge(logger, LogLevel.INFO);
    bridge.debug('body', { token: 'xoxb-secret-1' });
    bridge.warn('http request failed', { token: 'xoxb-secret-2' });
    expect(logger.lines).toEqual([{ level: 'warn', obj: { component: 'bolt' }, msg: 'http request failed {"token":"[redacted]"}' }]);
  });
});
