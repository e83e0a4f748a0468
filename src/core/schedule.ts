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

const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** `mon` or `monday` (any case) → ISO weekday; anything else (`monkey`) → 0. */
export function dayNumber(word: string): number {
  const w = word.trim().toLowerCase();
  const short = DAY_NAMES.indexOf(w as (typeof DAY_NAMES)[number]);
  if (short >= 0) return short + 1;
  return FULL_DAY_NAMES.indexOf(w) + 1;
}

/**
 * Parses `daily`, `weekdays`, `weekends`, `mon-fri`, `mon,wed,fri`,
 * `monday-friday` into sorted ISO weekdays; null when the spec is not made
 * only of day names and ranges.
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
    const idx = range.map(dayNumber);
    if (idx.some((i) => i === 0)) return null;
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
  /** No post on days before this local date. */
  pausedUntil?: LocalDate | null;
  /** No post on these local dates (never caught up). */
  skipDates?: readonly LocalDate[];
}

/** Is `date` (local to the spec's zone) a day the channel gets a post? */
export function isPostingDay(spec: ScheduleSpec, date: LocalDate): boolean {
  if (!spec.days.includes(weekdayOf(date))) return false;
  if (spec.pausedUntil && date < spec.pausedUntil) return false;
  return !(spec.skipDates ?? []).includes(date);
}

/** The local date of the post due at or before `now` today, if today is a posting day and the time has come. */
export function dueToday(spec: ScheduleSpec, now: Date): { date: LocalDate; at: Date } | null {
  const today = localParts(now, spec.timezone).date;
  if (!isPostingDay(spec, today)) return null;
  const at = zonedInstant(today, spec.time, spec.timezone);
  return at.getTime() <= now.getTime() ? { date: today, at } : null;
}

/** The next post instant strictly after `after`. */
export function nextRun(spec: ScheduleSpec, after: Date): { date: LocalDate; at: Date } {
  const start = localParts(after, spec.timezone).date;
  // A pause can push the next post far out; skip dates at most a few dozen more.
  const from = spec.pausedUntil && spec.pausedUntil > start ? spec.pausedUntil : start;
  for (let i = 0; i <= 8 + (spec.skipDates?.length ?? 0); i++) {
    const date = addDays(from, i);
    if (!isPostingDay(spec, date)) continue;
    const at = zonedInstant(date, spec.time, spec.timezone);
    if (at.getTime() > after.getTime()) return { date, at };
  }
  throw new Error(`no posting day in spec ${JSON.stringify(spec.days)}`);
}

// ---- daily posts ------------------------------------------------------------

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

const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant as a person in `zone` reads it: `Tue 10 Mar 09:00 Europe/Berlin`. */
export function formatLocal(instant: Date, zone: string): string {
  const p = localParts(instant, zone);
  const [, m, d] = p.date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAY_SHORT[p.weekday - 1]} ${d} ${MONTHS[m - 1]} ${p.time} ${zone}`;
}

/** "in 3 h", "in 25 min", "in 2 days" from `now` to `at`. */
export function formatIn(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  if (ms < 0) return 'now';
  if (ms < HOUR_MS) return `in ${Math.max(1, Math.round(ms / MINUTE_MS))} min`;
  if (ms < 48 * HOUR_MS) return `in ${Math.round(ms / HOUR_MS)} h`;
  return `in ${Math.round(ms / (24 * HOUR_MS))} days`;
}

/**
 * The idempotency key of a daily post, also sent to the platform where it can
 * de-duplicate (Discord's message nonce allows at most 25 characters).
 */
export function postKey(subscriptionId: number, date: LocalDate, kind: 'daily' | 'reveal' | 'digest' = 'daily'): string {
  const prefix = kind === 'daily' ? 'daily' : kind === 'reveal' ? 'rev' : 'dig';
  return `${prefix}-${subscriptionId}-${date.replaceAll('-', '')}`;
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
