import type { CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import type { LocalDate } from '../model.js';

/** A user's day boundary: their own setting, else the channel's subscription zone, else the default (UTC). */
export function userZone(deps: CoreDeps, userKey: string, channelKey?: string): string {
  const own = deps.store.getUser(userKey)?.timezone;
  if (own) return own;
  if (channelKey) {
    const sub = deps.store.getSubscriptionByChannel(channelKey);
    if (sub) return sub.timezone;
  }
  return deps.defaultZone ?? 'UTC';
}

export function userToday(deps: CoreDeps, userKey: string, channelKey?: string): LocalDate {
  return localDate(deps.clock.now(), userZone(deps, userKey, channelKey));
}
