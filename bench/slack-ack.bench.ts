/**
 * Slack HTTP mode: how fast `/aws` is acknowledged under steady load.
 *
 * This process runs the real Bolt app (HTTP mode, signature verification on,
 * SQLite store in a temp file) on loopback. A second process
 * (bench/support/slack-load.ts) hosts the fake Slack Web API and sends
 * correctly signed slash commands at a steady rate, timing each until its
 * acknowledgement. Slack's deadline is 3 s; the target is p99 < 50 ms.
 *
 *   npm run bench -- slack          (200 requests/s for 20 s)
 *   SLACK_BENCH_RPS=50 SLACK_BENCH_SECONDS=5 npm run bench -- slack
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createSlackApp } from '../src/adapters/slack/app.js';
import { loadConfig } from '../src/config.js';
import { loadBank } from '../src/content/loader.js';
import { silentLogger } from '../src/infra/logger.js';
import { systemClock } from '../src/infra/clock.js';
import { openDatabase } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { fixtureBank } from '../test/support/core.js';

const RPS = Number(process.env.SLACK_BENCH_RPS ?? 200);
const SECONDS = Number(process.env.SLACK_BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.SLACK_BENCH_WARMUP_SECONDS ?? 2);
const SLACK_DEADLINE_MS = 3000;
const TARGET_P99_MS = 50;
/** Hard stop for the whole run, whatever happens. */
const OVERALL_TIMEOUT_MS = (SECONDS + 40) * 1000;
const SECRET = 'bench-signing-secret';

const here = dirname(fileURLToPath(import.meta.url));

function bank() {
  try {
    return { bank: loadBank(), source: 'content/aws' };
  } catch {
    return { bank: fixtureBank(), source: 'test fixture (content/aws did not load)' };
  }
}

async function main() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'support/slack-load.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const killer = setTimeout(() => {
    process.stderr.write('slack-ack bench: overall timeout, stopping\n');
    child.kill('SIGKILL');
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;

  const { apiUrl } = (await next()) as { apiUrl: string };
  const dir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  const { bank: questions, source } = bank();
  const deps = { store: new SqliteStore(db), bank: questions, clock: systemClock, logger: silentLogger };
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' });
  const slack = createSlackApp({ config, deps, logger: silentLogger });
  const { port } = await slack.start();

  const job = { eventsUrl: `http://127.0.0.1:${port}/slack/events`, secret: SECRET, rps: RPS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };
  child.stdin!.write(`${JSON.stringify(job)}\n`);
  await next(); // {"phase":"measure"}: warm-up done
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const { result } = (await next()) as { result: Record<string, number> };
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();

  await slack.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  clearTimeout(killer);
  child.stdin!.end();

  const r = result as Record<string, number> & { statuses: unknown };
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const pass = r.errors === 0 && r.p99! < TARGET_P99_MS;
  const rows: [string, string][] = [
    ['load', `${RPS} req/s for ${SECONDS} s from a second process, after a ${WARMUP_SECONDS} s warm-up (achieved ${r.achievedRps!.toFixed(1)} req/s, ${r.lateSends} late sends)`],
    ['question bank', source],
    ['requests / acked / errors', `${r.requests} / ${r.acked} / ${r.errors} (HTTP statuses ${JSON.stringify(r.statuses)})`],
    ['ack latency p50 / p90 / p99 / max', `${f(r.p50!)} / ${f(r.p90!)} / ${f(r.p99!)} / ${f(r.max!)}`],
    ['over Slack’s 3 s deadline', `${r.over3s} (deadline ${SLACK_DEADLINE_MS} ms; p99 is ${((r.p99! / SLACK_DEADLINE_MS) * 100).toFixed(2)} % of it)`],
    ['respond() replies received', `${r.responds} of ${r.requests} (within 5 s of the last send; replies queue behind acks by design)`],
    ['app event-loop delay p99 / max', `${f(loop.percentile(99) / 1e6)} / ${f(loop.max / 1e6)}`],
    ['app CPU per request', `${((cpu.user + cpu.system) / 1000 / r.requests!).toFixed(2)} ms (ack + command + respond(); ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)})`],
    ['app RSS', `${(rssBefore / 2 ** 20).toFixed(0)} MiB → ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`],
    ['target p99 < 50 ms', pass ? 'PASS' : 'FAIL'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  process.exit(pass ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`slack-ack bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
