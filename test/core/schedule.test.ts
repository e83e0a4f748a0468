import { describe, expect, it } from 'vitest';
import { dueToday, formatDays, nextRun, normaliseTime, parseDays, zonedInstant } from '../../src/core/schedule.js';

describe('day specs', () => {
  it.each([
    ['daily', [1, 2, 3, 4, 5, 6, 7]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['weekends', [6, 7]],
    ['mon,wed,fri', [1, 3, 5]],
    ['fri-mon', [1, 5, 6, 7]],
    ['Tuesday', [2]],
  ])('%s', (spec, days) => {
    expect(parseDays(spec)).toEqual(days);
  });
  it.each(['funday', 'mon-', 'm', 'mon-tue-wed', ''])('refuses %j', (spec) => {
    expect(parseDays(spec)).toBeNull();
  });
  it('formats back', () => {
    expect(formatDays([1, 2, 3, 4, 5])).toBe('mon-fri');
    expect(formatDays([1, 3])).toBe('mon,wed');
  });
  it('normalises times', () => {
    expect(normaliseTime('9:05')).toBe('09:05');
    expect(normaliseTime('24:00')).toBeNull();
    expect(normaliseTime('09:60')).toBeNull();
  });
});

describe('zonedInstant', () => {
  it('09:00 Europe/Berlin stays 09:00 local across DST', () => {
    expect(zonedInstant('2026-03-28', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(zonedInstant('2026-03-30', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });
  it('spring-forward gap resolves to the first valid minute', () => {
    // Berlin skips 02:00–03:00 on 29 Mar 2026; New York skips 02:00–03:00 on 8 Mar 2026.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });
  it('fall-back overlap resolves to the first occurrence', () => {
    // 01:30 happens twice in New York on 1 Nov 2026 (EDT then EST).
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
  it('handles half-hour and +14 zones', () => {
    expect(zonedInstant('2026-03-10', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-03-10T03:30:00.000Z');
    expect(zonedInstant('2026-03-10', '09:00', 'Pacific/Kiritimati').toISOString()).toBe('2026-03-09T19:00:00.000Z');
  });
});

describe('nextRun and dueToday', () => {
  const spec = { time: '09:00', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5] };
  it('skips days not in the spec', () => {
    // Fri 2026-03-13 10:00 Berlin → next is Mon 2026-03-16 09:00.
    expect(nextRun(spec, new Date('2026-03-13T09:00:00Z'))).toEqual({
      date: '2026-03-16',
      at: new Date('2026-03-16T08:00:00Z'),
    });
  });
  it('is due once the local time has come on a posting day', () => {
    expect(dueToday(spec, new Date('2026-03-13T07:59:00Z'))).toBeNull();
    expect(dueToday(spec, new Date('2026-03-13T08:00:00Z'))).toEqual({ date: '2026-03-13', at: new Date('2026-03-13T08:00:00Z') });
    expect(dueToday(spec, new Date('2026-03-14T12:00:00Z'))).toBeNull(); // Saturday
  });
});
