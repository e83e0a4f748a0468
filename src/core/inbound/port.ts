/**
 * The core's inbound port as adapters receive it (see adapters/contract.ts):
 * handle and plan events, accept them durably, suggest completions. Built
 * once by the composition root, which may wrap `handle` (logs, metrics).
 */
import { COMMANDS } from '../commands/registry.js';
import type { CommandDefinition } from '../commands/types.js';
import type { CoreDeps } from '../context.js';
import type { InboxEntry } from '../ports/inbox.js';
import type { InboundEvent, Outcome, Plan } from '../ports/inbound.js';
import { completeLine, optionChoices, type Choice } from './complete.js';
import { handleEvent, planEvent, type RunOptions } from './handle.js';

export interface CoreInbound {
  handle(event: InboundEvent, opts?: RunOptions): Promise<Outcome>;
  plan(event: InboundEvent): Plan;
  accept(event: InboundEvent, externalId: string, replyTo: unknown): Promise<{ id: number; duplicate: boolean }>;
  pending(platform: string): Promise<InboxEntry[]>;
  suggest(command: string, option: string, typed: string): Choice[];
  completeLine(line: string): string[];
  readonly commands: readonly CommandDefinition[];
}

/** How many accepted-but-unfinished interactions a restart picks up per platform. */
const RECOVER_LIMIT = 1000;

export function createInbound(deps: CoreDeps): CoreInbound {
  return {
    handle: (event, opts) => handleEvent(event, deps, opts),
    plan: (event) => planEvent(event, deps),
    accept: (event, externalId, replyTo) =>
      deps.store.inbox.accept({
        platform: event.platform,
        externalId: externalId.slice(0, 200),
        event: JSON.stringify(event),
        replyTo: replyTo === undefined ? null : JSON.stringify(replyTo),
        at: deps.clock.now(),
      }),
    pending: (platform) => deps.store.inbox.pending(platform, RECOVER_LIMIT),
    suggest: (command, option, typed) => optionChoices(deps.bank, command, option, typed),
    completeLine: (line) => completeLine(deps.bank, line),
    commands: COMMANDS,
  };
}
