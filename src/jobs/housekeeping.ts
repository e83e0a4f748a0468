/**
 * Pruning what is kept only for a while: handled inbox entries (a day),
 * finished mock sessions (30 days), and subscriptions of a workspace that
 * removed the app and never came back (30 days — long enough to survive an
 * accidental uninstall, short enough that we do not keep a departed
 * workspace's channel list forever).
 */
import type { CoreDeps } from '../core/context.js';
import { MOCK_RETENTION_DAYS } from '../core/usecases/mock.js';

export const INBOX_RETENTION_MS = 24 * 3_600_000;
export const SUSPENDED_RETENTION_DAYS = 30;

export interface HousekeepingCounts {
  inbox: number;
  mocks: number;
  suspendedSubscriptions: number;
}

export async function runHousekeeping(deps: CoreDeps, now: Date): Promise<HousekeepingCounts> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const inbox = await deps.store.inbox.prune(new Date(now.getTime() - INBOX_RETENTION_MS));
  const mocks = await deps.store.mocks.prune(daysAgo(MOCK_RETENTION_DAYS));
  const suspendedSubscriptions = await deps.store.channels.purgeSuspended(daysAgo(SUSPENDED_RETENTION_DAYS));
  return { inbox, mocks, suspendedSubscriptions };
}
