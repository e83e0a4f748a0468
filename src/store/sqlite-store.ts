/**
 * The Store port on better-sqlite3. Every statement is prepared once; every
 * multi-row change runs inside `transaction`, which nests safely (inner calls
 * join the outer transaction).
 */
import type Database from 'better-sqlite3';
import type { Grade, LocalDate, Subscription } from '../core/model.js';
import type {
  AttemptInput,
  ClaimInput,
  ClaimResult,
  DailyPick,
  LeaderboardRow,
  PostFailure,
  PostRecord,
  PostStore,
  Store,
  SubscriptionInput,
  TopicStat,
  UserRecord,
} from '../core/ports.js';
import { EMPTY_STREAK, type StreakState } from '../core/streaks.js';
import type { DueReview, LastShown, LatestGrade, MockSession, ReminderCandidate, ReviewCard } from '../core/learning/store.js';
import { MockSessionQueries } from './mock-sessions.js';
import { NudgeQueries } from './nudges.js';
import { PostQueries } from './posts.js';
import { ReviewCardQueries } from './review-cards.js';
import { SubscriptionQueries } from './subscriptions.js';

interface StreakRow {
  current: number;
  longest: number;
  total_days: number;
  last_day: string | null;
  freezes: number;
}

const toStreak = (r: StreakRow | undefined): StreakState =>
  r ? { current: r.current, longest: r.longest, totalDays: r.total_days, lastDay: r.last_day, freezes: r.freezes } : EMPTY_STREAK;

export class SqliteStore implements Store, PostStore {
  private readonly subs: SubscriptionQueries;
  private readonly posts: PostQueries;
  private readonly cards: ReviewCardQueries;
  private readonly mocks: MockSessionQueries;
  private readonly nudges: NudgeQueries;
  private readonly q;

  constructor(readonly db: Database.Database) {
    this.subs = new SubscriptionQueries(db);
    this.posts = new PostQueries(db);
    this.cards = new ReviewCardQueries(db);
    this.mocks = new MockSessionQueries(db);
    this.nudges = new NudgeQueries(db);
    this.q = {
      getUser: db.prepare('SELECT user_key, display_name, timezone, remind FROM users WHERE user_key = ?'),
      // Writes only when the name changed: touched on every action, it must not dirty a page each time.
      insertUser: db.prepare(
        `INSERT INTO users (user_key, display_name, created_at) VALUES (?, ?, ?)
         ON CONFLICT (user_key) DO UPDATE SET display_name = excluded.display_name
         WHERE excluded.display_name IS NOT NULL AND excluded.display_name IS NOT users.display_name`,
      ),
      setTimezone: db.prepare('UPDATE users SET timezone = ? WHERE user_key = ?'),
      // A membership carries a copy of the user's streak for the leaderboard (008_leaderboard.sql).
      addMembership: db.prepare(
        `INSERT OR IGNORE INTO memberships (scope, user_key, current, total_days, last_day, freezes)
         SELECT ?, u.user_key, COALESCE(s.current, 0), COALESCE(s.total_days, 0), s.last_day, COALESCE(s.freezes, 0)
         FROM users u LEFT JOIN streaks s ON s.user_key = u.user_key WHERE u.user_key = ?`,
      ),
      copyStreakToMemberships: db.prepare(
        `UPDATE memberships SET current = @current, total_days = @totalDays, last_day = @lastDay, freezes = @freezes
         WHERE user_key = @userKey`,
      ),
      insertAttempt: db.prepare(
        `INSERT OR IGNORE INTO attempts (user_key, question_id, local_date, grade, scope, channel_key, graded_at)
         VALUES (@userKey, @questionId, @localDate, @grade, @scope, @channelKey, @at)`,
      ),
      getStreak: db.prepare('SELECT current, longest, total_days, last_day, freezes FROM streaks WHERE user_key = ?'),
      saveStreak: db.prepare(
        `INSERT INTO streaks (user_key, current, longest, total_days, last_day, freezes, updated_at)
         VALUES (@userKey, @current, @longest, @totalDays, @lastDay, @freezes, @at)
         ON CONFLICT (user_key) DO UPDATE SET current = excluded.current, longest = excluded.longest,
           total_days = excluded.total_days, last_day = excluded.last_day, freezes = excluded.freezes,
           updated_at = excluded.updated_at`,
      ),
      countAttempts: db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE user_key = ?'),
      gradesByQuestion: db.prepare(
        'SELECT question_id, grade, COUNT(*) AS n FROM attempts WHERE user_key = ? GROUP BY question_id, grade',
      ),
      practisedDays: db.prepare(
        'SELECT DISTINCT local_date FROM attempts WHERE user_key = ? AND local_date >= ? ORDER BY local_date',
      ),
      // The inner query is a range scan of memberships_live over the scope's recently
      // active members only; names and full streaks are joined for one page of them.
      leaderboard: db.prepare(
        `SELECT s.user_key, u.display_name, u.timezone, s.current, s.longest, s.total_days, s.last_day, s.freezes
         FROM (SELECT user_key, current, total_days FROM memberships WHERE scope = ? AND last_day >= ?
               ORDER BY current DESC, total_days DESC, user_key LIMIT ? OFFSET ?) m
         JOIN streaks s ON s.user_key = m.user_key JOIN users u ON u.user_key = m.user_key
         ORDER BY m.current DESC, m.total_days DESC, m.user_key`,
      ),
      setLastShown: db.prepare(
        `INSERT INTO last_shown (user_key, channel_key, question_id, shown_at, source) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_key, channel_key) DO UPDATE SET question_id = excluded.question_id,
           shown_at = excluded.shown_at, source = excluded.source`,
      ),
      getLastShown: db.prepare('SELECT question_id FROM last_shown WHERE user_key = ? AND channel_key = ?'),
      getDaily: db.prepare('SELECT question_id, cycle FROM channel_daily WHERE channel_key = ? AND local_date = ?'),
      putDaily: db.prepare(
        'INSERT OR IGNORE INTO channel_daily (channel_key, local_date, question_id, cycle) VALUES (?, ?, ?, ?)',
      ),
      maxCycle: db.prepare('SELECT MAX(cycle) AS c FROM channel_daily WHERE channel_key = ?'),
      usedInCycle: db.prepare('SELECT question_id FROM channel_daily WHERE channel_key = ? AND cycle = ?'),
    };
  }

  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    // IMMEDIATE takes the write lock up front, so read-then-write use cases
    // cannot interleave with another process between the read and the write.
    return this.db.transaction(fn).immediate();
  }

  getUser(userKey: string): UserRecord | null {
    const r = this.q.getUser.get(userKey) as
      | { user_key: string; display_name: string | null; timezone: string | null; remind: number }
      | undefined;
    return r ? { userKey: r.user_key, displayName: r.display_name, timezone: r.timezone, remind: r.remind === 1 } : null;
  }

  touchUser(userKey: string, displayName: string | null, at: Date): void {
    this.q.insertUser.run(userKey, displayName, at.toISOString());
  }

  setTimezone(userKey: string, timezone: string): void {
    this.q.setTimezone.run(timezone, userKey);
  }

  addMembership(scope: string, userKey: string): void {
    this.q.addMembership.run(scope, userKey);
  }

  insertAttempt(input: AttemptInput): boolean {
    return this.q.insertAttempt.run({ ...input, at: input.at.toISOString() }).changes === 1;
  }

  getStreak(userKey: string): StreakState {
    return toStreak(this.q.getStreak.get(userKey) as StreakRow | undefined);
  }

  saveStreak(userKey: string, s: StreakState, at: Date): void {
    this.q.saveStreak.run({ userKey, ...s, at: at.toISOString() });
    this.q.copyStreakToMemberships.run({ userKey, current: s.current, totalDays: s.totalDays, lastDay: s.lastDay, freezes: s.freezes });
  }

  countAttempts(userKey: string): number {
    return (this.q.countAttempts.get(userKey) as { n: number }).n;
  }

  topicStats(userKey: string, questionTopic: (questionId: string) => string | undefined): TopicStat[] {
    const rows = this.q.gradesByQuestion.all(userKey) as { question_id: string; grade: 'knew' | 'partly' | 'missed'; n: number }[];
    const byTopic = new Map<string, TopicStat>();
    for (const r of rows) {
      const topic = questionTopic(r.question_id);
      if (!topic) continue; // a question since removed from the bank
      const stat = byTopic.get(topic) ?? { topic, knew: 0, partly: 0, missed: 0 };
      stat[r.grade] += r.n;
      byTopic.set(topic, stat);
    }
    return [...byTopic.values()];
  }

  practisedDays(userKey: string, from: LocalDate): LocalDate[] {
    return (this.q.practisedDays.all(userKey, from) as { local_date: string }[]).map((r) => r.local_date);
  }

  leaderboard(scope: string, minLastDay: LocalDate, limit: number, offset = 0): LeaderboardRow[] {
    const rows = this.q.leaderboard.all(scope, minLastDay, limit, offset) as (StreakRow & {
      user_key: string;
      display_name: string | null;
      timezone: string | null;
    })[];
    return rows.map((r) => ({ userKey: r.user_key, displayName: r.display_name, timezone: r.timezone, streak: toStreak(r) }));
  }

  setLastShown(userKey: string, channelKey: string, questionId: string, at: Date, source?: string): void {
    this.q.setLastShown.run(userKey, channelKey, questionId, at.toISOString(), source ?? null);
  }

  getLastShown(userKey: string, channelKey: string): string | null {
    return (this.q.getLastShown.get(userKey, channelKey) as { question_id: string } | undefined)?.question_id ?? null;
  }

  getDaily(channelKey: string, date: LocalDate): DailyPick | null {
    const r = this.q.getDaily.get(channelKey, date) as { question_id: string; cycle: number } | undefined;
    return r ? { questionId: r.question_id, cycle: r.cycle } : null;
  }

  putDailyIfAbsent(channelKey: string, date: LocalDate, pick: DailyPick): DailyPick {
    return this.transaction(() => {
      this.q.putDaily.run(channelKey, date, pick.questionId, pick.cycle);
      return this.getDaily(channelKey, date)!;
    });
  }

  dailyHistory(channelKey: string): { cycle: number; used: Set<string> } {
    const cycle = (this.q.maxCycle.get(channelKey) as { c: number | null }).c ?? 0;
    const used = (this.q.usedInCycle.all(channelKey, cycle) as { question_id: string }[]).map((r) => r.question_id);
    return { cycle, used: new Set(used) };
  }

  upsertSubscription(input: SubscriptionInput, at: Date): Subscription {
    return this.subs.upsert(input, at);
  }

  getSubscriptionByChannel(channelKey: string): Subscription | null {
    return this.subs.byChannel(channelKey);
  }

  deleteSubscription(channelKey: string): boolean {
    return this.subs.delete(channelKey);
  }

  listSubscriptions(): Subscription[] {
    return this.subs.list();
  }

  // daily posts (issue 6): see posts.ts

  claimPost(input: ClaimInput): ClaimResult {
    return this.posts.claim(input);
  }

  completePost(postId: number, messageId: string, at: Date): void {
    this.posts.complete(postId, messageId, at);
  }

  recordPostFailure(postId: number, failure: PostFailure): PostRecord {
    return this.posts.recordFailure(postId, failure);
  }

  postsSince(from: LocalDate): PostRecord[] {
    return this.posts.since(from);
  }

  lastPost(subscriptionId: number): PostRecord | null {
    return this.posts.last(subscriptionId);
  }

  // review cards, reminders, mock interviews, notes (issue 7): see review-cards.ts, nudges.ts, mock-sessions.ts

  getReviewCard(userKey: string, questionId: string): ReviewCard | null {
    return this.cards.get(userKey, questionId);
  }

  saveReviewCard(userKey: string, questionId: string, card: ReviewCard): void {
    this.cards.save(userKey, questionId, card);
  }

  dueReviews(userKey: string, dueBefore: Date, limit: number): DueReview[] {
    return this.cards.due(userKey, dueBefore, limit);
  }

  countDueReviews(userKey: string, dueBefore: Date): number {
    return this.cards.countDue(userKey, dueBefore);
  }

  getLastShownEntry(userKey: string, channelKey: string): LastShown | null {
    return this.cards.lastShown(userKey, channelKey);
  }

  latestGrades(userKey: string): LatestGrade[] {
    return this.cards.latestGrades(userKey);
  }

  setRemind(userKey: string, on: boolean): void {
    this.nudges.setRemind(userKey, on);
  }

  reminderCandidates(): ReminderCandidate[] {
    return this.nudges.candidates();
  }

  claimNudge(userKey: string, localDate: LocalDate, dueCount: number, at: Date): boolean {
    return this.nudges.claim(userKey, localDate, dueCount, at);
  }

  finishNudge(userKey: string, localDate: LocalDate, state: 'sent' | 'failed', detail: string | null, at: Date): void {
    this.nudges.finish(userKey, localDate, state, detail, at);
  }

  startMockSession(userKey: string, topic: string | null, questionIds: readonly string[], at: Date): MockSession {
    return this.mocks.start(userKey, topic, questionIds, at);
  }

  getMockSession(id: number): MockSession | null {
    return this.mocks.get(id);
  }

  gradeMockItem(sessionId: number, position: number, grade: Grade, at: Date): boolean {
    return this.mocks.gradeItem(sessionId, position, grade, at);
  }

  finishMockSession(id: number, at: Date): void {
    this.mocks.finish(id, at);
  }
}
