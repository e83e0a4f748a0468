/**
 * Pure schedule arithmetic: when a subscription's next post is, which local
 * day a post belongs to, and how to read day specs like `mon-fri`.
 * Wall-clock times are resolved in the subscription's own zone, so 09:00
 * Europe/Berlin stays 09:00 local across DST. A time that does not exist on
 * a spring-forward day resolves to the first valid minute after the gap; a
 * time that occurs twice on a fall-back day resolves to its first occurrence.
 */
import { addDays, localParts, weekdayOf } from './dates.js';
import type { LocalDate } from './model.js';

export const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTime(time: string): boolean {
  return TIME_PATTERN.test(time);
}

/** Normalises `9:00` to `09:00`; null when not a 24-hour HH:MM time. */
export function normaliseTime(raw: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const t = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return isValidTime(t) ? t : null;
}

/**
 * Parses `daily`, `weekdays`, `weekends`, `mon-fri`, `mon,wed,fri`, `sat-sun`
 * into sorted ISO weekdays; null when the spec is not understood.
 */
export function parseDays(spec: string): number[] | null {
  const s = spec.trim().toLowerCase();
  if (s === 'daily' || s === 'everyday' || s === 'all') return [...ALL_DAYS];
  if (s === 'weekdays') return [1, 2, 3, 4, 5];
  if (s === 'weekends') return [6, 7];
  const days = new Set<number>();
  for (const part of s.split(',')) {
    const range = part.split('-');
    if (range.length > 2) return null;
    const idx = range.map((r) => DAY_NAMES.indexOf(r.slice(0, 3) as (typeof DAY_NAMES)[number]) + 1);
    if (idx.some((i) => i === 0) || range.some((r) => r.length < 3)) return null;
    const [from, to = from] = idx as [number, number?];
    for (let d = from; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days.size > 0 ? [...days].sort((a, b) => a - b) : null;
}

export function formatDays(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b).join(',');
  if (sorted === '1,2,3,4,5,6,7') return 'daily';
  if (sorted === '1,2,3,4,5') return 'mon-fri';
  if (sorted === '6,7') return 'weekends';
  return days.map((d) => DAY_NAMES[d - 1]).join(',');
}

function offsetMs(instant: number, zone: string): number {
  const p = localParts(new Date(instant), zone);
  const asUtc = Date.parse(`${p.date}T${p.time}:00Z`);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

// zonedInstant is pure but costs ~10 Intl calls; the scheduler asks it for
// thousands of subscriptions sharing a few (date, time, zone) triples each minute.
const instantMemo = new Map<string, number>();
const INSTANT_MEMO_LIMIT = 20_000;

/** The instant at which the wall clock in `zone` shows `date time` (see file comment for DST). */
export function zonedInstant(date: LocalDate, time: string, zone: string): Date {
  const key = `${date} ${time} ${zone}`;
  let t = instantMemo.get(key);
  if (t === undefined) {
    if (instantMemo.size >= INSTANT_MEMO_LIMIT) instantMemo.clear();
    t = computeZonedInstant(date, time, zone);
    instantMemo.set(key, t);
  }
  return new Date(t);
}

function computeZonedInstant(date: LocalDate, time: string, zone: string): number {
  const naive = Date.parse(`${date}T${time}:00Z`);
  const offsets = new Set([-1, 0, 1].map((d) => offsetMs(naive + d * 86_400_000, zone)));
  const exact = [...offsets]
    .map((o) => naive - o)
    .filter((t) => {
      const p = localParts(new Date(t), zone);
      return p.date === date && p.time === time;
    })
    .sort((a, b) => a - b);
  if (exact.length > 0) return exact[0]!;
  // In a spring-forward gap: find the first minute whose wall clock is past the target.
  const target = `${date} ${time}`;
  let lo = naive - Math.max(...offsets);
  let hi = naive - Math.min(...offsets);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    const p = localParts(new Date(mid), zone);
    if (`${p.date} ${p.time}` >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface ScheduleSpec {
  time: string;
  timezone: string;
  days: readonly number[];
}

/** The local date of the post due at or before `now` today, if today is a posting day and the time has come. */
export function dueToday(spec: ScheduleSpec, now: Date): { date: LocalDate; at: Date } | null {
  const today = localParts(now, spec.timezone).date;
  if (!spec.days.includes(weekdayOf(today))) return null;
  const at = zonedInstant(today, spec.time, spec.timezone);
  return at.getTime() <= now.getTime() ? { date: today, at } : null;
}

/** The next post instant strictly after `after`. */
export function nextRun(spec: ScheduleSpec, after: Date): { date: LocalDate; at: Date } {
  const start = localParts(after, spec.timezone).date;
  for (let i = 0; i <= 8; i++) {
    const date = addDays(start, i);
    if (!spec.days.includes(weekdayOf(date))) continue;
    const at = zonedInstant(date, spec.time, spec.timezone);
    if (at.getTime() > after.getTime()) return { date, at };
  }
  throw new Error(`no posting day in spec ${JSON.stringify(spec.days)}`);
}

// ---- daily posts (issue 6) ---------------------------------------------------

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface DueOptions {
  /** How long after its time a missed post is still sent (CATCH_UP_HOURS). */
  catchUpMs: number;
  /**
   * The subscription's last change: a post whose time had already passed then
   * is not caught up, so `subscribe` at 10:00 for 09:00 starts tomorrow, as its
   * "Next post" line says.
   */
  notBefore?: Date | null;
}

/**
 * The post due at `now`, if any: today (in the subscription's zone) is a
 * posting day, the local time has come, and it is less than the catch-up
 * window old. Only today is ever considered, so a post can never be sent for
 * a past day, nor after the end of its own local day.
 */
export function duePost(spec: ScheduleSpec, now: Date, opts: DueOptions): { date: LocalDate; at: Date } | null {
  const due = dueToday(spec, now);
  if (!due) return null;
  // At least one minute, so CATCH_UP_HOURS=0 still posts on the minute itself.
  const window = Math.max(opts.catchUpMs, MINUTE_MS);
  if (now.getTime() - due.at.getTime() >= window) return null;
  if (opts.notBefore && due.at.getTime() < opts.notBefore.getTime()) return null;
  return due;
}

export const catchUpMs = (hours: number): number => hours * HOUR_MS;

/**
 * The idempotency key of a daily post, also sent to the platform where it can
 * de-duplicate (Discord's message nonce allows at most 25 characters).
 */
export function postKey(subscriptionId: number, date: LocalDate): string {
  return `daily-${subscriptionId}-${date.replaceAll('-', '')}`;
}

/**
 * Wait before retry number `attempts` + 1 after a transient failure: 1, 2, 4,
 * 8 … minutes (the scheduler ticks each minute), capped at 30, and never
 * sooner than the server asked (Retry-After).
 */
export function retryDelayMs(attempts: number, retryAfterMs = 0): number {
  const backoff = Math.min(MINUTE_MS * 2 ** Math.max(0, attempts - 1), 30 * MINUTE_MS);
  return Math.max(backoff, retryAfterMs);
}
