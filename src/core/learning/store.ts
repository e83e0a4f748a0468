/**
 * The part of the Store port that issue 7 (review queue, reminders, mock
 * interviews, notes export) needs. `Store` in ../ports.ts extends it, so use
 * cases reach everything through `deps.store`; it lives apart to keep
 * ports.ts short and the learning features easy to find.
 */
import type { Card } from 'ts-fsrs';
import type { Grade, LocalDate } from '../model.js';

/** The FSRS scheduler state of one user × question, exactly ts-fsrs's Card. */
export type ReviewCard = Card;

export interface DueReview {
  questionId: string;
  due: Date;
}

export interface LastShown {
  questionId: string;
  /** d, r or m<n> (see actions.ts); null for rows written before sources were kept. */
  source: string | null;
}

export interface LatestGrade {
  questionId: string;
  grade: Grade;
  localDate: LocalDate;
}

export interface ReminderCandidate {
  userKey: string;
  timezone: string | null;
  /** The latest local date this user was nudged on, if ever. */
  lastNudgedOn: LocalDate | null;
}

export type MockState = 'active' | 'finished' | 'abandoned';

export interface MockItem {
  position: number;
  questionId: string;
  grade: Grade | null;
}

export interface MockSession {
  id: number;
  userKey: string;
  topic: string | null;
  state: MockState;
  items: MockItem[];
}

export interface LearningStore {
  // review cards (FSRS)
  getReviewCard(userKey: string, questionId: string): ReviewCard | null;
  saveReviewCard(userKey: string, questionId: string, card: ReviewCard): void;
  /** Cards due strictly before `dueBefore`, most overdue first (ties by question id). */
  dueReviews(userKey: string, dueBefore: Date, limit: number): DueReview[];
  countDueReviews(userKey: string, dueBefore: Date): number;

  // what a user last saw in a channel, with where it came from
  getLastShownEntry(userKey: string, channelKey: string): LastShown | null;

  // the latest grade of every question a user graded (for the notes export)
  latestGrades(userKey: string): LatestGrade[];

  // reminders
  setRemind(userKey: string, on: boolean): void;
  /** Users who opted in to reminders, with the last day they were nudged. */
  reminderCandidates(): ReminderCandidate[];
  /** Records the nudge for that local day; false when one is already recorded. */
  claimNudge(userKey: string, localDate: LocalDate, dueCount: number, at: Date): boolean;
  finishNudge(userKey: string, localDate: LocalDate, state: 'sent' | 'failed', detail: string | null, at: Date): void;

  // mock interviews
  /** Abandons the user's active session, if any, and starts a new one. */
  startMockSession(userKey: string, topic: string | null, questionIds: readonly string[], at: Date): MockSession;
  getMockSession(id: number): MockSession | null;
  /** Grades an ungraded item; false when it was already graded. */
  gradeMockItem(sessionId: number, position: number, grade: Grade, at: Date): boolean;
  finishMockSession(id: number, at: Date): void;
}
