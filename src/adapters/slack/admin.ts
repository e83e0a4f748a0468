/**
 * Who may run admin commands (`subscribe`, `unsubscribe`) on Slack: user ids
 * listed in SLACK_ADMIN_USER_IDS, else workspace admins and owners according
 * to users.info. Answers are cached briefly: admin status changes rarely, and
 * a burst of commands should not become a burst of users.info calls (Tier 4,
 * but still rate-limited). Failures are not cached and count as "not admin".
 */
import type { Clock, Logger } from '../../core/ports.js';

export interface SlackUserFlags {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

export interface AdminDirectoryOptions {
  adminUserIds: readonly string[];
  /** users.info for one user id, returning its `user` object. */
  lookupUser(userId: string): Promise<SlackUserFlags | undefined>;
  clock: Clock;
  logger: Logger;
  /** How long an answer from users.info is trusted. */
  ttlMs?: number;
  /** Bound on cached users, so a big workspace cannot grow the map forever. */
  maxEntries?: number;
}

export const DEFAULT_ADMIN_CACHE_MS = 5 * 60_000;

interface Entry {
  admin: Promise<boolean>;
  until: number;
}

export class SlackAdminDirectory {
  private readonly listed: Set<string>;
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly opts: AdminDirectoryOptions) {
    this.listed = new Set(opts.adminUserIds);
    this.ttlMs = opts.ttlMs ?? DEFAULT_ADMIN_CACHE_MS;
    this.maxEntries = opts.maxEntries ?? 1000;
  }

  isAdmin(teamId: string, userId: string): Promise<boolean> {
    if (this.listed.has(userId)) return Promise.resolve(true);
    const key = `${teamId}:${userId}`;
    const now = this.opts.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.admin;
    if (this.cache.size >= this.maxEntries) {
      // Map keeps insertion order: the first key is the oldest entry.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    // The promise itself is cached, so concurrent commands share one lookup.
    const admin = this.lookup(key, userId);
    this.cache.delete(key);
    this.cache.set(key, { admin, until: now + this.ttlMs });
    return admin;
  }

  private async lookup(key: string, userId: string): Promise<boolean> {
    try {
      const user = await this.opts.lookupUser(userId);
      return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    } catch (err) {
      this.cache.delete(key);
      this.opts.logger.warn({ err: describe(err), userId }, 'users.info failed; treating the user as not an admin');
      return false;
    }
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'data' in err) {
    const data = (err as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
  }
  return err instanceof Error ? err.message : String(err);
}
