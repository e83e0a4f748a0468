/** Shared builders for the scheduler tests: subscriptions, an in-memory ChatPort, temp databases. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Level, Platform, Subscription } from '../../../src/core/model.js';
import type { Reply } from '../../../src/core/messages.js';
import type { ChatPort, PostOptions, PostOutcome, Store } from '../../../src/core/ports.js';

/** Subscriptions are created well before any test instant, so nothing is "too new" to catch up. */
export const LONG_AGO = new Date('2026-01-01T00:00:00Z');

export interface SubSpec {
  channel: string;
  time?: string;
  timezone?: string;
  days?: number[];
  topics?: string[];
  level?: Level | null;
  platform?: Platform;
}

export function subscribe(store: Store, spec: SubSpec, at: Date = LONG_AGO): Subscription {
  const platform = spec.platform ?? 'discord';
  return store.upsertSubscription(
    {
      platform,
      scope: `${platform}:S1`,
      channelKey: `${platform}:${spec.channel}`,
      channelRef: spec.channel,
      time: spec.time ?? '09:00',
      timezone: spec.timezone ?? 'UTC',
      days: spec.days ?? [1, 2, 3, 4, 5, 6, 7],
      topics: spec.topics ?? [],
      level: spec.level ?? null,
      createdBy: `${platform}:admin`,
    },
    at,
  );
}

export function subscribeMany(store: Store, n: number, spec: Omit<SubSpec, 'channel'> = {}): Subscription[] {
  return store.transaction(() =>
    Array.from({ length: n }, (_, i) => subscribe(store, { ...spec, channel: `C${String(i).padStart(5, '0')}` })),
  );
}

export interface RecordedPost {
  channelRef: string;
  key: string | undefined;
  reply: Reply;
}

/** An in-memory ChatPort; `outcome` scripts failures per call (default: success). */
export class RecordingPort implements ChatPort {
  readonly posts: RecordedPost[] = [];
  calls = 0;

  constructor(
    readonly platform: Platform = 'discord',
    private readonly outcome?: (channelRef: string, call: number) => PostOutcome | null,
  ) {}

  async postToChannel(channelRef: string, reply: Reply, opts?: PostOptions): Promise<PostOutcome> {
    const call = ++this.calls;
    await Promise.resolve(); // a real port always answers asynchronously
    const scripted = this.outcome?.(channelRef, call);
    if (scripted) return scripted;
    this.posts.push({ channelRef, key: opts?.idempotencyKey, reply });
    return { ok: true, messageId: `msg-${call}` };
  }

  postsTo(channelRef: string): RecordedPost[] {
    return this.posts.filter((p) => p.channelRef === channelRef);
  }
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'awsbot-sched-')), 'bot.sqlite');
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * A fixed-offset zone where it is between 06:00 and 07:00 now, so a 05:00
 * post is due at start-up (1–2 h late, same local day): for tests of a real
 * process, whose clock cannot be injected, without waiting for a minute tick.
 */
export function zoneWhereItIsMorning(now = new Date()): string {
  let offset = (((6 - now.getUTCHours()) % 24) + 24) % 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT signs are inverted: Etc/GMT-5 is UTC+5.
  return offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
