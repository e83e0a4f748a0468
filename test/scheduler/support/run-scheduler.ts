/**
 * A scheduler process for the fault tests: opens the SQLite file, starts the
 * scheduler exactly as the app does (its start-up run is the catch-up) with a
 * fixed injected clock and a ChatPort to the loopback sink, waits for that
 * run, stops gracefully and prints the run's summary as JSON.
 *
 *   SCHED_CHILD='{"dbPath":…,"sinkUrl":…,"now":…,"concurrency":4}' node --import tsx run-scheduler.ts
 */
import { startScheduler } from '../../../src/scheduler/cron.js';
import { silentLogger } from '../../../src/infra/logger.js';
import { openDatabase } from '../../../src/store/open.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { SinkChatPort } from '../../fakes/chat-sink.js';
import { FakeClock, fixtureBank } from '../../support/core.js';

export interface ChildConfig {
  dbPath: string;
  sinkUrl: string;
  now: string;
  concurrency: number;
}

const cfg = JSON.parse(process.env.SCHED_CHILD ?? '{}') as ChildConfig;
const db = openDatabase(cfg.dbPath);
const store = new SqliteStore(db);
const deps = { store, bank: fixtureBank(), clock: new FakeClock(new Date(cfg.now)), logger: silentLogger };
const scheduler = startScheduler({
  deps,
  posts: store,
  ports: [new SinkChatPort(cfg.sinkUrl)],
  concurrency: cfg.concurrency,
  // The cron trigger is not under test here: a no-op task, so only the start-up run happens.
  schedule: () => ({ stop() {}, destroy() {} }),
});
const summary = await scheduler.started;
await scheduler.stop();
db.close();
process.stdout.write(JSON.stringify(summary));
