import { describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { handleAction, handleText } from '../../src/core/dispatch.js';
import { makeActor, makeContext, makeDeps } from '../support/core.js';
import { text } from './helpers.js';

describe('leaderboard', () => {
  it('finds the live streaks even when many lapsed ones with bigger stored streaks rank above them', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const { store } = deps;
    // 40 users whose 50-day streaks ended three days ago (still inside the store's
    // generous pre-filter, but lapsed), then 12 live ones with small streaks.
    const at = new Date('2026-03-10T12:00:00Z');
    for (let i = 0; i < 40; i++) {
      const user = `slack:T1:LAPSED${i}`;
      store.touchUser(user, `lapsed${i}`, at);
      store.saveStreak(user, { current: 50, longest: 50, totalDays: 50, lastDay: '2026-03-07', freezes: 0 }, at);
      store.addMembership('slack:T1', user);
    }
    for (let i = 0; i < 12; i++) {
      const user = `slack:T1:LIVE${String(i).padStart(2, '0')}`;
      store.touchUser(user, `live${String(i).padStart(2, '0')}`, at);
      store.addMembership('slack:T1', user);
      store.saveStreak(user, { current: 1 + i, longest: 1 + i, totalDays: 1 + i, lastDay: '2026-03-09', freezes: 0 }, at);
    }
    const body = text((await handleText('leaderboard', makeContext(deps, { scope: 'slack:T1' }))).reply);
    expect(body).not.toContain('lapsed');
    const names = [...body.matchAll(/live(\d\d)/g)].map((m) => m[1]);
    expect(names).toEqual(['11', '10', '09', '08', '07', '06', '05', '04', '03', '02']);
  });

  it('keeps each membership’s copy of the streak in step, for a user in two servers', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    const inServer = (scope: string) => makeContext(deps, { actor: makeActor('discord:7', false, 'dee'), scope, platform: 'discord' });
    await handleAction(gradeAction('vpc-basics', 'knew'), inServer('discord:G1'));
    deps.clock.set('2026-03-11T12:00:00Z');
    await handleAction(gradeAction('iam-roles', 'knew'), inServer('discord:G2'));
    for (const scope of ['discord:G1', 'discord:G2']) {
      expect(text((await handleText('leaderboard', inServer(scope))).reply)).toContain('dee — 🔥 2 (2 days practised)');
    }
    expect(deps.store.db.prepare('SELECT scope, current, total_days, last_day FROM memberships ORDER BY scope').all()).toEqual([
      { scope: 'discord:G1', current: 2, total_days: 2, last_day: '2026-03-11' },
      { scope: 'discord:G2', current: 2, total_days: 2, last_day: '2026-03-11' },
    ]);
  });
});
