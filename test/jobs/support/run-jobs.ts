/**
 * A jobs process for the fault tests: opens the SQLite file, builds the real
 * chat port of a platform (pointed at a loopback fake), starts the jobs
 * exactly as compose() does (their start-up run is the catch-up) with a fixed
 * injected clock, waits for that run, stops gracefully and prints the run's
 * summary as JSON.
 *
 *   JOBS_CHILD='{"dbPath":…,"endpoint":{…},"now":…,"concurrency":4}' node --import tsx run-jobs.ts
 */
import { silentLogger } from '../../../src/ops/logger.js';
import { startJobs } from '../../../src/jobs/cron.js';
import { makeDeps } from '../../support/core.js';
import { makePort, type PortEndpoint } from './platforms.js';

export interface ChildConfig {
  dbPath: string;
  endpoint: PortEndpoint;
  now: string;
  concurrency: number;
  instanceId?: string;
}

const cfg = JSON.parse(process.env.JOBS_CHILD ?? '{}') as ChildConfig;
const deps = makeDeps({ dbPath: cfg.dbPath, now: cfg.now });
const made = makePort(cfg.endpoint, silentLogger);
deps.chat.add(made.port);
const jobs = startJobs({
  deps: { ...deps, logger: silentLogger },
  concurrency: cfg.concurrency,
  reminders: false,
  ...(cfg.instanceId ? { instanceId: cfg.instanceId } : {}),
  // The cron trigger is not under test here: a no-op task, so only the start-up run happens.
  schedule: () => ({ stop() {}, destroy() {} }),
});
const { deliveries } = await jobs.started;
await jobs.stop();
made.close();
deps.store.db.close();
process.stdout.write(JSON.stringify(deliveries));
