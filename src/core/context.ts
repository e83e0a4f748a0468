/** What every command and action receives: who, where, on which platform, and the ports. */
import type { QuestionBank } from './bank.js';
import type { Clock } from './ports/clock.js';
import type { EventPlace, InboundEvent } from './ports/inbound.js';
import type { Logger } from './ports/logger.js';
import type { PlatformInfo, PlatformRegistry } from './ports/platform.js';
import type { Store } from './ports/store.js';
import type { ChatPorts } from './chat-ports.js';
import type { Limits } from './limits.js';
import type { BoardCache } from './boards.js';

export interface CoreDeps {
  store: Store;
  bank: QuestionBank;
  clock: Clock;
  logger: Logger;
  platforms: PlatformRegistry;
  /** The zone for people whose own and profile zone are unknown (DEFAULT_TIMEZONE). */
  defaultZone: string;
  /** The running platforms' outbound ports (checking access, scheduled posts). */
  chat: ChatPorts;
  /** Per-person budgets and cooldowns. */
  limits: Limits;
  /** Leaderboards computed in the last minute, per workspace/server. */
  boards: BoardCache;
}

export interface Actor {
  userKey: string;
  displayName: string | null;
  /** Asked of the platform's directory, once per event. */
  isAdmin(): Promise<boolean>;
}

export interface CommandContext {
  platform: PlatformInfo;
  actor: Actor;
  /** Workspace / server: the leaderboard's scope, e.g. `slack:T123`. */
  scope: string;
  /** Platform-scoped channel identity. */
  channelKey: string;
  /** The platform's own channel id ('' where there is none). */
  channelRef: string;
  /** The event being handled (buttons carry what message they sat on). */
  event: InboundEvent;
  /** Inside a command's run this holds the transaction's store. */
  deps: CoreDeps;
}

export const placeOf = (ctx: CommandContext): EventPlace => ({ scope: ctx.scope, channelKey: ctx.channelKey, channelRef: ctx.channelRef });

/** How to tell this person to type a command on their platform (`/aws review`, `review`). */
export function say(ctx: Pick<CommandContext, 'platform'>, command: string, adminOnly = false): string {
  return `\`${ctx.platform.invocation(command, adminOnly)}\``;
}
