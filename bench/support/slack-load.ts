/**
 * The second process of bench/slack-ack.bench.ts. It hosts the fake Slack
 * Web API (so the app's process runs nothing but the app) and, for each job
 * it is given (the app's /slack/events URL), sends correctly signed slash
 * commands at a steady rate (open loop: a slow answer does not slow the
 * sender down), timing each request until its acknowledgement (the HTTP
 * response) arrives.
 *
 * Protocol on stdio, one JSON object per line:
 *   child -> parent  {"apiUrl": "...", "ready": true}
 *   then, for every job:
 *   parent -> child  {"label": "durable", "eventsUrl": "...", "secret": "...", "rps": 200, "seconds": 20, "warmupSeconds": 2}
 *   child -> parent  {"phase": "measure"}   (warm-up done; measured sends start)
 *   child -> parent  {"result": {...}}
 * The child exits when its stdin ends.
 */
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { FakeSlackApi } from '../../test/fakes/slack-api.js';
import { FORM, signedHeaders, slashCommandBody } from '../../test/fakes/slack-requests.js';

interface Job {
  /** Names the job's response URLs, so replies are counted per job. */
  label: string;
  eventsUrl: string;
  secret: string;
  rps: number;
  seconds: number;
  /** Sent at the same rate first and not measured: JIT and lazy module loading are not what Slack sees. */
  warmupSeconds: number;
}

const TEXTS = ['question', 'topics', 'help', 'streak', 'question networking', 'leaderboard'];
const USERS = 50;
/** Answers still outstanding this long after the last send are counted as errors. */
const DRAIN_MS = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
const userId = (i: number) => `U0BENCH${String(i % USERS).padStart(2, '0')}`;

function sendOne(url: URL, agent: Agent, body: string, headers: Record<string, string>): Promise<{ ms: number; status: number | null }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.resume();
      resolve({ ms, status: res.statusCode ?? null });
    });
    req.setTimeout(DRAIN_MS, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: null }));
    req.end(body);
  });
}

/** Sends `total` signed commands at `rps`, open loop; resolves with every timing. */
async function sendAtRate(url: URL, agent: Agent, job: Job, total: number, replyId: string, fake: FakeSlackApi) {
  const intervalMs = 1000 / job.rps;
  const pending: Promise<{ ms: number; status: number | null }>[] = [];
  let late = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else if (wait < -intervalMs) late++;
    // Every command has its own trigger id, as Slack's do (a repeated one would be a replay).
    const body = slashCommandBody({ text: TEXTS[i % TEXTS.length]!, user_id: userId(i), response_url: fake.responseUrl(replyId) });
    pending.push(sendOne(url, agent, body, signedHeaders(job.secret, body, FORM)));
  }
  const sendSeconds = (performance.now() - start) / 1000;
  return { results: await Promise.all(pending), late, sendSeconds };
}

async function run(job: Job, fake: FakeSlackApi) {
  const url = new URL(job.eventsUrl);
  // Slack reuses connections to an app's request URL; so does this sender.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  await sendAtRate(url, agent, job, Math.round(job.rps * job.warmupSeconds), `warmup-${job.label}`, fake);
  process.stdout.write(`${JSON.stringify({ phase: 'measure' })}\n`);
  const total = Math.round(job.rps * job.seconds);
  const replyId = `bench-${job.label}`;
  const { results, late, sendSeconds } = await sendAtRate(url, agent, job, total, replyId, fake);
  // A reply follows each ack; give the last ones a moment to land (bounded).
  await fake.waitFor(() => fake.respondsTo(replyId), total, DRAIN_MS).catch(() => undefined);
  agent.destroy();
  const ok = results.filter((r) => r.status === 200).map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => ok[Math.min(ok.length - 1, Math.floor(q * ok.length))] ?? NaN;
  return {
    requests: total,
    acked: ok.length,
    errors: total - ok.length,
    statuses: [...new Set(results.map((r) => r.status))],
    lateSends: late,
    sendSeconds,
    achievedRps: total / sendSeconds,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: ok.at(-1) ?? NaN,
    over3s: ok.filter((ms) => ms > 3000).length,
    responds: fake.respondsTo(replyId).length,
  };
}

async function main() {
  const fake = await FakeSlackApi.start();
  // Known people with a profile zone: the app's directory caches them, as it would real users.
  for (let i = 0; i < USERS; i++) fake.users.set(userId(i), { tz: 'Europe/Berlin' });
  process.stdout.write(`${JSON.stringify({ ready: true, apiUrl: fake.apiUrl })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const job = JSON.parse(line) as Job;
    const result = await run(job, fake);
    process.stdout.write(`${JSON.stringify({ result })}\n`);
  }
  await fake.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`slack-load failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
