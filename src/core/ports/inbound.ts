/**
 * The inbound port: every adapter turns a platform event into one neutral
 * InboundEvent and hands it to the core's single entry point (core/inbound);
 * the core answers with an Outcome: the reply and how to deliver it. Events
 * are plain data (they are stored in the durable inbox as JSON); anything
 * that needs the platform (is this person an admin?) is asked of the
 * platform's directory, registered by its adapter.
 */
import type { FormSpec, Reply } from '../messages.js';

export interface EventActor {
  /** Platform-scoped identity, e.g. `slack:T123:U456`, `discord:789`, `console:local`. */
  userKey: string;
  displayName: string | null;
  /** Platform facts its directory reads (e.g. Discord permission bits); the core never interprets them. */
  facts?: Record<string, string | number | boolean | null>;
}

export interface EventPlace {
  /** Workspace / server: the leaderboard's scope, e.g. `slack:T123`. */
  scope: string;
  /** Platform-scoped channel identity, e.g. `slack:C456`. */
  channelKey: string;
  /** The platform's own channel id ('' where there is no channel, e.g. a Home tab). */
  channelRef: string;
}

interface EventBase {
  platform: string;
  actor: EventActor;
  place: EventPlace;
}

export type InboundEvent =
  /** A command as text (`/aws question iam`, a console line) or by name with typed options (Discord). */
  | (EventBase & { kind: 'command'; text?: string; name?: string; options?: Record<string, unknown> })
  /** A button press; `actionId` is user-controlled and decoded by the core. */
  | (EventBase & { kind: 'button'; actionId: string; onPrivateMessage: boolean })
  /** A submitted form (Slack modal, Discord modal); `formId` is user-controlled too. */
  | (EventBase & { kind: 'form'; formId: string; values: Record<string, string> })
  /** The person opened the app's home (Slack Home tab, the console at start). */
  | (EventBase & { kind: 'home' });

/**
 * How to deliver a reply:
 *   channel  a message everyone in the channel sees
 *   private  only the actor sees it (ephemeral, or a console line)
 *   replace  replaces the (private) message the button was on
 *   form     open the form in `Outcome.form` (must answer the interaction itself)
 *   home     publish as the person's home view
 */
export type Delivery = 'channel' | 'private' | 'replace' | 'form' | 'home';

export type { FormField, FormSpec } from '../messages.js';

/** `duplicate`: a durable inbox entry another process had already finished; nothing changed, nothing to send. */
export type OutcomeStatus = 'ok' | 'user_error' | 'denied' | 'limited' | 'error' | 'duplicate';

export interface Outcome {
  /** The command or action name, for logs and metrics (a closed set). */
  command: string;
  status: OutcomeStatus;
  delivery: Delivery;
  reply: Reply;
  form?: FormSpec;
}

/** Known before any work: lets an adapter defer with the right visibility. */
export interface Plan {
  delivery: Delivery;
}
