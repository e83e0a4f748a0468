/** Composes the whole bot around a platform module, on an in-memory store, a fake clock and a hand-driven minute tick. */
import type { PlatformModule } from '../../src/adapters/contract.js';
import { compose, type Running } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { CronSchedule } from '../../src/jobs/cron.js';
import { createOps } from '../../src/ops/ops.js';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { PassThrough } from 'node:stream';
import { FakeClock, fixtureBank, memoryLogger } from '../support/core.js';
import { START } from './conformance.js';

export interface Composed {
  running: Running;
  clock: FakeClock;
  store: SqliteStore;
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export async function composeWith(platforms: readonly PlatformModule[], env: Record<string, string> = {}, streams?: { stdin: PassThrough; stdout: PassThrough }): Promise<Composed> {
  const clock = new FakeClock(new Date(START));
  const store = new SqliteStore(openDatabase(':memory:'));
  const logger = memoryLogger();
  const config = loadConfig({ CONSOLE: 'off', HEALTH_SERVER: 'off', COMMANDS_PER_MINUTE: '1000', ...env });
  // The jobs' minute tick, run by hand: no timers.
  const schedule: CronSchedule = () => ({ stop() {}, destroy() {} });
  const running = await compose({
    config,
    store,
    bank: fixtureBank(),
    clock,
    logger,
    ops: createOps(logger, { defaultMetrics: false }),
    schedule,
    platforms,
    ...(streams ? { stdin: streams.stdin, stdout: streams.stdout } : {}),
  });
  return {
    running,
    clock,
    store,
    tick: async () => void (await running.tick?.()),
    stop: async () => {
      await running.stop();
      await store.close();
    },
  };
}
