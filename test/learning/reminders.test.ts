import { createEmptyCard } from 'ts-fsrs';
import { describe, expect, it, vi } from 'vitest';
import type { CoreDeps } from '../../src/core/context.js';
import { decideNudge, nudgeWindow, platformOf, REMINDER_TIME } from '../../src/core/learning/reminders.js';
import type { Reply } from '../../src/core/messages.js';
import type { Platform } from '../../src/core/model.js';
import type { ChatPort, PostOutcome } from '../../src/core/ports.js';
import { reviewGreeting } from '../../src/core/usecases/remind.js';
import { handleText } from '../../src/core/dispatch.js';
import { runReminders, startReminders } from '../../src/reminders/runner.js';
import { makeActor, makeContext, makeDeps, memoryLogger, tableCounts } from '../support/core.js';
import { revealIn } from './helpers.js';

class FakePort implements ChatPort {
  readonly sent: { userKey: string; reply: Reply }[] = [];
  constructor(
    readonly platform: Platform,
    private readonly outcome: () => PostOutcome = () => ({ ok: true, messageId: 'm1' }),
  ) {}
  async postToChannel(): Promise<PostOutcome> {
    return { ok: true, messageId: 'x' };
  }
  async sendDirect(userKey: string, reply: Reply): Promise<PostOutcome> {
    this.sent.push({ userKey, reply });
    return this.outcome();
  }
}

/** A user with a review card due at `due`, opted in or not, in `zone`. */
async function user(deps: CoreDeps, userKey: string, opts: { zone?: string; remind?: boolean; due?: string } = {}) {
  const ctx = makeContext(deps, { actor: makeActor(userKey, false, userKey), platform: platformOf(userKey) ?? 'console' });
  if (opts.zone) await handleText(`timezone ${opts.zone}`, ctx);
  if (opts.remind !== undefined) await handleText(`remind ${opts.remind ? 'on' : 'off'}`, ctx);
  deps.store.touchUser(userKey, null, deps.clock.now());
  deps.store.saveReviewCard(userKey, 'vpc-basics', { ...createEmptyCard(new Date(opts.due ?? '2026-03-01T00:00:00Z')), state: 2, reps: 1 });
}

describe('who to nudge at instant T (pure)', () => {
  const facts = { optedIn: true, zone: 'Europe/Berlin', lastNudgedOn: null, dueCount: 3 };

  it('nudges after the morning hour in the user’s zone, for that local day', () => {
    expect(REMINDER_TIME).toBe('08:00');
    expect(decideNudge(facts, new Date('2026-03-10T06:59:00Z'))).toBeNull(); // 07:59 CET
    expect(decideNudge(facts, new Date('2026-03-10T07:00:00Z'))).toBe('2026-03-10'); // 08:00 CET
    // Auckland (UTC+13): 19:00Z on the 10th is 08:00 on the 11th there.
    expect(decideNudge({ ...facts, zone: 'Pacific/Auckland' }, new Date('2026-03-10T19:00:00Z'))).toBe('2026-03-11');
  });

  it('never without opt-in or without due reviews', () => {
    const noon = new Date('2026-03-10T11:00:00Z');
    expect(decideNudge({ ...facts, optedIn: false }, noon)).toBeNull();
    expect(decideNudge({ ...facts, dueCount: 0 }, noon)).toBeNull();
  });

  it('at most once per local day', () => {
    const noon = new Date('2026-03-10T11:00:00Z');
    expect(decideNudge({ ...facts, lastNudgedOn: '2026-03-10' }, noon)).toBeNull();
    expect(decideNudge({ ...facts, lastNudgedOn: '2026-03-09' }, noon)).toBe('2026-03-10');
  });

  it('follows DST: 08:00 New York is 13:00Z in winter and 12:00Z in summer', () => {
    expect(nudgeWindow(new Date('2026-03-07T12:30:00Z'), 'America/New_York', null)).toBeNull(); // 07:30 EST
    expect(nudgeWindow(new Date('2026-03-09T12:30:00Z'), 'America/New_York', null)).toBe('2026-03-09'); // 08:30 EDT
  });

  it('reads the platform from the user key', () => {
    expect(platformOf('slack:T1:U1')).toBe('slack');
    expect(platformOf('discord:123')).toBe('discord');
    expect(platformOf('console:local')).toBe('console');
    expect(platformOf('irc:x')).toBeNull();
  });
});

describe('the reminder runner', () => {
  it('DMs only opted-in users with reviews due, on their own platform, once per local day', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    await user(deps, 'slack:T1:U1', { remind: true, zone: 'Europe/Berlin' }); // 10:00 local
    await user(deps, 'discord:42', { remind: true, zone: 'Europe/London' }); // 09:00 local
    await user(deps, 'slack:T1:U2', { remind: false, zone: 'Europe/Berlin' }); // turned it off
    await user(deps, 'slack:T1:U3', { zone: 'Europe/Berlin' }); // never opted in
    await user(deps, 'slack:T1:U4', { remind: true, zone: 'Europe/Berlin', due: '2026-03-20T00:00:00Z' }); // nothing due
    const slack = new FakePort('slack');
    const discord = new FakePort('discord');
    const tally = await runReminders(deps, [slack, discord], deps.clock.now(), memoryLogger());
    expect(tally).toEqual({ sent: 2, failed: 0, skipped: 0 });
    expect(slack.sent.map((s) => s.userKey)).toEqual(['slack:T1:U1']);
    expect(discord.sent.map((s) => s.userKey)).toEqual(['discord:42']);
    const dm = slack.sent[0]!.reply;
    expect(dm.visibility).toBe('private');
    expect(dm.fallbackText).toContain('1 review due today');
    expect(revealIn(dm)).toEqual({ questionId: 'vpc-basics', source: 'r' });

    // Every minute for the rest of the day: nothing more.
    for (let i = 0; i < 3; i++) {
      deps.clock.advance(4 * 3_600_000);
      await runReminders(deps, [slack, discord], deps.clock.now(), memoryLogger());
    }
    expect(slack.sent).toHaveLength(1);
    expect(discord.sent).toHaveLength(1);
    // The next local morning: again.
    deps.clock.set('2026-03-11T07:05:00Z'); // 08:05 Berlin, 07:05 London
    await runReminders(deps, [slack, discord], deps.clock.now(), memoryLogger());
    expect(slack.sent).toHaveLength(2);
    expect(discord.sent).toHaveLength(1);
  });

  it('waits for the morning hour in each user’s zone', async () => {
    const deps = makeDeps({ now: '2026-03-10T20:30:00Z' });
    await user(deps, 'slack:T1:TOKYO', { remind: true, zone: 'Asia/Tokyo' }); // 05:30 on the 11th
    await user(deps, 'slack:T1:LA', { remind: true, zone: 'America/Los_Angeles' }); // 13:30 on the 10th
    const slack = new FakePort('slack');
    await runReminders(deps, [slack], deps.clock.now(), memoryLogger());
    expect(slack.sent.map((s) => s.userKey)).toEqual(['slack:T1:LA']);
    deps.clock.set('2026-03-10T23:00:00Z'); // 08:00 Tokyo on the 11th; 16:00 LA, already nudged
    await runReminders(deps, [slack], deps.clock.now(), memoryLogger());
    expect(slack.sent.map((s) => s.userKey)).toEqual(['slack:T1:LA', 'slack:T1:TOKYO']);
    expect(deps.store.db.prepare('SELECT user_key, local_date, state FROM nudges ORDER BY id').all()).toEqual([
      { user_key: 'slack:T1:LA', local_date: '2026-03-10', state: 'sent' },
      { user_key: 'slack:T1:TOKYO', local_date: '2026-03-11', state: 'sent' },
    ]);
  });

  it('claims before sending: two runners at the same minute send one DM', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'slack:T1:U1', { remind: true });
    // Both read the candidates before either claimed, like two processes would.
    const stale = deps.store.reminderCandidates();
    deps.store.reminderCandidates = () => stale;
    const slack = new FakePort('slack');
    const runs = await Promise.all([
      runReminders(deps, [slack], deps.clock.now(), memoryLogger()),
      runReminders(deps, [slack], deps.clock.now(), memoryLogger()),
    ]);
    expect(slack.sent).toHaveLength(1);
    expect(runs.map((r) => r.skipped).sort()).toEqual([0, 1]);
  });

  it('a failed send is recorded and not retried the same day (at most once)', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'discord:7', { remind: true });
    const logger = memoryLogger();
    const discord = new FakePort('discord', () => ({ ok: false, kind: 'permanent', reason: 'no_access', detail: 'DMs closed' }));
    expect(await runReminders(deps, [discord], deps.clock.now(), logger)).toEqual({ sent: 0, failed: 1, skipped: 0 });
    deps.clock.advance(60_000);
    await runReminders(deps, [discord], deps.clock.now(), logger);
    expect(discord.sent).toHaveLength(1);
    expect(deps.store.db.prepare('SELECT state, detail FROM nudges').get()).toEqual({ state: 'failed', detail: 'no_access: DMs closed' });
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  it('leaves console users to the console and waits for a missing platform without claiming', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'console:local', { remind: true });
    await user(deps, 'discord:9', { remind: true });
    const slack = new FakePort('slack');
    expect(await runReminders(deps, [slack], deps.clock.now(), memoryLogger())).toEqual({ sent: 0, failed: 0, skipped: 1 });
    expect(tableCounts(deps.store).nudges).toBe(0);
  });

  it('runs on a cron minute task and stops cleanly', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'slack:T1:U1', { remind: true });
    let fire: () => void = () => {};
    let stopped = 0;
    const slack = new FakePort('slack');
    const task = startReminders({
      deps,
      ports: [slack],
      logger: memoryLogger(),
      schedule: (expr, fn, options) => {
        expect(expr).toBe('* * * * *');
        expect(options).toMatchObject({ noOverlap: true });
        fire = fn;
        return { stop: () => void stopped++, destroy: () => {} };
      },
    });
    fire();
    await vi.waitFor(() => expect(slack.sent).toHaveLength(1));
    await task.stop();
    expect(stopped).toBe(1);
  });
});

describe('the console greeting', () => {
  it('shows the due count; for an opted-in user the day’s reminder, once', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'console:local');
    expect(reviewGreeting(deps, 'console:local')).toEqual(['🔁 1 review due today — type "review".']);
    await handleText('remind on', makeContext(deps, { actor: makeActor('console:local') }));
    expect(reviewGreeting(deps, 'console:local')).toEqual(['⏰ Reminder: you have 1 review due today — type "review".']);
    expect(reviewGreeting(deps, 'console:local')).toEqual(['🔁 1 review due today — type "review".']);
  });

  it('says nothing when no review is due', () => {
    const deps = makeDeps();
    expect(reviewGreeting(deps, 'console:local')).toEqual([]);
  });
});

describe('remind on|off', () => {
  it('stores the opt-in and says where and when', async () => {
    const deps = makeDeps();
    const ctx = makeContext(deps, { platform: 'slack', actor: makeActor('slack:T1:U1') });
    const on = await handleText('remind ON', ctx);
    expect(on.reply.fallbackText).toMatch(/Reminders on\. .* as a Slack DM, at most once a day, after 08:00 UTC/);
    expect(deps.store.getUser('slack:T1:U1')?.remind).toBe(true);
    expect((await handleText('remind', ctx)).reply.fallbackText).toMatch(/^Reminders are on/);
    await handleText('remind off', ctx);
    expect(deps.store.getUser('slack:T1:U1')?.remind).toBe(false);
  });
});
