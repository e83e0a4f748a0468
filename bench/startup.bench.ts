/**
 * Start-up time and idle memory of the built bot (`node dist/main.js`) in
 * each mode, beside bare library processes started the same way, in one run.
 *
 * This process builds dist/ first when it is missing or older than src/
 * (`npm run build`), then starts the fakes every mode talks to, on loopback:
 * the fake Slack Web API (with its Socket Mode WebSocket) and the fake
 * Discord (REST and gateway). Each start is a fresh process with a fresh
 * temp DATABASE_PATH (and cwd, so no .env is read), NODE_ENV=production
 * (JSON log lines on stderr), OPS_PORT=0:
 *   console            CONSOLE=on, stdin a pipe left open; ready = its banner on stdout
 *   Slack HTTP         SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET, PORT=0; ready = log "Slack adapter started"
 *   Slack Socket Mode  SLACK_BOT_TOKEN + SLACK_APP_TOKEN; ready = log "Slack adapter started"
 *   Discord            DISCORD_TOKEN + DISCORD_APPLICATION_ID + DISCORD_API_URL; ready = log "discord bot ready"
 * and the baselines, plain JavaScript run by node as the bot is:
 *   bare node          an empty script that prints a line (the floor; console's baseline)
 *   bare Bolt HTTP     bench/support/bare-bolt.mjs: auth.test, then listening
 *   bare Bolt Socket   the same script over Socket Mode
 *   bare discord.js    bench/support/bare-discord.mjs: login, ClientReady
 * Spawn → ready is timed here (median of STARTUP_RUNS, default 5; the modes
 * take turns in each round so drift hits all alike); VmRSS is read from
 * /proc/<pid>/status after a deliberate 2 s idle once ready. Then the process
 * is stopped (stdin closed for the console, SIGTERM otherwise) and must exit 0.
 *
 * Target: ready within 500 ms per mode on this machine; a miss is printed.
 * Exit 1 only when something broke: a process that never got ready, logged
 * an error, or did not stop cleanly.
 *
 *   npm run bench -- startup
 *   STARTUP_RUNS=1 npm run bench -- startup      (quick)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../test/fakes/discord.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';

const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const IDLE_MS = 2_000;
const TARGET_MS = 500;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const mainJs = join(root, 'dist', 'main.js');

interface Mode {
  name: string;
  /** Arguments to node. */
  args: string[];
  env: Record<string, string>;
  ready(line: string, stream: 'stdout' | 'stderr'): boolean;
  stop: 'stdin' | 'SIGTERM';
  /** The baseline this mode is compared with (bot modes only). */
  baseline?: string;
}

interface Sample {
  readyMs: number;
  rssKiB: number;
}

/** Newest modification time under a folder, recursively. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(mainJs).mtimeMs;
  } catch {
    // missing
  }
  const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'tsconfig.build.json')).mtimeMs);
  if (built > sources) {
    process.stdout.write('dist/ is up to date\n');
    return;
  }
  process.stdout.write(built ? 'dist/ is older than src/: npm run build\n' : 'dist/ is missing: npm run build\n');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/** A JSON log line's message, when the line is one. */
function logOf(line: string): { level: number; msg: string } | null {
  if (!line.startsWith('{')) return null;
  try {
    const o = JSON.parse(line) as { level?: unknown; msg?: unknown };
    return typeof o.level === 'number' ? { level: o.level, msg: String(o.msg ?? '') } : null;
  } catch {
    return null;
  }
}

const logged = (msg: string) => (line: string, stream: 'stdout' | 'stderr') => stream === 'stderr' && logOf(line)?.msg === msg;
const printed = (pattern: RegExp) => (line: string, stream: 'stdout' | 'stderr') => stream === 'stdout' && pattern.test(line);

const live = new Set<ChildProcess>();
const problems: string[] = [];
/** Warnings logged by the bot (level 40), by mode and message, shown once. */
const warnings = new Set<string>();

function vmRssKiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

const SHARED_CACHE = mkdtempSync(join(tmpdir(), 'startup-bench-cache-'));

async function measureOnce(mode: Mode): Promise<Sample | null> {
  const dir = mkdtempSync(join(tmpdir(), 'startup-bench-'));
  // A fresh database each start, but one shared cache (the parsed bank, drawn diagrams), as a deployment
  // keeps it between restarts (the image ships it); the first start warms it (STARTUP_COLD=1: never).
  const cache = process.env.STARTUP_COLD ? join(dir, 'cache') : SHARED_CACHE;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NODE_ENV: 'production', DATABASE_PATH: join(dir, 'bot.sqlite'), DIAGRAM_CACHE_DIR: cache, OPS_PORT: '0', ...mode.env };
  const tail: string[] = [];
  const started = performance.now();
  const child = spawn(process.execPath, mode.args, { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let readyAt: number | null = null;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const watch = (stream: 'stdout' | 'stderr') => {
    createInterface({ input: child[stream]! }).on('line', (line) => {
      if (readyAt === null && mode.ready(line, stream)) {
        readyAt = performance.now();
        markReady();
      }
      if (stream === 'stderr') {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        const log = logOf(line);
        if (log && log.level >= 50) problems.push(`${mode.name}: logged an error: ${line.slice(0, 300)}`);
        else if (log && log.level === 40) warnings.add(`${mode.name}: ${log.msg}`);
      }
    });
  };
  watch('stdout');
  watch('stderr');
  let sample: Sample | null = null;
  try {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      ready.then(() => 'ready' as const),
      exited.then(() => 'exited' as const),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (outcome !== 'ready') {
      problems.push(`${mode.name}: ${outcome === 'exited' ? 'exited' : `not ready within ${READY_TIMEOUT_MS} ms`} before its ready signal; stderr ends:\n    ${tail.join('\n    ')}`);
      return null;
    }
    // The one deliberate wait: idle memory is what the process holds once settled.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    sample = { readyMs: readyAt! - started, rssKiB: vmRssKiB(child.pid!) };
    if (mode.stop === 'stdin') child.stdin!.end();
    else child.kill('SIGTERM');
    let stopTimer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'late'>((resolve) => (stopTimer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)))]);
    clearTimeout(stopTimer);
    if (code !== 0) {
      problems.push(`${mode.name}: did not stop cleanly (${code === 'late' ? `still running ${STOP_TIMEOUT_MS} ms after ${mode.stop}` : `exit ${code}`}); stderr ends:\n    ${tail.join('\n    ')}`);
      return null;
    }
    return sample;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    live.delete(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main() {
  ensureBuilt();
  const slack = await FakeSlackApi.start();
  const discord = await FakeDiscord.start();
  const slackHttp = { SLACK_BOT_TOKEN: 'xoxb-startup-bench', SLACK_SIGNING_SECRET: 'startup-bench-signing-secret', SLACK_API_URL: slack.apiUrl, PORT: '0', HOST: '127.0.0.1' };
  const slackSocket = { SLACK_BOT_TOKEN: 'xoxb-startup-bench', SLACK_APP_TOKEN: 'xapp-startup-bench', SLACK_API_URL: slack.apiUrl };
  const discordEnv = { DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.ids.applicationId, DISCORD_API_URL: discord.apiUrl };
  const bareBolt = join(here, 'support', 'bare-bolt.mjs');
  const readyLine = printed(/^ready$/);
  const modes: Mode[] = [
    { name: 'console', args: [mainJs], env: { CONSOLE: 'on' }, ready: printed(/console mode/), stop: 'stdin', baseline: 'bare node' },
    { name: 'bare node', args: ['-e', "process.stdout.write('ready\\n'); process.stdin.resume();"], env: {}, ready: readyLine, stop: 'stdin' },
    { name: 'Slack HTTP', args: [mainJs], env: slackHttp, ready: logged('Slack adapter started'), stop: 'SIGTERM', baseline: 'bare Bolt HTTP' },
    { name: 'bare Bolt HTTP', args: [bareBolt], env: slackHttp, ready: readyLine, stop: 'SIGTERM' },
    { name: 'Slack Socket Mode', args: [mainJs], env: slackSocket, ready: logged('Slack adapter started'), stop: 'SIGTERM', baseline: 'bare Bolt Socket' },
    { name: 'bare Bolt Socket', args: [bareBolt], env: slackSocket, ready: readyLine, stop: 'SIGTERM' },
    { name: 'Discord', args: [mainJs], env: discordEnv, ready: logged('discord bot ready'), stop: 'SIGTERM', baseline: 'bare discord.js' },
    { name: 'bare discord.js', args: [join(here, 'support', 'bare-discord.mjs')], env: discordEnv, ready: readyLine, stop: 'SIGTERM' },
  ];

  const samples = new Map<string, Sample[]>(modes.map((m) => [m.name, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const mode of modes) {
      const s = await measureOnce(mode);
      if (s) samples.get(mode.name)!.push(s);
    }
  }
  await slack.close();
  await discord.stop();

  const fig = (name: string) => {
    const xs = samples.get(name)!;
    if (xs.length === 0) return null;
    const ready = xs.map((s) => s.readyMs);
    return { ready: median(ready), min: Math.min(...ready), max: Math.max(...ready), rssMiB: median(xs.map((s) => s.rssKiB)) / 1024, n: xs.length };
  };
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const mib = (v: number) => `${v.toFixed(0)} MiB`;
  const x = (r: number) => `${r.toFixed(1)}×`;
  const rows: string[][] = [['mode', `spawn → ready, median of ${RUNS} (min–max)`, `VmRSS after ${IDLE_MS / 1000} s idle`, 'baseline', 'ready / baseline', 'RSS / baseline', `target ≤ ${TARGET_MS} ms`]];
  const bots = modes.filter((m) => m.baseline);
  const summary: { bot: string[]; base: string[] } = { bot: [], base: [] };
  let met = 0;
  for (const m of modes) {
    const f = fig(m.name);
    if (!f) {
      rows.push([m.name, 'failed', '', m.baseline ?? '', '', '', '']);
      continue;
    }
    const b = m.baseline ? fig(m.baseline) : null;
    const ok = f.ready <= TARGET_MS;
    if (m.baseline && ok) met++;
    rows.push([
      m.name,
      `${ms(f.ready)} (${ms(f.min)}–${ms(f.max)})`,
      mib(f.rssMiB),
      m.baseline ?? '—',
      b ? x(f.ready / b.ready) : '',
      b ? x(f.rssMiB / b.rssMiB) : '',
      m.baseline ? (ok ? 'met' : 'target missed') : '',
    ]);
    if (m.baseline) summary.bot.push(`${m.name} ${ms(f.ready)} / ${mib(f.rssMiB)}${b ? ` (${x(f.ready / b.ready)} / ${x(f.rssMiB / b.rssMiB)})` : ''}`);
    else summary.base.push(`${m.name} ${ms(f.ready)} / ${mib(f.rssMiB)}`);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const out = process.stdout;
  out.write(`node ${process.version}, dist/ of this tree; fakes in this process; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`);
  for (const r of rows) out.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
  for (const w of warnings) out.write(`warning logged: ${w}\n`);
  for (const p of problems) out.write(`BROKEN: ${p}\n`);
  out.write(`target ready ≤ ${TARGET_MS} ms: met in ${met} of ${bots.length} modes${met === bots.length ? '' : ' (target missed)'}\n`);
  out.write(
    `${JSON.stringify({ bench: 'startup', runs: RUNS, ...Object.fromEntries(modes.map((m) => [m.name, fig(m.name)])) })}\n`,
  );
  // The line for the README's bench table.
  out.write(
    `| start-up, spawn → ready / VmRSS after ${IDLE_MS / 1000} s idle (median of ${RUNS}) | ${summary.bot.join('; ')} (ratios to baseline; target ≤ ${TARGET_MS} ms: met in ${met} of ${bots.length}) | ` +
      `${summary.base.join('; ')} | \`bench/startup.bench.ts\` |\n`,
  );
  rmSync(SHARED_CACHE, { recursive: true, force: true });
  process.exit(problems.length > 0 ? 1 : 0);
}

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}
process.on('exit', killAll);

main().catch((err: unknown) => {
  process.stderr.write(`startup bench failed: ${(err as Error).stack ?? String(err)}\n`);
  killAll();
  process.exit(1);
});
