/**
 * The core's single entry point. Every adapter turns a platform event into an
 * InboundEvent and calls `handleEvent`; it answers with an Outcome (the reply
 * and how to deliver it). `planEvent` tells an adapter, before any work, how
 * the answer will be delivered, so it can defer with the right visibility.
 *
 * Order of work: the actor's learner (linked identities) → the command budget
 * → the profile zone (may ask the platform) → the kind's path (commands.ts,
 * buttons.ts, forms.ts, home). A failure the person caused becomes a private
 * reply that says what was wrong and the right form; anything else is logged
 * and answered with an apology. Nothing here throws.
 */
import type { CommandContext, CoreDeps } from '../context.js';
import { AlreadyHandled, UserError } from '../errors.js';
import type { InboundEvent, Outcome, Plan } from '../ports/inbound.js';
import { homeView } from '../usecases/home.js';
import { buttonDelivery, pressButton } from './buttons.js';
import { commandOf, runCommand } from './commands.js';
import { contextFor, refreshProfileZone } from './context.js';
import { submitForm } from './forms.js';
import { errorReply, FORM_TOO_LATE, slowDown, SORRY } from './replies.js';
import { inTransaction, type RunOptions } from './run.js';

export type { RunOptions } from './run.js';

function nameOf(event: InboundEvent): string {
  if (event.kind === 'command') {
    const parsed = commandOf(event);
    return parsed.ok ? parsed.command.name : 'unknown';
  }
  return event.kind;
}

/** How the answer to `event` will be delivered (known without running it). */
export function planEvent(event: InboundEvent, deps: CoreDeps): Plan {
  const platform = deps.platforms.info(event.platform);
  if (!platform) return { delivery: 'private' };
  switch (event.kind) {
    case 'command': {
      const parsed = commandOf(event);
      return { delivery: parsed.ok && parsed.command.answers === 'channel' ? 'channel' : 'private' };
    }
    case 'button':
      return { delivery: buttonDelivery(contextFor(event, deps, platform), event.actionId, event.onPrivateMessage) };
    case 'form':
      return { delivery: 'private' };
    case 'home':
      return { delivery: 'home' };
  }
}

async function route(ctx: CommandContext, event: InboundEvent, opts: RunOptions): Promise<Outcome> {
  switch (event.kind) {
    case 'command': {
      const parsed = commandOf(event);
      if (!parsed.ok) return { command: 'unknown', status: 'user_error', delivery: 'private', reply: errorReply(parsed.error, parsed.usage) };
      const outcome = await runCommand(ctx, parsed.command, parsed.input, opts);
      return outcome.reply.form ? { ...outcome, delivery: 'form', form: outcome.reply.form } : outcome;
    }
    case 'button':
      return pressButton(ctx, event.actionId, event.onPrivateMessage, opts);
    case 'form':
      return submitForm(ctx, event.formId, event.values, opts);
    case 'home':
      return { command: 'home', status: 'ok', delivery: 'home', reply: await inTransaction(ctx, opts, (c) => homeView(c)) };
  }
}

export async function handleEvent(event: InboundEvent, deps: CoreDeps, opts: RunOptions = {}): Promise<Outcome> {
  const command = nameOf(event);
  try {
    const platform = deps.platforms.info(event.platform);
    if (!platform) throw new Error(`no platform registered as "${String(event.platform).slice(0, 20)}"`);
    // Linked identities practise as one learner; the event keeps the identity that acted.
    const learner = await deps.store.identities.learnerOf(event.actor.userKey);
    const ctx = contextFor({ ...event, actor: { ...event.actor, userKey: learner } }, deps, platform);
    ctx.event = event;
    if (event.kind !== 'home') {
      const budget = deps.limits.takeCommand(learner);
      if (!budget.ok) {
        await markDone(deps, opts, 'limited');
        return { command, status: 'limited', delivery: 'private', reply: slowDown(budget.retryInSeconds) };
      }
    }
    await refreshProfileZone(ctx);
    const outcome = await route(ctx, event, opts);
    if (opts.recovered && outcome.delivery === 'form') {
      return { command: outcome.command, status: 'ok', delivery: 'private', reply: errorReply(FORM_TOO_LATE) };
    }
    return outcome;
  } catch (err) {
    if (err instanceof AlreadyHandled) {
      deps.logger.info({ command, inboxId: opts.inboxId }, 'interaction already handled by another process; nothing applied twice');
      return { command, status: 'duplicate', delivery: 'private', reply: errorReply('This was already handled.') };
    }
    if (err instanceof UserError) {
      await markDone(deps, opts, 'user_error');
      return { command, status: 'user_error', delivery: 'private', reply: errorReply(err.message, err.usage) };
    }
    deps.logger.error({ err, command, platform: event.platform }, 'command failed');
    await markDone(deps, opts, 'error');
    return { command, status: 'error', delivery: 'private', reply: errorReply(SORRY) };
  }
}

/** A refused or failed event changed nothing, and is done too: it must not be replayed after a restart. */
async function markDone(deps: CoreDeps, opts: RunOptions, outcome: string): Promise<void> {
  if (opts.inboxId === undefined) return;
  try {
    await deps.store.inbox.markDone(opts.inboxId, outcome, deps.clock.now());
  } catch (err) {
    deps.logger.warn({ err }, 'could not mark an inbox entry done');
  }
}
