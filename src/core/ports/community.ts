/** Reports about questions, linked identities, and people's own data (export, erase). */

export interface ReportInput {
  questionId: string;
  /** The bank's version when the report was made (content hash). */
  bankVersion: string;
  reporter: string;
  scope: string;
  text: string;
  at: Date;
}

export interface ReportRecord extends ReportInput {
  id: number;
  state: 'open' | 'closed';
}

export interface ReportStore {
  add(report: ReportInput): Promise<number>;
  /** How many reports this person made since `since` (the daily limit). */
  countBy(reporter: string, since: Date): Promise<number>;
  /** Open reports, by question; only those made in `scope` (a workspace/server) when given — the maintainers' script reads all. */
  open(limit: number, scope?: string): Promise<ReportRecord[]>;
}

export interface LinkCode {
  learnerKey: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * Several platform identities practising as one learner. The learner key is
 * the first identity's key; every other identity maps to it.
 */
export interface IdentityStore {
  /** The learner an identity practises as (itself when not linked). */
  learnerOf(identityKey: string): Promise<string>;
  /** Every identity of a learner, the learner's own key first. */
  identitiesOf(learnerKey: string): Promise<string[]>;
  createCode(codeHash: string, learnerKey: string, at: Date, expiresAt: Date): Promise<void>;
  codesCreatedSince(learnerKey: string, since: Date): Promise<number>;
  recordAttempt(identityKey: string, at: Date): Promise<void>;
  attemptsSince(identityKey: string, since: Date): Promise<number>;
  findCode(codeHash: string): Promise<LinkCode | null>;
  /** Marks the code used; false when it was used already (single use, even under a race). */
  useCode(codeHash: string, by: string, at: Date): Promise<boolean>;
  /**
   * Joins `identityKey` (and its data) into `learnerKey`: attempts move
   * (kept whole: each remembers the identity that made it), per question the
   * card reviewed most recently wins, mock sessions, notes, memberships and
   * reminders join. The caller recomputes the streak.
   */
  link(identityKey: string, learnerKey: string, at: Date): Promise<void>;
  /** Separates an identity again: the attempts it made go back with it; the rest stays with the learner. */
  unlink(identityKey: string, learnerKey: string, at: Date): Promise<void>;
  /** Every grading instant of a learner (to recompute a streak in their zone). */
  gradedAt(userKey: string): Promise<Date[]>;
}

export interface PrivacyStore {
  /** Every row about these identities, by table. */
  exportAll(userKeys: readonly string[]): Promise<Record<string, Record<string, unknown>[]>>;
  /** Deletes every row about these identities (subscriptions they created stay, without a creator); counts by table. */
  forget(userKeys: readonly string[]): Promise<Record<string, number>>;
}
