/** What every command and action receives: who, where, and the ports. */
import type { QuestionBank } from './bank.js';
import type { Platform } from './model.js';
import type { Clock, Logger, Store } from './ports.js';

export interface CoreDeps {
  store: Store;
  bank: QuestionBank;
  clock: Clock;
  logger: Logger;
  /** The zone for users and channels that set none (DEFAULT_TIMEZONE); UTC if absent. */
  defaultZone?: string;
}

export interface Actor {
  /** Platform-scoped identity, e.g. `slack:T123:U456`, `discord:789`, `console:local`. */
  userKey: string;
  displayName: string | null;
  /** Resolved by the adapter (Slack users.info, Discord member permissions). */
  isAdmin(): Promise<boolean>;
}

export interface CommandContext {
  platform: Platform;
  actor: Actor;
  /** Workspace / server: the leaderboard's scope, e.g. `slack:T123`. */
  scope: string;
  /** Platform-scoped channel identity, e.g. `slack:T123:C456`. */
  channelKey: string;
  /** The platform's own channel id. */
  channelRef: string;
  deps: CoreDeps;
  /** Turns a user mention typed in text (e.g. Slack `<@U123|alex>`) into a user key, if the platform can. */
  resolveUser?(mention: string): string | null;
}
