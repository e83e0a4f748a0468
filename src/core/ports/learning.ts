/** Review reminders and mock interviews. */
import type { Grade, LocalDate } from '../model.js';

export interface ReminderCandidate {
  userKey: string;
  timezone: string | null;
  profileTimezone: string | null;
  /** The latest local date this person was nudged on, if ever. */
  lastNudgedOn: LocalDate | null;
}

export interface ReminderStore {
  /** People who opted in to reminders, with the last day they were nudged. */
  candidates(): Promise<ReminderCandidate[]>;
  /** Records the nudge for that local day; false when one is already recorded. */
  claim(userKey: string, localDate: LocalDate, dueCount: number, at: Date): Promise<boolean>;
  finish(userKey: string, localDate: LocalDate, state: 'sent' | 'failed', detail: string | null, at: Date): Promise<void>;
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

export interface MockStore {
  /** Ends the person's active session, if any, and starts a new one. */
  start(userKey: string, topic: string | null, questionIds: readonly string[], at: Date): Promise<MockSession>;
  get(id: number): Promise<MockSession | null>;
  /** Grades an ungraded item; false when it was already graded. */
  gradeItem(sessionId: number, position: number, grade: Grade, at: Date): Promise<boolean>;
  finish(id: number, at: Date): Promise<void>;
  /** Deletes finished and abandoned sessions that ended before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
