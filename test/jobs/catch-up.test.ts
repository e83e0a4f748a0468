/** Downtime across the post time: one catch-up post the same day, none for a day missed entirely. */
import { describe, expect, it } from 'vitest';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { makeDeps } from '../support/core.js';
import { HOUR, MINUTE, RecordingPort, subscribe } from './support/harness.js';

function setup(catchUpHours = 12, now = '2026-03-10T07:30:00Z') {
  const deps = makeDeps({ now });
  const port = new RecordingPort();
  deps.chat.add(port);
  const deliveries = new Deliveries({ deps, catchUpHours });
  const tick = () => deliveries.runDue(deps.clock.now());
  return { deps, port, deliveries, tick };
}

describe('catch-up after downtime', () => {
  it('posts once when it comes back the same local day, and never for a day it missed', async () => {
    const { deps, port, tick } = setup();
    // 09:00 Berlin is 08:00Z in March (CET).
    const sub = await subscribe(deps.store, { channel: 'C1', time: '09:00', timezone: 'Europe/Berlin' });
    await tick();
    expect(port.posts).toHaveLength(0);

    deps.clock.set('2026-03-10T11:45:00Z'); // down from 07:30 to 11:45 across the post time
    expect((await tick()).sent).toBe(1);
    for (let i = 0; i < 90; i++) {
      deps.clock.advance(MINUTE);
      await tick();
    }
    expect(port.posts).toHaveLength(1);

    // Down for the whole of 11 March: nothing is sent for it on the 12th.
    deps.clock.set('2026-03-12T07:00:00Z');
    expect((await tick()).due).toBe(0);
    deps.clock.set('2026-03-12T08:00:00Z');
    await tick();
    expect(port.posts).toHaveLength(2);
    const dates = deps.store.db.prepare('SELECT local_date FROM posts WHERE subscription_id = ? ORDER BY local_date').all(sub.id);
    expect(dates).toEqual([{ local_date: '2026-03-10' }, { local_date: '2026-03-12' }]);
  });

  it('respects the catch-up window', async () => {
    const { deps, port, tick } = setup(2);
    await subscribe(deps.store, { channel: 'late', time: '09:00', timezone: 'UTC' });
    deps.clock.set(new Date(Date.parse('2026-03-10T09:00:00Z') + 2 * HOUR)); // exactly 2 h late: outside
    await tick();
    expect(port.posts).toHaveLength(0);
    deps.clock.set('2026-03-11T10:59:00Z'); // next day, 1 h 59 min late: inside
    await tick();
    expect(port.posts).toHaveLength(1);
  });

  it('never sends after the end of the post’s local day', async () => {
    const { deps, port, tick } = setup(12, '2026-03-10T12:00:00Z');
    // 23:30 New York (EDT from 8 March) = 03:30Z; back at 00:30 local the next day.
    await subscribe(deps.store, { channel: 'night', time: '23:30', timezone: 'America/New_York' });
    deps.clock.set('2026-03-11T04:30:00Z');
    await tick();
    expect(port.posts).toHaveLength(0);
  });

  it('does not catch up a post whose time had passed when the channel subscribed', async () => {
    const { deps, port, tick } = setup(12, '2026-03-10T10:00:00Z');
    await subscribe(deps.store, { channel: 'new', time: '09:00', timezone: 'UTC' }, deps.clock.now());
    await tick();
    expect(port.posts).toHaveLength(0);
    deps.clock.set('2026-03-11T09:00:00Z');
    await tick();
    expect(port.posts).toHaveLength(1);
  });

  it('skips days not in the subscription and platforms that are not running', async () => {
    const { deps, port, tick } = setup(12, '2026-03-14T09:00:00Z'); // a Saturday
    await subscribe(deps.store, { channel: 'weekdays', days: [1, 2, 3, 4, 5] });
    await subscribe(deps.store, { channel: 'slack-only', platform: 'slack' });
    expect((await tick()).due).toBe(0);
    expect(port.posts).toHaveLength(0);
    expect(deps.store.db.prepare('SELECT COUNT(*) AS n FROM posts').get()).toEqual({ n: 0 });
  });
});
