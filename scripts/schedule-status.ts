/**
 * `npm run schedule:status`: prints every subscription with its next run and
 * last outcome, read from DATABASE_PATH (a .env file is honoured like `npm start`).
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../src/config.js';
import { formatStatus, scheduleStatus } from '../src/scheduler/status.js';
import { openDatabase } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

if (existsSync('.env')) process.loadEnvFile('.env');
let path: string;
try {
  path = loadConfig().DATABASE_PATH;
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
if (path !== ':memory:' && !existsSync(path)) {
  process.stdout.write(`No database at ${path} yet, so no subscriptions. Set DATABASE_PATH if it lives elsewhere.\n`);
  process.exit(0);
}
const db = openDatabase(path);
try {
  process.stdout.write(formatStatus(scheduleStatus(new SqliteStore(db), new Date()), new Date()));
} finally {
  db.close();
}
