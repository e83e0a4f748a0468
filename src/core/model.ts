/** Plain domain types shared by every layer. No behaviour, no imports. */

export const LEVELS = ['associate', 'professional', 'lead'] as const;
export type Level = (typeof LEVELS)[number];

/** How a level reads to people. */
export const LEVEL_LABELS: Record<Level, string> = { associate: 'Associate', professional: 'Professional', lead: 'Tech lead' };

export const GRADES = ['knew', 'partly', 'missed'] as const;
export type Grade = (typeof GRADES)[number];

export const LINK_TYPES = ['docs', 'video', 'article'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** A platform id as its adapter registered it (see core/platforms.ts); the core never lists them. */
export type Platform = string;

export interface Link {
  title: string;
  url: string;
  type: LinkType;
}

/** One thing a strong answer says, and the words that show it was said (see core/scoring). */
export interface KeyPoint {
  point: string;
  terms: string[];
  contradicts?: string[];
  central?: boolean;
}

export interface Question {
  id: string;
  topic: string;
  level: Level;
  question: string;
  answer: string;
  eli5: string;
  example: string;
  followups: string[];
  code?: string;
  links: Link[];
  tags: string[];
  keypoints?: KeyPoint[];
  /** Mermaid source, rendered to a picture where the answer appears. */
  diagram?: string;
  /** YYYY-MM: when the facts were last checked against the AWS docs. */
  verified?: string;
  volatile?: boolean;
}

export interface Topic {
  id: string;
  title: string;
}

/** A calendar day in some time zone, as `YYYY-MM-DD`. */
export type LocalDate = string;

export interface Subscription {
  id: number;
  platform: Platform;
  /** Workspace / server the channel belongs to, e.g. `slack:T123`. */
  scope: string;
  /** Platform-scoped channel identity, e.g. `slack:T123:C456`. */
  channelKey: string;
  /** The platform's own channel id, what the ChatPort posts to. */
  channelRef: string;
  /** Local wall-clock time `HH:MM`. */
  time: string;
  timezone: string;
  /** ISO weekdays 1 (Mon) .. 7 (Sun). */
  days: number[];
  topics: string[];
  level: Level | null;
  status: 'ok' | 'failing';
  /** The platform's own words about the last failure (shown to admins only). */
  lastError: string | null;
  /** The failure's kind (channel_not_found, no_access …), explained in plain words to everyone. */
  lastErrorReason: string | null;
  lastOutcomeAt: string | null;
  /** ISO instant of the last subscribe/update: posts due before it are not caught up. */
  updatedAt?: string;
  /** Open a discussion thread on each daily post. */
  thread: boolean;
  /** Post the answer in the thread this many hours after the post; null = no public reveal. */
  revealAfterHours: number | null;
  /** A weekly digest at this local weekday (1 = Mon) and time; null = none. */
  digest: { day: number; time: string } | null;
  /** No posts, reveals or digests before this local date (exclusive of it: resumes on it). */
  pausedUntil: LocalDate | null;
  /** Local dates with no post (never caught up). */
  skipDates: LocalDate[];
  createdBy: string | null;
}

/** What `subscribe` sets; the rest of a Subscription is the store's (id, status, pauses …). */
export type SubscriptionInput = Pick<
  Subscription,
  'platform' | 'scope' | 'channelKey' | 'channelRef' | 'time' | 'timezone' | 'days' | 'topics' | 'level' | 'thread' | 'revealAfterHours' | 'digest'
> & { createdBy: string };
