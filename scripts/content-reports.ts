/**
 * `npm run content:reports`: open "report a problem" reports from learners,
 * by question, from the configured store (a .env file is honoured like `npm start`).
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../src/config.js';
import { silentLogger } from '../src/ops/logger.js';
import { openStore } from '../src/store/open.js';

if (existsSync('.env')) process.loadEnvFile('.env');
let config;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
if (!config.DATABASE_URL && !existsSync(config.DATABASE_PATH)) {
  process.stdout.write(`No database at ${config.DATABASE_PATH}, so no reports.\n`);
  process.exit(0);
}
const opened = await openStore(config, silentLogger);
try {
  const open = await opened.store.reports.open(10_000);
  if (open.length === 0) process.stdout.write('No open reports.\n');
  const byQuestion = new Map<string, typeof open>();
  for (const r of open) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), r]);
  for (const [id, reports] of [...byQuestion].sort((a, b) => b[1].length - a[1].length)) {
    process.stdout.write(`${id} (${reports.length})\n`);
    for (const r of reports) process.stdout.write(`  ${r.at.toISOString().slice(0, 10)} [bank ${r.bankVersion}] ${r.text.replace(/\s+/g, ' ')}\n`);
  }
} finally {
  await opened.close();
}
