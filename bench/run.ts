/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so RSS
 * figures are per benchmark) and prints their figures. `npm run bench -- slack`
 * runs only the files whose name starts with "slack"; anything after the filter
 * is passed to each benchmark (`npm run bench -- scorer --verbose`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [filter, ...rest] = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.startsWith(filter))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n### ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, f), ...rest], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (files.length === 0) process.stdout.write('no benchmarks matched\n');
process.exit(failed > 0 ? 1 : 0);
