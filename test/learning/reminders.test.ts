import { createEmptyCard } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { decideNudge, nudgeWindow, REMINDER_TIME } from '../../src/core/learning/reminders.js';
import type { Reply } from '../../src/core/messages.js';
import type { ChatPort, PostOutcome } from '../../src/core/ports/chat.js';
import { reviewGreeting } from '../../src/core/usecases/remind.js';
import { runReminders } from '../../src/jobs/reminders.js';
import { startJobs, type CronSchedule } from '../../src/jobs/cron.js';
import { makeDeps, run, tableCounts, type TestDeps } from '../support/core.js';
import { revealIn } from './helpers.js';

/** A chat platform that records the direct messages it was asked to send (reminders are not an adapter test). */
class FakePort implements ChatPort {
  readonly sent: { userKey: string; reply: Reply }[] = [];
  constructor(
    readonly platform: string,
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

function withPorts(deps: TestDeps, ...platforms: string[]): FakePort[] {
  return platforms.map((p) => {
    const port = new FakePort(p);
    deps.chat.add(port);
    return port;
  });
}

/** A person with a review card due at `due`, opted in or not, with their own zone or not, as their platform sends it. */
async function user(deps: TestDeps, userKey: string, opts: { zone?: string; profileZone?: string; remind?: boolean; due?: string } = {}) {
  const who = { user: userKey, name: userKey, platform: userKey.split(':')[0]! };
  if (opts.zone) expect((await run(deps, `timezone ${opts.zone}`, who)).status).toBe('ok');
  if (opts.remind !== undefined) expect((await run(deps, `remind ${opts.remind ? 'on' : 'off'}`, who)).status).toBe('ok');
  await deps.store.people.touch(userKey, null, deps.clock.now());
  if (opts.profileZone) await deps.store.people.setProfileTimezone(userKey, opts.profileZone);
  await deps.store.practice.saveCard(userKey, 'vpc-basics', { ...createEmptyCard(new Date(opts.due ?? '2026-03-01T00:00:00Z')), state: 2, reps: 1 });
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
});

describe('the person’s platform, from their key', () => {
  it('is the registered platform named before the first colon', () => {
    const { platforms } = makeDeps();
    expect(platforms.ofUserKey('slack:T1:U1')?.id).toBe('slack');
    expect(platforms.ofUserKey('discord:123')?.id).toBe('discord');
    expect(platforms.ofUserKey('console:local')?.capabilities.dm).toBe(false);
    expect(platforms.ofUserKey('irc:x')).toBeUndefined();
    expect(platforms.ofUserKey('nocolon')).toBeUndefined();
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
    const [slack, discord] = withPorts(deps, 'slack', 'discord');
    const tally = await runReminders(deps, deps.clock.now());
    expect(tally).toEqual({ sent: 2, failed: 0, skipped: 0 });
    expect(slack!.sent.map((s) => s.userKey)).toEqual(['slack:T1:U1']);
    expect(discord!.sent.map((s) => s.userKey)).toEqual(['discord:42']);
    const dm = slack!.sent[0]!.reply;
    expect(dm.visibility).toBe('private');
    expect(dm.fallbackText).toContain('1 review due today');
    expect(revealIn(dm)).toEqual({ questionId: 'vpc-basics', source: 'r' });
    expect(JSON.stringify(dm.blocks)).toContain('`/aws remind off` stops these nudges');

    // Every minute for the rest of the day: nothing more.
    for (let i = 0; i < 3; i++) {
      deps.clock.advance(4 * 3_600_000);
      await runReminders(deps, deps.clock.now());
    }
    expect(slack!.sent).toHaveLength(1);
    expect(discord!.sent).toHaveLength(1);
    // The next local morning: again.
    deps.clock.set('2026-03-11T07:05:00Z'); // 08:05 Berlin, 07:05 London
    await runReminders(deps, deps.clock.now());
    expect(slack!.sent).toHaveLength(2);
    expect(discord!.sent).toHaveLength(1);
  });

  it('waits for the morning hour in each user’s zone', async () => {
    const deps = makeDeps({ now: '2026-03-10T20:30:00Z' });
    await user(deps, 'slack:T1:TOKYO', { remind: true, zone: 'Asia/Tokyo' }); // 05:30 on the 11th
    await user(deps, 'slack:T1:LA', { remind: true, zone: 'America/Los_Angeles' }); // 13:30 on the 10th
    const [slack] = withPorts(deps, 'slack');
    await runReminders(deps, deps.clock.now());
    expect(slack!.sent.map((s) => s.userKey)).toEqual(['slack:T1:LA']);
    deps.clock.set('2026-03-10T23:00:00Z'); // 08:00 Tokyo on the 11th; 16:00 LA, already nudged
    await runReminders(deps, deps.clock.now());
    expect(slack!.sent.map((s) => s.userKey)).toEqual(['slack:T1:LA', 'slack:T1:TOKYO']);
    expect(deps.store.db.prepare('SELECT user_key, local_date, state FROM nudges ORDER BY id').all()).toEqual([
      { user_key: 'slack:T1:LA', local_date: '2026-03-10', state: 'sent' },
      { user_key: 'slack:T1:TOKYO', local_date: '2026-03-11', state: 'sent' },
    ]);
  });

  it('without an own zone: 08:00 in DEFAULT_TIMEZONE (or the profile zone), not 08:00 UTC', async () => {
    // 10 Mar 2026: New York is on EDT (UTC−4), so its 08:00 is 12:00Z; Tokyo's 08:00 on the 11th is 23:00Z on the 10th.
    const deps = makeDeps({ now: '2026-03-10T08:30:00Z', defaultZone: 'America/New_York' });
    await user(deps, 'slack:T1:DEFAULT', { remind: true });
    await user(deps, 'slack:T1:PROFILE', { remind: true, profileZone: 'Asia/Tokyo' });
    await user(deps, 'slack:T1:OWN', { remind: true, profileZone: 'Asia/Tokyo', zone: 'UTC' });
    const [slack] = withPorts(deps, 'slack');
    const sentTo = () => slack!.sent.map((s) => s.userKey);

    await runReminders(deps, deps.clock.now()); // 08:30 UTC, 04:30 New York, 17:30 Tokyo
    expect(sentTo()).toEqual(['slack:T1:OWN', 'slack:T1:PROFILE']);
    deps.clock.set('2026-03-10T11:59:00Z'); // 07:59 New York
    await runReminders(deps, deps.clock.now());
    expect(sentTo()).toEqual(['slack:T1:OWN', 'slack:T1:PROFILE']);
    deps.clock.set('2026-03-10T12:00:00Z'); // 08:00 New York
    await runReminders(deps, deps.clock.now());
    expect(sentTo()).toEqual(['slack:T1:OWN', 'slack:T1:PROFILE', 'slack:T1:DEFAULT']);
    deps.clock.set('2026-03-10T23:00:00Z'); // 08:00 on the 11th in Tokyo: the profile zone's next day
    await runReminders(deps, deps.clock.now());
    expect(sentTo()).toEqual(['slack:T1:OWN', 'slack:T1:PROFILE', 'slack:T1:DEFAULT', 'slack:T1:PROFILE']);
    expect(deps.store.db.prepare('SELECT user_key, local_date FROM nudges ORDER BY id').all()).toEqual([
      { user_key: 'slack:T1:OWN', local_date: '2026-03-10' },
      { user_key: 'slack:T1:PROFILE', local_date: '2026-03-10' },
      { user_key: 'slack:T1:DEFAULT', local_date: '2026-03-10' },
      { user_key: 'slack:T1:PROFILE', local_date: '2026-03-11' },
    ]);
  });

  it('claims before sending: two runners at the same minute send one DM', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'slack:T1:U1', { remind: true });
    // Both read the candidates before either claimed, like two processes would.
    const stale = await deps.store.reminders.candidates();
    deps.store.reminders.candidates = async () => stale;
    const [slack] = withPorts(deps, 'slack');
    const runs = await Promise.all([runReminders(deps, deps.clock.now()), runReminders(deps, deps.clock.now())]);
    expect(slack!.sent).toHaveLength(1);
    expect(runs.map((r) => r.skipped).sort()).toEqual([0, 1]);
  });

  it('a failed send is recorded and not retried the same day (at most once)', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'discord:7', { remind: true });
    const discord = new FakePort('discord', () => ({ ok: false, kind: 'permanent', reason: 'no_access', detail: 'DMs closed' }));
    deps.chat.add(discord);
    expect(await runReminders(deps, deps.clock.now())).toEqual({ sent: 0, failed: 1, skipped: 0 });
    deps.clock.advance(60_000);
    await runReminders(deps, deps.clock.now());
    expect(discord.sent).toHaveLength(1);
    expect(deps.store.db.prepare('SELECT state, detail FROM nudges').get()).toEqual({ state: 'failed', detail: 'no_access: DMs closed' });
    expect(deps.logger.lines.some((l) => l.level === 'warn' && l.msg === 'review reminder not delivered')).toBe(true);
  });

  it('leaves console users to the console and waits for a missing platform without claiming', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'console:local', { remind: true });
    await user(deps, 'discord:9', { remind: true });
    withPorts(deps, 'slack');
    expect(await runReminders(deps, deps.clock.now())).toEqual({ sent: 0, failed: 0, skipped: 1 });
    expect(tableCounts(deps.store).nudges).toBe(0);
  });

  it('runs on the jobs’ minute tick and stops cleanly', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'slack:T1:U1', { remind: true });
    const [slack] = withPorts(deps, 'slack');
    let fire: () => void = () => {};
    let stopped = 0;
    const schedule: CronSchedule = (expr, fn, options) => {
      expect(expr).toBe('* * * * *');
      expect(options).toMatchObject({ unref: true });
      fire = fn;
      return { stop: () => void stopped++, destroy: () => {} };
    };
    const jobs = startJobs({ deps, schedule });
    expect((await jobs.started).reminders).toEqual({ sent: 1, failed: 0, skipped: 0 });
    fire(); // the next minute: already nudged today
    expect((await jobs.tick()).reminders).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(slack!.sent).toHaveLength(1);
    await jobs.stop();
    expect(stopped).toBe(1);
  });
});

describe('the console greeting', () => {
  it('shows the due count; for an opted-in user the day’s reminder, once', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await user(deps, 'console:local');
    expect(await reviewGreeting(deps, 'console:local')).toEqual(['🔁 1 review due today — type "review".']);
    await run(deps, 'remind on', { user: 'console:local', platform: 'console' });
    expect(await reviewGreeting(deps, 'console:local')).toEqual(['⏰ Reminder: you have 1 review due today — type "review".']);
    expect(await reviewGreeting(deps, 'console:local')).toEqual(['🔁 1 review due today — type "review".']);
  });

  it('before 08:00 in the person’s day it only counts', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z', defaultZone: 'America/New_York' }); // 06:00 EDT
    await user(deps, 'console:local', { remind: true });
    expect(await reviewGreeting(deps, 'console:local')).toEqual(['🔁 1 review due today — type "review".']);
  });

  it('says nothing when no review is due', async () => {
    const deps = makeDeps();
    expect(await reviewGreeting(deps, 'console:local')).toEqual([]);
  });
});

describe('remind on|off', () => {
  it('stores the opt-in and says where and when', async () => {
    const deps = makeDeps();
    const who = { platform: 'slack', user: 'slack:T1:U1' };
    const on = await run(deps, 'remind ON', who);
    expect(on.reply.fallbackText).toMatch(/Reminders on\. .* as a Slack direct message, at most once a day, after 08:00 UTC — set your own zone with `\/aws timezone`/);
    expect((await deps.store.people.get('slack:T1:U1'))?.remind).toBe(true);
    expect((await run(deps, 'remind', who)).reply.fallbackText).toMatch(/^Reminders are on/);
    await run(deps, 'remind off', who);
    expect((await deps.store.people.get('slack:T1:U1'))?.remind).toBe(false);
  });

  it('names the zone the nudge follows: the person’s own, else DEFAULT_TIMEZONE', async () => {
    const deps = makeDeps({ defaultZone: 'Europe/Berlin' });
    expect((await run(deps, 'remind on')).reply.fallbackText).toMatch(/after 08:00 Europe\/Berlin — set your own zone/);
    await run(deps, 'timezone Asia/Tokyo');
    expect((await run(deps, 'remind')).reply.fallbackText).toBe('Reminders are on: at most one nudge a day, after 08:00 Asia/Tokyo.');
  });
});
