/**
 * Per-person budgets, so one person cannot flood a channel or the bot:
 *   - a command budget (token bucket: `commandsPerMinute`, refilled evenly);
 *   - a cooldown between one person's public posts in one channel.
 * Refusals are immediate (a polite private reply), so nobody else waits.
 * State is per process and bounded: the least recently seen keys go first.
 */
import type { Clock } from './ports/clock.js';

export interface LimitSettings {
  commandsPerMinute: number;
  publicCooldownSeconds: number;
  /** At most this many people (or person × channel pairs) are tracked at once. */
  maxTracked?: number;
}

export const DEFAULT_LIMITS: LimitSettings = { commandsPerMinute: 30, publicCooldownSeconds: 60 };

export type LimitKind = 'commands' | 'public_posts';

class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly max: number) {
    super();
  }
  touch(key: string, value: V): void {
    this.delete(key);
    if (this.size >= this.max) {
      const oldest = this.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    this.set(key, value);
  }
}

export class Limits {
  private readonly buckets: BoundedMap<{ tokens: number; at: number }>;
  private readonly lastPublic: BoundedMap<number>;

  constructor(
    readonly settings: LimitSettings,
    private readonly clock: Clock,
    private readonly onLimited: (kind: LimitKind) => void = () => {},
  ) {
    this.buckets = new BoundedMap(settings.maxTracked ?? 50_000);
    this.lastPublic = new BoundedMap(settings.maxTracked ?? 50_000);
  }

  /** Takes one command from the person's budget; when empty, how many seconds until the next one. */
  takeCommand(userKey: string): { ok: true } | { ok: false; retryInSeconds: number } {
    const capacity = this.settings.commandsPerMinute;
    if (capacity <= 0) return { ok: true };
    const now = this.clock.now().getTime();
    const perMs = capacity / 60_000;
    const b = this.buckets.get(userKey) ?? { tokens: capacity, at: now };
    // A clock stepped backwards (NTP, a resumed VM) refills nothing rather than locking the person out.
    const tokens = Math.min(capacity, b.tokens + Math.max(0, now - b.at) * perMs);
    if (tokens < 1) {
      this.buckets.touch(userKey, { tokens, at: now });
      this.onLimited('commands');
      return { ok: false, retryInSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    }
    this.buckets.touch(userKey, { tokens: tokens - 1, at: now });
    return { ok: true };
  }

  /** May this person post publicly in this channel now? Records the post when yes. */
  takePublic(userKey: string, channelKey: string): { ok: true } | { ok: false; nextAt: Date } {
    const cooldownMs = this.settings.publicCooldownSeconds * 1000;
    if (cooldownMs <= 0) return { ok: true };
    const key = `${userKey} ${channelKey}`;
    const now = this.clock.now().getTime();
    const last = this.lastPublic.get(key);
    if (last !== undefined && now - last < cooldownMs && now >= last) {
      this.onLimited('public_posts');
      return { ok: false, nextAt: new Date(last + cooldownMs) };
    }
    this.lastPublic.touch(key, now);
    return { ok: true };
  }
}
