/**
 * `npm run schedule:status`: prints every subscription with its next run and
 * last outcome, from the configured store (a .env file is honoured like `npm start`).
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../src/config.js';
import { silentLogger } from '../src/ops/logger.js';
import { formatStatus, scheduleStatus } from '../src/jobs/status.js';
import { openStore } from '../src/store/open.js';

if (existsSync('.env')) process.loadEnvFile('.env');
let config;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
if (!config.DATABASE_URL && config.DATABASE_PATH !== ':memory:' && !existsSync(config.DATABASE_PATH)) {
  process.stdout.write(`No database at ${config.DATABASE_PATH} yet, so no subscriptions. Set DATABASE_PATH if it lives elsewhere.\n`);
  process.exit(0);
}
const opened = await openStore(config, silentLogger);
try {
  process.stdout.write(formatStatus(await scheduleStatus(opened.store.channels, new Date()), new Date()));
} finally {
  await opened.close();
}
