/** Builds the command context for an event: the platform, the actor (admin asked once), the place. */
import type { CommandContext, CoreDeps } from '../context.js';
import type { InboundEvent } from '../ports/inbound.js';
import type { PlatformInfo } from '../ports/platform.js';
import { canonicalZone } from '../dates.js';

export function contextFor(event: InboundEvent, deps: CoreDeps, platform: PlatformInfo): CommandContext {
  let admin: Promise<boolean> | null = null;
  const directory = deps.platforms.directory(platform.id);
  return {
    platform,
    actor: {
      userKey: event.actor.userKey,
      displayName: event.actor.displayName,
      // Asked at most once per event; no directory means nobody administers anything.
      isAdmin: () => (admin ??= directory ? directory.isAdmin(event.actor, event.place).catch(() => false) : Promise.resolve(false)),
    },
    scope: event.place.scope,
    channelKey: event.place.channelKey,
    channelRef: event.place.channelRef,
    event,
    deps,
  };
}

/** The same context with the store replaced (a transaction's). */
export const withStore = (ctx: CommandContext, store: CoreDeps['store']): CommandContext => ({ ...ctx, deps: { ...ctx.deps, store } });

/**
 * Learns the zone of the person's platform profile (cached by the adapter)
 * and keeps it on their record, so "their day" follows it until they set
 * their own. Done before any transaction: it may ask the platform.
 */
export async function refreshProfileZone(ctx: CommandContext): Promise<void> {
  const directory = ctx.deps.platforms.directory(ctx.platform.id);
  if (!directory?.profileZone) return;
  let zone: string | null;
  try {
    zone = await directory.profileZone(ctx.event.actor);
  } catch {
    return;
  }
  const check = zone ? canonicalZone(zone) : null;
  if (!check?.ok) return;
  zone = check.zone;
  const people = ctx.deps.store.people;
  const user = await people.get(ctx.actor.userKey);
  if (user?.profileTimezone === zone) return;
  await people.touch(ctx.actor.userKey, ctx.actor.displayName, ctx.deps.clock.now());
  await people.setProfileTimezone(ctx.actor.userKey, zone);
}
