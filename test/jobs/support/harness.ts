/** Shared builders for the jobs tests: subscriptions, an in-memory ChatPort, temp databases. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply } from '../../../src/core/messages.js';
import type { Level, LocalDate, Subscription } from '../../../src/core/model.js';
import type { ChatPort, PostOptions, PostOutcome } from '../../../src/core/ports/chat.js';
import type { Store } from '../../../src/core/ports/store.js';

/** Subscriptions are created well before any test instant, so nothing is "too new" to catch up. */
export const LONG_AGO = new Date('2026-01-01T00:00:00Z');

export interface SubSpec {
  channel: string;
  time?: string;
  timezone?: string;
  days?: number[];
  topics?: string[];
  level?: Level | null;
  /** Default `test` (the test platform of test/support/core.ts). */
  platform?: string;
  /** The channel key; default `<platform>:<channel>`. */
  channelKey?: string;
  scope?: string;
  /** Default off here, so a test that wants a thread says so. */
  thread?: boolean;
  revealAfterHours?: number | null;
  digest?: { day: number; time: string } | null;
  pausedUntil?: LocalDate | null;
  skipDates?: LocalDate[];
}

export async function subscribe(store: Store, spec: SubSpec, at: Date = LONG_AGO): Promise<Subscription> {
  const platform = spec.platform ?? 'test';
  const channelKey = spec.channelKey ?? `${platform}:${spec.channel}`;
  const sub = await store.channels.upsertSubscription(
    {
      platform,
      scope: spec.scope ?? `${platform}:S1`,
      channelKey,
      channelRef: spec.channel,
      time: spec.time ?? '09:00',
      timezone: spec.timezone ?? 'UTC',
      days: spec.days ?? [1, 2, 3, 4, 5, 6, 7],
      topics: spec.topics ?? [],
      level: spec.level ?? null,
      createdBy: `${platform}:admin`,
      thread: spec.thread ?? false,
      revealAfterHours: spec.revealAfterHours ?? null,
      digest: spec.digest ?? null,
    },
    at,
  );
  if (spec.pausedUntil !== undefined || spec.skipDates !== undefined) {
    const changed = await store.channels.updateSubscription(channelKey, { pausedUntil: spec.pausedUntil ?? null, skipDates: spec.skipDates ?? [] }, at);
    if (!changed) throw new Error(`subscription ${channelKey} vanished`);
    return changed;
  }
  return sub;
}

/** `n` subscriptions on channels named by `channelName(i)` (default C00000, C00001 …). */
export async function subscribeMany(
  store: Store,
  n: number,
  spec: Omit<SubSpec, 'channel'> = {},
  channelName: (i: number) => string = (i) => `C${String(i).padStart(5, '0')}`,
): Promise<Subscription[]> {
  return store.transaction(async (tx) => {
    const subs: Subscription[] = [];
    for (let i = 0; i < n; i++) subs.push(await subscribe(tx, { ...spec, channel: channelName(i) }));
    return subs;
  });
}

export interface RecordedPost {
  channelRef: string;
  key: string | undefined;
  reply: Reply;
  opts: PostOptions;
}

/**
 * An in-memory ChatPort for the tests of the jobs' own rules (what is due,
 * claims, backoff); `outcome` scripts failures per call (default: success).
 * The platforms' real error mapping is tested through the real ports
 * (support/platforms.ts).
 */
export class RecordingPort implements ChatPort {
  readonly posts: RecordedPost[] = [];
  readonly direct: { userKey: string; reply: Reply }[] = [];
  calls = 0;

  constructor(
    readonly platform: string = 'test',
    private readonly outcome?: (channelRef: string, call: number) => PostOutcome | null,
  ) {}

  async postToChannel(channelRef: string, reply: Reply, opts: PostOptions = {}): Promise<PostOutcome & { threadRef?: string }> {
    const call = ++this.calls;
    await Promise.resolve(); // a real port always answers asynchronously
    const scripted = this.outcome?.(channelRef, call);
    if (scripted) return scripted;
    this.posts.push({ channelRef, key: opts.idempotencyKey, reply, opts });
    return { ok: true, messageId: `msg-${call}`, ...(opts.openThread ? { threadRef: `thread-${call}` } : {}) };
  }

  async sendDirect(userKey: string, reply: Reply): Promise<PostOutcome> {
    this.direct.push({ userKey, reply });
    return { ok: true, messageId: `dm-${this.direct.length}` };
  }

  postsTo(channelRef: string): RecordedPost[] {
    return this.posts.filter((p) => p.channelRef === channelRef);
  }
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'awsbot-jobs-')), 'bot.sqlite');
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

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
