/** Pruning what is kept only for a while: handled inbox entries (a day), finished mock sessions (30 days). */
import type { CoreDeps } from '../core/context.js';
import { MOCK_RETENTION_DAYS } from '../core/usecases/mock.js';

export const INBOX_RETENTION_MS = 24 * 3_600_000;

export async function runHousekeeping(deps: CoreDeps, now: Date): Promise<{ inbox: number; mocks: number }> {
  const inbox = await deps.store.inbox.prune(new Date(now.getTime() - INBOX_RETENTION_MS));
  const mocks = await deps.store.mocks.prune(new Date(now.getTime() - MOCK_RETENTION_DAYS * 86_400_000));
  return { inbox, mocks };
}
