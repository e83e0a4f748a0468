/**
 * A person's day, one rule everywhere (streaks, leaderboards, reminders,
 * "due today"): their own zone (`timezone`), else the zone of their
 * platform profile (Slack users.info tz), else DEFAULT_TIMEZONE. Never the
 * channel's: one person has one "today" wherever they type.
 */
import type { CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import type { LocalDate } from '../model.js';

export interface ZoneFacts {
  timezone: string | null;
  profileTimezone: string | null;
}

export const zoneFrom = (facts: ZoneFacts | null | undefined, defaultZone: string): string =>
  facts?.timezone ?? facts?.profileTimezone ?? defaultZone;

export async function userZone(deps: Pick<CoreDeps, 'store' | 'defaultZone'>, userKey: string): Promise<string> {
  return zoneFrom(await deps.store.people.get(userKey), deps.defaultZone);
}

export async function userToday(deps: Pick<CoreDeps, 'store' | 'defaultZone' | 'clock'>, userKey: string): Promise<LocalDate> {
  return localDate(deps.clock.now(), await userZone(deps, userKey));
}
