/**
 * Calendar arithmetic on local dates (`YYYY-MM-DD`) using only Intl, so the
 * core stays dependency-free. A local date has no time zone once computed:
 * adding days is plain calendar arithmetic, immune to DST.
 */
import type { LocalDate } from './model.js';

/**
 * Formatters by canonical zone name. Bounded by the number of real zones
 * (about 600): only names that passed `canonicalZone` are ever keys.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    if (formatters.size > 1000) formatters.clear();
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Abbreviations and legacy names that are not places: they have no daylight
 * saving rules of their own, so "EST" in July is an hour off New York.
 * Refused with the place people usually mean.
 */
export const ZONE_SUGGESTIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  EST5EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CST6CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  MST7MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PST8PDT: 'America/Los_Angeles',
  HST: 'Pacific/Honolulu',
  AKST: 'America/Anchorage',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  MET: 'Europe/Berlin',
  EET: 'Europe/Athens',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
};

/**
 * Zones ICU still lists under an older name, with the name IANA uses today:
 * people are shown, and we store, the IANA spelling.
 */
const IANA_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
};

let knownZones: Map<string, string> | null = null;
/** Lower-case name → IANA spelling, for every zone the runtime lists (built once; a fixed size). */
function zoneSpellings(): Map<string, string> {
  if (!knownZones) {
    knownZones = new Map();
    for (const z of Intl.supportedValuesOf('timeZone')) knownZones.set(z.toLowerCase(), IANA_NAMES[z] ?? z);
    for (const [old, current] of Object.entries(IANA_NAMES)) {
      knownZones.set(old.toLowerCase(), current);
      knownZones.set(current.toLowerCase(), current);
    }
  }
  return knownZones;
}

export type ZoneCheck = { ok: true; zone: string } | { ok: false; reason: string; suggestion?: string };

/** The zones people may use: "Area/Location" names, plus UTC. */
const PLACE_ZONE = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2}$/;
const UTC_NAMES = new Set(['utc', 'etc/utc']);

/**
 * Checks a zone typed by a person and returns it as IANA spells it
 * (`asia/kathmandu` → `Asia/Kathmandu`). Abbreviations such as EST are
 * refused with a suggestion; UTC stays valid.
 */
export function canonicalZone(input: string): ZoneCheck {
  const raw = input.trim();
  if (raw === '' || raw.length > 64) return { ok: false, reason: 'empty or too long' };
  if (UTC_NAMES.has(raw.toLowerCase())) return { ok: true, zone: 'UTC' };
  const suggestion = ZONE_SUGGESTIONS[raw.toUpperCase()];
  if (suggestion) return { ok: false, reason: `${raw.toUpperCase()} is an abbreviation, not a place (it ignores daylight saving)`, suggestion };
  if (!PLACE_ZONE.test(raw) || raw.toLowerCase().startsWith('etc/')) return { ok: false, reason: 'not an Area/Location zone name' };
  const known = zoneSpellings().get(raw.toLowerCase());
  if (known) return { ok: true, zone: known };
  try {
    // An alias the runtime accepts but does not list (US/Eastern): its canonical name.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone;
    return { ok: true, zone: zoneSpellings().get(resolved.toLowerCase()) ?? resolved };
  } catch {
    return { ok: false, reason: 'unknown zone' };
  }
}

/** True when `zone` is a zone people may use (see canonicalZone). */
export function isValidTimeZone(zone: string): boolean {
  return canonicalZone(zone).ok;
}

/** The plain-words refusal for a zone, with the right form. */
export function zoneError(input: string): string {
  const check = canonicalZone(input);
  if (check.ok) return '';
  const shown = input.trim().slice(0, 40);
  if (check.suggestion) return `"${shown}" is a time-zone abbreviation, not a place, so it would be wrong half the year. Use a place name such as ${check.suggestion}.`;
  return `"${shown}" is not a time zone I know. Use a place name such as Europe/Berlin, America/New_York or Asia/Kolkata (or UTC).`;
}

export interface LocalParts {
  date: LocalDate;
  /** `HH:MM`, 24-hour. */
  time: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
    weekday: WEEKDAYS[get('weekday')] ?? 0,
  };
}

export function localDate(instant: Date, timeZone: string): LocalDate {
  return localParts(instant, timeZone).date;
}

const DAY_MS = 86_400_000;

function toUtcMs(date: LocalDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** ISO weekday of a calendar date, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  const d = new Date(toUtcMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}
