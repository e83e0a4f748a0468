import { describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { makeDeps, press, run } from '../support/core.js';
import { text } from './helpers.js';

describe('leaderboard', () => {
  it('finds the live streaks even when many lapsed ones with bigger stored streaks rank above them', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const { people } = deps.store;
    // 40 users whose 50-day streaks ended three days ago (still inside the store's
    // generous pre-filter, but lapsed), then 12 live ones with small streaks.
    const at = new Date('2026-03-10T12:00:00Z');
    for (let i = 0; i < 40; i++) {
      const user = `slack:T1:LAPSED${i}`;
      await people.touch(user, `lapsed${i}`, at);
      await people.saveStreak(user, { current: 50, longest: 50, totalDays: 50, lastDay: '2026-03-07', freezes: 0 }, at);
      await people.addMembership('slack:T1', user);
    }
    for (let i = 0; i < 12; i++) {
      const user = `slack:T1:LIVE${String(i).padStart(2, '0')}`;
      await people.touch(user, `live${String(i).padStart(2, '0')}`, at);
      await people.addMembership('slack:T1', user);
      await people.saveStreak(user, { current: 1 + i, longest: 1 + i, totalDays: 1 + i, lastDay: '2026-03-09', freezes: 0 }, at);
    }
    const body = text((await run(deps, 'leaderboard', { place: { scope: 'slack:T1' } })).reply);
    expect(body).not.toContain('lapsed');
    const names = [...body.matchAll(/live(\d\d)/g)].map((m) => m[1]);
    expect(names).toEqual(['11', '10', '09', '08', '07', '06', '05', '04', '03', '02']);
  });

  it('keeps each membership’s copy of the streak in step, for a user in two servers', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const inServer = (scope: string) => ({ user: 'discord:7', name: 'dee', platform: 'discord', place: { scope, channelKey: `discord:${scope}-C`, channelRef: 'C' } });
    await press(deps, gradeAction('vpc-basics', 'knew'), inServer('discord:G1'));
    deps.clock.set('2026-03-11T12:00:00Z');
    await press(deps, gradeAction('iam-roles', 'knew'), inServer('discord:G2'));
    for (const scope of ['discord:G1', 'discord:G2']) {
      expect(text((await run(deps, 'leaderboard', inServer(scope))).reply)).toContain('dee — 🔥 2 (2 days practised)');
    }
    expect(deps.store.db.prepare('SELECT scope, current, total_days, last_day FROM memberships ORDER BY scope').all()).toEqual([
      { scope: 'discord:G1', current: 2, total_days: 2, last_day: '2026-03-11' },
      { scope: 'discord:G2', current: 2, total_days: 2, last_day: '2026-03-11' },
    ]);
  });

  it('says "1 day practised" for one day', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('vpc-basics', 'knew'));
    expect(text((await run(deps, 'leaderboard')).reply)).toContain('alice — 🔥 1 (1 day practised)');
  });
});

describe('one "today" per person: the leaderboard and `streak` agree', () => {
  // DEFAULT_TIMEZONE=America/Los_Angeles (PDT, UTC−7, from 8 Mar 2026); alice has no zone of her own.
  it('graded at 23:00 local, checked late the next afternoon (already the day after in UTC): both say the streak is alive', async () => {
    const deps = makeDeps({ now: '2026-03-11T06:00:00Z', defaultZone: 'America/Los_Angeles' }); // Tue 10 Mar 23:00 PDT
    expect((await press(deps, gradeAction('vpc-basics', 'knew'))).reply.fallbackText).toContain('1-day streak');
    // Her day is Los Angeles's, not UTC's (11 Mar) nor the channel's.
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 1, lastDay: '2026-03-10' });

    deps.clock.set('2026-03-12T00:30:00Z'); // Wed 11 Mar 17:30 PDT; in UTC it is already 12 Mar
    const streak = await run(deps, 'streak');
    expect(text(streak.reply)).toContain('Current streak: 1 day');
    const board = await run(deps, 'leaderboard');
    expect(text(board.reply)).toContain('alice — 🔥 1 (1 day practised)');

    // And both agree it is gone the day after next (Thu 12 Mar, 17:30 PDT).
    deps.clock.set('2026-03-13T00:30:00Z');
    deps.boards.clear();
    expect(text((await run(deps, 'streak')).reply)).toContain('Current streak: 0 days');
    expect(text((await run(deps, 'leaderboard')).reply)).toContain('No one here has a streak yet');
  });

  it('a person’s own zone comes first, then the profile zone, then DEFAULT_TIMEZONE; never the channel’s', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z', defaultZone: 'America/Los_Angeles' });
    // A channel subscribed in Tokyo time must not move anyone's day.
    await run(deps, 'subscribe 09:00 Asia/Tokyo', { admin: true });
    await deps.store.people.touch('test:bob', 'bob', deps.clock.now());
    await deps.store.people.setProfileTimezone('test:bob', 'Europe/Berlin');
    await deps.store.people.touch('test:carol', 'carol', deps.clock.now());
    await deps.store.people.setProfileTimezone('test:carol', 'Europe/Berlin');
    await deps.store.people.setTimezone('test:carol', 'Pacific/Auckland');
    // 2026-03-10T23:30Z: Tue 16:30 in LA, Wed 00:30 in Berlin, Wed 08:30 in Tokyo, Wed 12:30 in Auckland.
    deps.clock.set('2026-03-10T23:30:00Z');
    for (const user of ['alice', 'bob', 'carol']) await press(deps, gradeAction('vpc-basics', 'knew'), { user: `test:${user}`, name: user });
    expect((await deps.store.people.getStreak('test:alice')).lastDay).toBe('2026-03-10'); // default zone
    expect((await deps.store.people.getStreak('test:bob')).lastDay).toBe('2026-03-11'); // profile zone
    expect((await deps.store.people.getStreak('test:carol')).lastDay).toBe('2026-03-11'); // own zone
    // 2026-03-11T11:30Z: Wed 04:30 in LA, Wed 12:30 in Berlin, Thu 00:30 in Auckland.
    deps.clock.set('2026-03-11T11:30:00Z');
    await press(deps, gradeAction('iam-roles', 'knew'), { user: 'test:carol', name: 'carol' });
    await press(deps, gradeAction('iam-roles', 'knew'), { user: 'test:bob', name: 'bob' });
    expect(await deps.store.people.getStreak('test:carol')).toMatchObject({ current: 2, lastDay: '2026-03-12' });
    expect(await deps.store.people.getStreak('test:bob')).toMatchObject({ current: 1, lastDay: '2026-03-11' });
  });

  it('two channels on different schedules and zones cannot let one person grade a question twice in one day', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    const auckland = { place: { channelKey: 'test:AKL', channelRef: 'AKL' } };
    const la = { place: { channelKey: 'test:LAX', channelRef: 'LAX' } };
    expect((await run(deps, 'subscribe 09:00 Pacific/Auckland', { admin: true, ...auckland })).status).toBe('ok');
    expect((await run(deps, 'subscribe 09:00 America/Los_Angeles', { admin: true, ...la })).status).toBe('ok');
    // 11:00Z: already Wed 11 Mar 00:00 in Auckland, still Tue 10 Mar 04:00 in Los Angeles; alice's day (UTC) is the 10th.
    deps.clock.set('2026-03-10T11:00:00Z');
    expect((await press(deps, gradeAction('vpc-basics', 'knew'), auckland)).reply.fallbackText).toMatch(/^Recorded: Knew it/);
    const again = await press(deps, gradeAction('vpc-basics', 'missed'), la);
    expect(again.reply.fallbackText).toMatch(/^Already graded today \(Knew it\)/);
    // Typed, in the other channel, after revealing it there: still once.
    await run(deps, 'answer vpc-basics', la);
    expect((await run(deps, 'missed', la)).reply.fallbackText).toMatch(/^Already graded today \(Knew it\)/);
    expect(await deps.store.practice.countAttempts('test:alice')).toBe(1);
    expect(deps.store.db.prepare('SELECT channel_key, local_date, grade FROM attempts').all()).toEqual([{ channel_key: 'test:AKL', local_date: '2026-03-10', grade: 'knew' }]);
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 1, totalDays: 1 });
    // Her next day, in either channel, counts again.
    deps.clock.set('2026-03-11T01:00:00Z');
    expect((await press(deps, gradeAction('vpc-basics', 'missed'), la)).reply.fallbackText).toMatch(/^Recorded: Didn.t know/);
    expect(await deps.store.practice.countAttempts('test:alice')).toBe(2);
  });
});
