/**
 * What every Store must do, whatever the engine. Each engine's test file
 * calls `storeContract` with a factory for a fresh, migrated store; the next
 * engine plugs in unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports/store.js';
import { EMPTY_STREAK } from '../../../src/core/streaks.js';
import { nextCard } from '../../../src/core/learning/fsrs.js';

export interface Fresh {
  store: Store;
  close(): Promise<void>;
}

const T0 = new Date('2026-03-10T12:00:00Z');
const sub = (channel: string, extra: Partial<Parameters<Store['channels']['upsertSubscription']>[0]> = {}) => ({
  platform: 'test',
  scope: 'test:S1',
  channelKey: `test:${channel}`,
  channelRef: channel,
  time: '09:00',
  timezone: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5],
  topics: ['networking', 'iam'],
  level: null,
  createdBy: 'test:admin',
  thread: true,
  revealAfterHours: 6,
  digest: { day: 1, time: '09:00' },
  ...extra,
});

export function storeContract(engine: string, fresh: () => Promise<Fresh>): void {
  const withStore = (fn: (s: Store) => Promise<void>) => async () => {
    const f = await fresh();
    try {
      await fn(f.store);
    } finally {
      await f.close();
    }
  };

  describe(`Store contract — ${engine}: people`, () => {
    it('creates a person once, keeps the name fresh, sets zones and preferences', withStore(async (s) => {
      expect(await s.people.get('test:a')).toBeNull();
      await s.people.touch('test:a', 'Ann', T0);
      await s.people.touch('test:a', null, T0);
      await s.people.touch('test:a', 'Annie', T0);
      await s.people.setTimezone('test:a', 'Asia/Kolkata');
      await s.people.setProfileTimezone('test:a', 'Europe/Berlin');
      await s.people.setPreferences('test:a', { remind: true, onBoards: false });
      await s.people.setPreferences('test:a', { keepNotes: true });
      expect(await s.people.get('test:a')).toEqual({
        userKey: 'test:a', displayName: 'Annie', timezone: 'Asia/Kolkata', profileTimezone: 'Europe/Berlin',
        remind: true, onBoards: false, shareDetails: false, keepNotes: true,
      });
    }));

    it('streaks round-trip and the board lists live members of a scope, best first, without people off the boards', withStore(async (s) => {
      for (const [key, current, total] of [['test:a', 3, 3], ['test:b', 5, 9], ['test:c', 5, 6], ['test:d', 9, 9]] as const) {
        await s.people.touch(key, key.slice(5), T0);
        await s.people.addMembership('test:S1', key);
        await s.people.saveStreak(key, { current, longest: current, totalDays: total, lastDay: '2026-03-09', freezes: 0 }, T0);
      }
      await s.people.touch('test:x', 'x', T0);
      await s.people.addMembership('test:S2', 'test:x');
      await s.people.saveStreak('test:x', { current: 50, longest: 50, totalDays: 50, lastDay: '2026-03-09', freezes: 0 }, T0);
      await s.people.setPreferences('test:d', { onBoards: false });
      // Lapsed long ago: out of the board's range.
      await s.people.touch('test:old', 'old', T0);
      await s.people.addMembership('test:S1', 'test:old');
      await s.people.saveStreak('test:old', { current: 99, longest: 99, totalDays: 99, lastDay: '2026-01-01', freezes: 2 }, T0);
      expect(await s.people.getStreak('test:b')).toEqual({ current: 5, longest: 5, totalDays: 9, lastDay: '2026-03-09', freezes: 0 });
      expect(await s.people.getStreak('test:none')).toEqual(EMPTY_STREAK);
      const board = await s.people.board('test:S1', '2026-03-10', 10);
      expect(board.map((r) => r.userKey)).toEqual(['test:b', 'test:c', 'test:a']);
      expect(await s.people.isMember('test:S2', 'test:x')).toBe(true);
      expect(await s.people.isMember('test:S1', 'test:x')).toBe(false);
    }));
  });

  describe(`Store contract — ${engine}: practice`, () => {
    it('an attempt counts once per person, question and local day', withStore(async (s) => {
      await s.people.touch('test:a', 'a', T0);
      const a = { userKey: 'test:a', scope: 'test:S1', channelKey: 'test:C1', questionId: 'q-one', localDate: '2026-03-10', grade: 'knew' as const, at: T0 };
      expect(await s.practice.insertAttempt(a)).toBe(true);
      expect(await s.practice.insertAttempt({ ...a, grade: 'missed' })).toBe(false);
      expect(await s.practice.insertAttempt({ ...a, localDate: '2026-03-11', grade: 'missed' })).toBe(true);
      expect(await s.practice.insertAttempt({ ...a, questionId: 'q-two', grade: 'partly' })).toBe(true);
      expect(await s.practice.countAttempts('test:a')).toBe(3);
      expect(await s.practice.practisedDays('test:a', '2026-03-11')).toEqual(['2026-03-11']);
      expect(await s.practice.latestGrades('test:a')).toEqual([
        { questionId: 'q-one', grade: 'missed', localDate: '2026-03-11' },
        { questionId: 'q-two', grade: 'partly', localDate: '2026-03-10' },
      ]);
      const stats = await s.practice.topicStats('test:a', (id) => (id === 'q-one' ? 'networking' : undefined));
      expect(stats).toEqual([{ topic: 'networking', knew: 1, partly: 0, missed: 1 }]);
      expect(await s.practice.weekInScope('test:S1', '2026-03-09', '2026-03-15', 5)).toEqual({ people: 1, missed: [{ questionId: 'q-one', count: 1 }] });
    }));

    it('a review card round-trips exactly and due cards come most overdue first', withStore(async (s) => {
      await s.people.touch('test:a', 'a', T0);
      const card = nextCard(null, 'partly', T0);
      await s.practice.saveCard('test:a', 'q-one', card);
      expect(await s.practice.getCard('test:a', 'q-one')).toEqual(card);
      await s.practice.saveCard('test:a', 'q-two', { ...card, due: new Date('2026-03-11T00:00:00Z') });
      await s.practice.saveCard('test:a', 'q-three', { ...card, due: new Date('2026-03-01T00:00:00Z') });
      const due = await s.practice.dueReviews('test:a', new Date('2026-03-20T00:00:00Z'), 10);
      // q-one (partly at T0) is due two days later, on 12 March.
      expect(due.map((d) => d.questionId)).toEqual(['q-three', 'q-two', 'q-one']);
      expect(await s.practice.countDue('test:a', new Date('2026-03-05T00:00:00Z'))).toBe(1);
    }));

    it('last shown and written answers', withStore(async (s) => {
      await s.people.touch('test:a', 'a', T0);
      await s.practice.setLastShown('test:a', 'test:C1', 'q-one', T0, 'r!');
      expect(await s.practice.getLastShown('test:a', 'test:C1')).toEqual({ questionId: 'q-one', source: 'r!', at: T0 });
      await s.practice.saveWrittenAnswer('test:a', { questionId: 'q-one', text: 'my answer', suggested: 'partly', at: T0 });
      await s.practice.saveWrittenAnswer('test:a', { questionId: 'q-one', text: 'better', suggested: 'knew', at: T0 });
      expect(await s.practice.writtenAnswers('test:a')).toEqual([{ questionId: 'q-one', text: 'better', suggested: 'knew', at: T0 }]);
    }));
  });

  describe(`Store contract — ${engine}: channels`, () => {
    it('a subscription round-trips, updates, pauses and goes', withStore(async (s) => {
      const created = await s.channels.upsertSubscription(sub('C1'), T0);
      expect(created).toMatchObject({ channelKey: 'test:C1', time: '09:00', days: [1, 2, 3, 4, 5], topics: ['networking', 'iam'], thread: true, revealAfterHours: 6, digest: { day: 1, time: '09:00' }, status: 'ok', pausedUntil: null, skipDates: [] });
      const again = await s.channels.upsertSubscription(sub('C1', { time: '10:30', thread: false, revealAfterHours: null }), T0);
      expect(again.id).toBe(created.id);
      expect(again).toMatchObject({ time: '10:30', thread: false, revealAfterHours: null });
      expect(await s.channels.updateSubscription('test:C1', { pausedUntil: '2026-12-28', skipDates: ['2026-12-25'] }, T0)).toMatchObject({ pausedUntil: '2026-12-28', skipDates: ['2026-12-25'] });
      expect((await s.channels.listSubscriptions()).map((x) => x.channelKey)).toEqual(['test:C1']);
      expect((await s.channels.subscriptionsBy('test:admin')).length).toBe(1);
      expect(await s.channels.suspendScope('test:S1', 'removed', T0)).toBe(1);
      expect(await s.channels.getSubscription('test:C1')).toMatchObject({ status: 'failing', lastErrorReason: 'uninstalled' });
      expect(await s.channels.resumeScope('test:S1', T0)).toBe(1);
      expect(await s.channels.deleteSubscription('test:C1')).toBe(true);
      expect(await s.channels.deleteSubscription('test:C1')).toBe(false);
    }));

    it('the day’s pick stands once made; history tells the cycle', withStore(async (s) => {
      expect(await s.channels.putDailyIfAbsent('test:C1', '2026-03-10', { questionId: 'q-one', cycle: 0 })).toEqual({ questionId: 'q-one', cycle: 0 });
      expect(await s.channels.putDailyIfAbsent('test:C1', '2026-03-10', { questionId: 'q-two', cycle: 0 })).toEqual({ questionId: 'q-one', cycle: 0 });
      expect(await s.channels.getDaily('test:C1', '2026-03-10')).toEqual({ questionId: 'q-one', cycle: 0 });
      expect(await s.channels.dailyHistory('test:C1')).toEqual({ cycle: 0, used: new Set(['q-one']) });
      await s.channels.setChannelShown('test:C1', 'q-two', T0);
      expect(await s.channels.getChannelShown('test:C1')).toEqual({ questionId: 'q-two', at: T0 });
    }));

    it('a delivery is claimed once, taken over after its lease, completed, or failed', withStore(async (s) => {
      const { id } = await s.channels.upsertSubscription(sub('C1'), T0);
      const claim = { subscriptionId: id, kind: 'daily' as const, localDate: '2026-03-10', questionId: 'q-one', owner: 'a', now: T0, leaseMs: 60_000 };
      const first = await s.channels.claimPost(claim);
      expect(first.claimed).toBe(true);
      expect((await s.channels.claimPost({ ...claim, owner: 'b' })).claimed).toBe(false);
      // Another kind is a different delivery.
      expect((await s.channels.claimPost({ ...claim, kind: 'reveal' })).claimed).toBe(true);
      const later = new Date(T0.getTime() + 61_000);
      const taken = await s.channels.claimPost({ ...claim, owner: 'b', now: later });
      expect(taken).toMatchObject({ claimed: true, post: { attempts: 2, claimedBy: 'b' } });
      await s.channels.completePost(taken.post!.id, 'm-1', 't-1', later);
      expect(await s.channels.findPost(id, 'daily', '2026-03-10')).toMatchObject({ state: 'sent', messageId: 'm-1', threadRef: 't-1' });
      expect((await s.channels.claimPost({ ...claim, owner: 'c', now: new Date(T0.getTime() + 3_600_000) })).claimed).toBe(false);
      const failing = await s.channels.claimPost({ ...claim, localDate: '2026-03-11' });
      const failed = await s.channels.recordPostFailure(failing.post!.id, { kind: 'permanent', reason: 'no_access', detail: 'not in channel', at: T0, retryAt: null });
      expect(failed).toMatchObject({ state: 'failed', errorKind: 'permanent' });
      expect(await s.channels.getSubscription('test:C1')).toMatchObject({ status: 'failing', lastErrorReason: 'no_access' });
      expect((await s.channels.postsSince('2026-03-10')).length).toBe(3);
      expect(await s.channels.lastPost(id, 'daily')).toMatchObject({ localDate: '2026-03-11' });
    }));

    it('only one of many concurrent claimers wins a delivery', withStore(async (s) => {
      const { id } = await s.channels.upsertSubscription(sub('C1'), T0);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => s.channels.claimPost({ subscriptionId: id, kind: 'daily', localDate: '2026-03-10', questionId: 'q', owner: `o${i}`, now: T0, leaseMs: 60_000 })),
      );
      expect(results.filter((r) => r.claimed).length).toBe(1);
    }));

    it('schedule changes are kept, latest first', withStore(async (s) => {
      await s.channels.recordScheduleChange({ channelKey: 'test:C1', actor: 'test:a', action: 'subscribe', detail: '09:00', at: T0 });
      await s.channels.recordScheduleChange({ channelKey: 'test:C1', actor: 'test:a', action: 'pause', detail: 'until x', at: T0 });
      expect((await s.channels.scheduleHistory('test:C1', 20)).map((c) => c.action)).toEqual(['pause', 'subscribe']);
    }));
  });

  describe(`Store contract — ${engine}: reminders, mocks, inbox, secrets`, () => {
    it('a nudge is claimed once per person and local day', withStore(async (s) => {
      await s.people.touch('test:a', 'a', T0);
      await s.people.setPreferences('test:a', { remind: true });
      expect(await s.reminders.claim('test:a', '2026-03-10', 3, T0)).toBe(true);
      expect(await s.reminders.claim('test:a', '2026-03-10', 3, T0)).toBe(false);
      await s.reminders.finish('test:a', '2026-03-10', 'sent', null, T0);
      expect(await s.reminders.candidates()).toEqual([{ userKey: 'test:a', timezone: null, profileTimezone: null, lastNudgedOn: '2026-03-10' }]);
    }));

    it('a mock session: one active per person, items graded once, pruned after finishing', withStore(async (s) => {
      await s.people.touch('test:a', 'a', T0);
      const first = await s.mocks.start('test:a', null, ['q1', 'q2'], T0);
      const second = await s.mocks.start('test:a', 'iam', ['q3'], T0);
      expect((await s.mocks.get(first.id))?.state).toBe('abandoned');
      expect(second.items).toEqual([{ position: 0, questionId: 'q3', grade: null }]);
      expect(await s.mocks.gradeItem(second.id, 0, 'knew', T0)).toBe(true);
      expect(await s.mocks.gradeItem(second.id, 0, 'missed', T0)).toBe(false);
      await s.mocks.finish(second.id, T0);
      expect(await s.mocks.prune(new Date(T0.getTime() + 1000))).toBe(2);
      expect(await s.mocks.get(second.id)).toBeNull();
    }));

    it('the inbox recognises a replay and lists what is pending', withStore(async (s) => {
      const e = { platform: 'test', externalId: 'x1', event: '{"kind":"home"}', replyTo: '{"url":"u"}', at: T0 };
      const a = await s.inbox.accept(e);
      expect(a.duplicate).toBe(false);
      expect(await s.inbox.accept(e)).toEqual({ id: a.id, duplicate: true });
      expect((await s.inbox.pending('test', 10)).map((p) => p.externalId)).toEqual(['x1']);
      expect(await s.inbox.markDone(a.id, 'ok', T0)).toBe(true);
      // Only once: a second process finishing the same entry learns it was done already.
      expect(await s.inbox.markDone(a.id, 'ok', T0)).toBe(false);
      expect(await s.inbox.pending('test', 10)).toEqual([]);
      expect(await s.inbox.prune(new Date(T0.getTime() + 1))).toBe(1);
    }));

    it('sealed secrets are stored as given', withStore(async (s) => {
      await s.secrets.put({ name: 'n1', scope: 'slack:T1', sealed: 'v1.abc', updatedAt: T0 });
      expect(await s.secrets.get('n1')).toEqual({ name: 'n1', scope: 'slack:T1', sealed: 'v1.abc', updatedAt: T0 });
      expect((await s.secrets.list()).length).toBe(1);
      expect(await s.secrets.delete('n1')).toBe(true);
      expect(await s.secrets.get('n1')).toBeNull();
    }));
  });

  describe(`Store contract — ${engine}: transactions`, () => {
    it('commits together, rolls back together, and a nested transaction joins', withStore(async (s) => {
      await s.transaction(async (tx) => {
        await tx.people.touch('test:a', 'a', T0);
        await tx.transaction(async (inner) => inner.people.setTimezone('test:a', 'UTC'));
      });
      expect((await s.people.get('test:a'))?.timezone).toBe('UTC');
      await expect(
        s.transaction(async (tx) => {
          await tx.people.setTimezone('test:a', 'Asia/Tokyo');
          await tx.people.touch('test:b', 'b', T0);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await s.people.get('test:a'))?.timezone).toBe('UTC');
      expect(await s.people.get('test:b')).toBeNull();
    }));

    it('concurrent read-then-write transactions do not lose updates', withStore(async (s) => {
      await s.people.touch('test:a', 'a', T0);
      await Promise.all(
        Array.from({ length: 12 }, () =>
          s.transaction(async (tx) => {
            const streak = await tx.people.getStreak('test:a');
            await tx.people.saveStreak('test:a', { ...streak, totalDays: streak.totalDays + 1 }, T0);
          }),
        ),
      );
      expect((await s.people.getStreak('test:a')).totalDays).toBe(12);
    }));
  });

  describe(`Store contract — ${engine}: linked identities and people's data`, () => {
    it('link merges practice into the learner; unlink gives an identity its own attempts back', withStore(async (s) => {
      for (const k of ['slack:T1:U1', 'discord:9']) await s.people.touch(k, k, T0);
      const at = (u: string, q: string, d: string) => ({ userKey: u, scope: 's', channelKey: 'c', questionId: q, localDate: d, grade: 'knew' as const, at: new Date(`${d}T10:00:00Z`) });
      await s.practice.insertAttempt(at('slack:T1:U1', 'q1', '2026-03-01'));
      await s.practice.insertAttempt(at('discord:9', 'q2', '2026-03-02'));
      await s.practice.saveCard('slack:T1:U1', 'q1', nextCard(null, 'knew', new Date('2026-03-01T10:00:00Z')));
      await s.practice.saveCard('discord:9', 'q1', nextCard(null, 'missed', new Date('2026-03-05T10:00:00Z')));
      await s.identities.link('discord:9', 'slack:T1:U1', T0);
      expect(await s.identities.learnerOf('discord:9')).toBe('slack:T1:U1');
      expect(await s.identities.identitiesOf('slack:T1:U1')).toEqual(['slack:T1:U1', 'discord:9']);
      expect(await s.practice.countAttempts('slack:T1:U1')).toBe(2);
      // The card reviewed most recently wins.
      expect((await s.practice.getCard('slack:T1:U1', 'q1'))?.last_review).toEqual(new Date('2026-03-05T10:00:00Z'));
      expect(await s.people.get('discord:9')).toBeNull();
      expect((await s.identities.gradedAt('slack:T1:U1')).length).toBe(2);
      await s.identities.unlink('discord:9', 'slack:T1:U1', T0);
      expect(await s.identities.learnerOf('discord:9')).toBe('discord:9');
      expect(await s.practice.countAttempts('discord:9')).toBe(1);
      expect(await s.practice.countAttempts('slack:T1:U1')).toBe(1);
    }));

    it('link codes are single use and counted', withStore(async (s) => {
      const exp = new Date(T0.getTime() + 600_000);
      await s.identities.createCode('h1', 'test:a', T0, exp);
      expect(await s.identities.codesCreatedSince('test:a', new Date(T0.getTime() - 1))).toBe(1);
      expect(await s.identities.findCode('h1')).toEqual({ learnerKey: 'test:a', expiresAt: exp, usedAt: null });
      expect(await s.identities.useCode('h1', 'test:b', T0)).toBe(true);
      expect(await s.identities.useCode('h1', 'test:c', T0)).toBe(false);
      await s.identities.recordAttempt('test:b', T0);
      expect(await s.identities.attemptsSince('test:b', new Date(T0.getTime() - 1))).toBe(1);
    }));

    it('export lists a person’s rows; forget erases them and keeps what others created without their name', withStore(async (s) => {
      await s.people.touch('test:a', 'a', T0);
      await s.practice.insertAttempt({ userKey: 'test:a', scope: 's', channelKey: 'c', questionId: 'q1', localDate: '2026-03-10', grade: 'missed', at: T0 });
      await s.reports.add({ questionId: 'q1', bankVersion: 'v', reporter: 'test:a', scope: 's', text: 'wrong', at: T0 });
      await s.channels.upsertSubscription(sub('C1', { createdBy: 'test:a' }), T0);
      await s.inbox.accept({ platform: 'test', externalId: 'e1', event: JSON.stringify({ actor: { userKey: 'test:a' } }), replyTo: null, at: T0 });
      const data = await s.privacy.exportAll(['test:a']);
      expect(data.attempts?.length).toBe(1);
      expect(data.reports?.length).toBe(1);
      expect(data.inbox?.length).toBe(1);
      const counts = await s.privacy.forget(['test:a']);
      expect(counts).toMatchObject({ attempts: 1, reports: 1, users: 1, inbox: 1, subscriptions: 1 });
      expect(await s.people.get('test:a')).toBeNull();
      expect(await s.channels.getSubscription('test:C1')).toMatchObject({ createdBy: null });
      expect(await s.reports.countBy('test:a', new Date(0))).toBe(0);
    }));
  });
}
