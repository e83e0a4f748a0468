/**
 * Who and where, end to end over HTTP mode:
 *   - a Slack Connect channel is one channel whichever workspace a command
 *     comes from (channel keys are `slack:<channel>`), so a second team's
 *     admin updates the same subscription instead of making a second one;
 *   - a person's day follows their Slack profile's zone (users.info tz) until
 *     they set their own; DEFAULT_TIMEZONE only when neither is known.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpHarness, textOf, type HttpHarness } from './harness.js';

let h: HttpHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const attemptDays = (harness: HttpHarness, userKey: string) =>
  harness.deps.store.db.prepare('SELECT question_id AS id, local_date AS day FROM attempts WHERE user_key = ? ORDER BY id').all(userKey) as { id: string; day: string }[];

describe('Slack Connect: one channel, two workspaces', () => {
  it('maps a command from the other team to the same channel key: no second subscription', async () => {
    h = await startHttpHarness({ adminIds: ['U0HOSTADM'] });
    // The guest is an admin of their own workspace (users.info answers for their team).
    h.fake.users.set('U0GUESTADM', { is_admin: true, team_id: 'T0GUEST' });
    const shared = { channel_id: 'C0SHARED' };

    await h.command('subscribe 09:00 Europe/Berlin', 'U0HOSTADM', 'host', undefined, shared);
    await h.fake.waitFor(() => h!.fake.respondsTo('host'));
    await h.command('subscribe 10:30 UTC mon-fri', 'U0GUESTADM', 'guest', undefined, { ...shared, team_id: 'T0GUEST' });
    const [guest] = await h.fake.waitFor(() => h!.fake.respondsTo('guest'));
    expect(textOf(guest!.body)).toContain('daily question at 10:30 UTC');

    const subs = await h.deps.store.channels.listSubscriptions();
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ channelKey: 'slack:C0SHARED', channelRef: 'C0SHARED', time: '10:30', timezone: 'UTC', days: [1, 2, 3, 4, 5] });
    // Both changes are in the one channel's history.
    expect((await h.deps.store.channels.scheduleHistory('slack:C0SHARED', 10)).map((c) => c.actor).sort()).toEqual(['slack:T0FAKE01:U0HOSTADM', 'slack:T0GUEST:U0GUESTADM']);

    // `schedule` from the guest's side shows that same subscription.
    await h.command('schedule', 'U0GUEST2', 'sched', undefined, { ...shared, team_id: 'T0GUEST' });
    const [schedule] = await h.fake.waitFor(() => h!.fake.respondsTo('sched'));
    expect(textOf(schedule!.body)).toContain('10:30 UTC');
  });

  it('answers a question posted by one team to a member of the other, in the shared channel', async () => {
    h = await startHttpHarness();
    await h.command('question storage', 'U0HOST', 'q', undefined, { channel_id: 'C0SHARED' });
    await h.fake.waitFor(() => h!.fake.respondsTo('q'));
    await h.command('answer', 'U0GUEST', 'a', undefined, { channel_id: 'C0SHARED', team_id: 'T0GUEST' });
    const [answer] = await h.fake.waitFor(() => h!.fake.respondsTo('a'));
    expect(textOf(answer!.body)).toContain('s3-versioning is a test answer');
  });
});

describe('a person’s day on Slack', () => {
  // 03:00 UTC on 10 March: still 9 March in New York, already 10 March in Berlin and Tokyo.
  const NOW = '2026-03-10T03:00:00Z';

  it('follows the profile’s tz from users.info when the person set no zone of their own', async () => {
    h = await startHttpHarness({ now: NOW, defaultZone: 'Europe/Berlin' });
    h.fake.users.set('U0NY', { tz: 'America/New_York' });
    await h.click('grade:vpc-basics:knew', 'U0NY', 'g', { ephemeral: true });
    await h.fake.waitFor(() => h!.fake.respondsTo('g'));
    expect(attemptDays(h, 'slack:T0FAKE01:U0NY')).toEqual([{ id: 'vpc-basics', day: '2026-03-09' }]);
    expect(await h.deps.store.people.get('slack:T0FAKE01:U0NY')).toMatchObject({ timezone: null, profileTimezone: 'America/New_York' });
  });

  it('uses the person’s own zone over the profile’s once they set one', async () => {
    h = await startHttpHarness({ now: NOW, defaultZone: 'Europe/Berlin' });
    h.fake.users.set('U0NY', { tz: 'America/New_York' });
    await h.command('timezone Asia/Tokyo', 'U0NY', 'tz');
    await h.fake.waitFor(() => h!.fake.respondsTo('tz'));
    await h.click('grade:iam-roles:partly', 'U0NY', 'g', { ephemeral: true });
    await h.fake.waitFor(() => h!.fake.respondsTo('g'));
    expect(attemptDays(h, 'slack:T0FAKE01:U0NY')).toEqual([{ id: 'iam-roles', day: '2026-03-10' }]);
  });

  it('falls back to DEFAULT_TIMEZONE when the profile has no tz', async () => {
    h = await startHttpHarness({ now: NOW, defaultZone: 'America/Los_Angeles' });
    h.fake.users.set('U0NOTZ', {});
    await h.click('grade:vpc-basics:missed', 'U0NOTZ', 'g', { ephemeral: true });
    await h.fake.waitFor(() => h!.fake.respondsTo('g'));
    expect(attemptDays(h, 'slack:T0FAKE01:U0NOTZ')).toEqual([{ id: 'vpc-basics', day: '2026-03-09' }]);
    expect((await h.deps.store.people.get('slack:T0FAKE01:U0NOTZ'))?.profileTimezone ?? null).toBeNull();
  });
});
