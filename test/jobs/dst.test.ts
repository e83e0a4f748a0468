/**
 * DST days in America/New_York and Europe/Berlin, ticking every minute
 * through the whole local day as the cron task would: a time inside the
 * spring-forward gap posts once at the first valid minute; a time that
 * happens twice on the fall-back day posts once, at its first occurrence.
 */
import { describe, expect, it } from 'vitest';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { makeDeps } from '../support/core.js';
import { MINUTE, RecordingPort, subscribe } from './support/harness.js';

interface Case {
  zone: string;
  day: string;
  from: string;
  to: string;
  /** local post time -> the UTC instant it must be sent at */
  expected: Record<string, string>;
}

const CASES: Case[] = [
  {
    zone: 'America/New_York',
    day: 'spring-forward 2026-03-08 (02:00 -> 03:00)',
    from: '2026-03-08T04:00:00Z',
    to: '2026-03-09T03:59:00Z',
    expected: { '01:30': '2026-03-08T06:30:00.000Z', '02:00': '2026-03-08T07:00:00.000Z', '02:30': '2026-03-08T07:00:00.000Z', '03:00': '2026-03-08T07:00:00.000Z' },
  },
  {
    zone: 'Europe/Berlin',
    day: 'spring-forward 2026-03-29 (02:00 -> 03:00)',
    from: '2026-03-28T22:00:00Z',
    to: '2026-03-29T21:59:00Z',
    expected: { '01:30': '2026-03-29T00:30:00.000Z', '02:30': '2026-03-29T01:00:00.000Z', '02:59': '2026-03-29T01:00:00.000Z', '03:30': '2026-03-29T01:30:00.000Z' },
  },
  {
    zone: 'America/New_York',
    day: 'fall-back 2026-11-01 (02:00 -> 01:00)',
    from: '2026-11-01T03:00:00Z',
    to: '2026-11-02T04:59:00Z',
    expected: { '01:00': '2026-11-01T05:00:00.000Z', '01:30': '2026-11-01T05:30:00.000Z', '01:59': '2026-11-01T05:59:00.000Z', '02:30': '2026-11-01T07:30:00.000Z' },
  },
  {
    zone: 'Europe/Berlin',
    day: 'fall-back 2026-10-25 (03:00 -> 02:00)',
    from: '2026-10-24T21:00:00Z',
    to: '2026-10-25T22:59:00Z',
    expected: { '01:30': '2026-10-24T23:30:00.000Z', '02:00': '2026-10-25T00:00:00.000Z', '02:30': '2026-10-25T00:30:00.000Z', '03:30': '2026-10-25T02:30:00.000Z' },
  },
];

describe.each(CASES)('$zone on $day', ({ zone, from, to, expected }) => {
  it('posts each subscription exactly once, at the expected instant', async () => {
    const deps = makeDeps({ now: from });
    const port = new RecordingPort();
    deps.chat.add(port);
    const deliveries = new Deliveries({ deps });
    const subs = [];
    for (const time of Object.keys(expected)) subs.push(await subscribe(deps.store, { channel: `at-${time}`, time, timezone: zone }));
    const sentAt = new Map<string, string[]>();
    for (let t = Date.parse(from); t <= Date.parse(to); t += MINUTE) {
      deps.clock.set(new Date(t));
      const before = port.posts.length;
      await deliveries.runDue(deps.clock.now());
      for (const p of port.posts.slice(before)) sentAt.set(p.channelRef, [...(sentAt.get(p.channelRef) ?? []), new Date(t).toISOString()]);
    }
    for (const sub of subs) {
      expect(sentAt.get(sub.channelRef), `${sub.time} ${zone}`).toEqual([expected[sub.time]]);
    }
  });
});
