/**
 * What only Slack can say about a person, for the core's PlatformDirectory:
 *   - admin: user ids in SLACK_ADMIN_USER_IDS, else workspace admins and
 *     owners per users.info, asked in the person's own team;
 *   - profile zone: users.info `tz`, so "their day" follows their profile
 *     until they set their own zone.
 * Answers are cached briefly (a burst of commands must not become a burst of
 * users.info calls) and the cache is bounded. Failures are not cached and
 * count as "not admin" / "no zone".
 */
import type { Clock } from '../../core/ports/clock.js';
import type { EventActor } from '../../core/ports/inbound.js';
import type { Logger } from '../../core/ports/logger.js';
import type { PlatformDirectory } from '../../core/ports/platform.js';

export interface SlackUserInfo {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  tz?: string;
}

export interface DirectoryOptions {
  adminUserIds: readonly string[];
  /** users.info for one user of one team, returning its `user` object. */
  lookupUser(teamId: string, userId: string): Promise<SlackUserInfo | undefined>;
  clock: Clock;
  logger: Logger;
  ttlMs?: number;
  maxEntries?: number;
}

export const DEFAULT_DIRECTORY_CACHE_MS = 5 * 60_000;

interface Entry {
  info: Promise<SlackUserInfo | null>;
  until: number;
}

export class SlackDirectory implements PlatformDirectory {
  private readonly listed: Set<string>;
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly opts: DirectoryOptions) {
    this.listed = new Set(opts.adminUserIds);
    this.ttlMs = opts.ttlMs ?? DEFAULT_DIRECTORY_CACHE_MS;
    this.maxEntries = opts.maxEntries ?? 1000;
  }

  async isAdmin(actor: EventActor): Promise<boolean> {
    const { teamId, userId } = ids(actor);
    if (!teamId || !userId) return false;
    if (this.listed.has(userId)) return true;
    const user = await this.user(teamId, userId);
    return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
  }

  async profileZone(actor: EventActor): Promise<string | null> {
    const { teamId, userId } = ids(actor);
    if (!teamId || !userId) return null;
    return (await this.user(teamId, userId))?.tz ?? null;
  }

  private user(teamId: string, userId: string): Promise<SlackUserInfo | null> {
    const key = `${teamId}:${userId}`;
    const now = this.opts.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.info;
    if (this.cache.size >= this.maxEntries) {
      // Map keeps insertion order: the first key is the oldest entry.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    // The promise itself is cached, so concurrent commands share one lookup.
    const info = this.lookup(key, teamId, userId);
    this.cache.delete(key);
    this.cache.set(key, { info, until: now + this.ttlMs });
    return info;
  }

  private async lookup(key: string, teamId: string, userId: string): Promise<SlackUserInfo | null> {
    try {
      return (await this.opts.lookupUser(teamId, userId)) ?? null;
    } catch (err) {
      this.cache.delete(key);
      this.opts.logger.warn({ err: describe(err), userId }, 'users.info failed; treating the user as not an admin');
      return null;
    }
  }
}

function ids(actor: EventActor): { teamId: string | null; userId: string | null } {
  const teamId = typeof actor.facts?.teamId === 'string' ? actor.facts.teamId : null;
  const userId = typeof actor.facts?.userId === 'string' ? actor.facts.userId : null;
  return { teamId, userId };
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'data' in err) {
    const data = (err as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
  }
  return err instanceof Error ? err.message : String(err);
}
