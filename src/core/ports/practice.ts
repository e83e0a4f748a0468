/** Practice: self-grades (attempts), FSRS review cards, and what a person last saw where. */
import type { Card } from 'ts-fsrs';
import type { Grade, LocalDate } from '../model.js';

/** The FSRS scheduler state of one person × question, exactly ts-fsrs's Card. */
export type ReviewCard = Card;

export interface AttemptInput {
  /** The learner (a linked identity's primary key). */
  userKey: string;
  /** The platform identity that graded, when it differs from the learner key (linked identities). */
  identityKey?: string;
  scope: string;
  channelKey: string;
  questionId: string;
  localDate: LocalDate;
  grade: Grade;
  at: Date;
}

export interface TopicStat {
  topic: string;
  knew: number;
  partly: number;
  missed: number;
}

export interface DueReview {
  questionId: string;
  due: Date;
}

export interface LastShown {
  questionId: string;
  /** d, r or m<n> (see actions.ts); null for rows written before sources were kept. */
  source: string | null;
  at: Date;
}

export interface LatestGrade {
  questionId: string;
  grade: Grade;
  localDate: LocalDate;
}

export interface WrittenAnswer {
  questionId: string;
  text: string;
  suggested: Grade;
  at: Date;
}

export interface PracticeStore {
  /** Inserts a self-grade; false when this person already graded this question on this local day. */
  insertAttempt(input: AttemptInput): Promise<boolean>;
  countAttempts(userKey: string): Promise<number>;
  /** Grades per question, summed by the topic `topicOf` gives (questions no longer in the bank left out). */
  topicStats(userKey: string, topicOf: (questionId: string) => string | undefined): Promise<TopicStat[]>;
  /** Distinct practised local dates on or after `from`. */
  practisedDays(userKey: string, from: LocalDate): Promise<LocalDate[]>;
  latestGrades(userKey: string): Promise<LatestGrade[]>;

  getCard(userKey: string, questionId: string): Promise<ReviewCard | null>;
  saveCard(userKey: string, questionId: string, card: ReviewCard): Promise<void>;
  /** Cards due strictly before `dueBefore`, most overdue first (ties by question id). */
  dueReviews(userKey: string, dueBefore: Date, limit: number): Promise<DueReview[]>;
  countDue(userKey: string, dueBefore: Date): Promise<number>;

  /** What this person last saw in a channel (so `answer` and `knew` know what they refer to). */
  setLastShown(userKey: string, channelKey: string, questionId: string, at: Date, source?: string): Promise<void>;
  getLastShown(userKey: string, channelKey: string): Promise<LastShown | null>;

  /**
   * A workspace/server's week for the digest: how many people (on the boards)
   * practised between two local dates, and the most-missed questions.
   */
  weekInScope(scope: string, from: LocalDate, to: LocalDate, top: number): Promise<{ people: number; missed: { questionId: string; count: number }[] }>;

  /** Written answers, kept only for people who turned notes on. */
  saveWrittenAnswer(userKey: string, answer: WrittenAnswer): Promise<void>;
  writtenAnswers(userKey: string): Promise<WrittenAnswer[]>;
  /** Deletes every kept written answer of the person (`notes off`); returns how many. */
  deleteWrittenAnswers(userKey: string): Promise<number>;
}
