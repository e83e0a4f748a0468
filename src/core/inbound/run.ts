/** Running a use case as one transaction that also marks the durable inbox entry done. */
import type { CommandContext } from '../context.js';
import { AlreadyHandled } from '../errors.js';
import { withStore } from './context.js';

export interface RunOptions {
  /** The durable inbox entry this event came from: marked done with the effect. */
  inboxId?: number;
  /** Finished after a restart: a form can no longer be opened (its trigger lasted seconds). */
  recovered?: boolean;
}

export async function inTransaction<T>(ctx: CommandContext, opts: RunOptions, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  return ctx.deps.store.transaction(async (tx) => {
    const result = await fn(withStore(ctx, tx));
    // Done in the same transaction as the effect; if another process got there first, the effect is rolled back.
    if (opts.inboxId !== undefined && !(await tx.inbox.markDone(opts.inboxId, 'ok', ctx.deps.clock.now()))) throw new AlreadyHandled();
    return result;
  });
}
