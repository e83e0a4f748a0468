/**
 * `npm run content:links`: checks every link in the bank over the network
 * (HEAD, falling back to GET), with bounded concurrency, a timeout and
 * retries, and reports broken ones with status, URL and question id.
 * Without internet access it says so and exits 0: it is not part of `npm test`.
 */
import { parseArgs } from 'node:util';
import { loadEntries } from '../src/content/loader.js';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '8' },
    timeout: { type: 'string', default: '10000' },
    retries: { type: 'string', default: '2' },
    // What "online" means: a page that answers when the internet is reachable.
    probe: { type: 'string', default: 'https://docs.aws.amazon.com/' },
  },
});
const CONCURRENCY = Number(values.concurrency);
const TIMEOUT_MS = Number(values.timeout);
const RETRIES = Number(values.retries);

type Result = { url: string; ids: string[]; status: number | string };

async function probe(url: string): Promise<number | string> {
  let last: number | string = 'no attempt';
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    try {
      let res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
      // Some hosts refuse HEAD; ask again with GET before calling it broken.
      if (res.status === 405 || res.status === 403) {
        res = await fetch(url, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
      }
      last = res.status;
      if (res.status < 500 && res.status !== 429) return res.status;
    } catch (err) {
      last = ((err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).name) || 'error';
    }
    // Back off before retrying 429/5xx/network errors: 0.5 s, 1 s, 2 s …
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
  return last;
}

async function online(): Promise<boolean> {
  try {
    await fetch(values.probe, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const byUrl = new Map<string, string[]>();
  for (const { question } of loadEntries()) {
    for (const l of question.links) byUrl.set(l.url, [...(byUrl.get(l.url) ?? []), question.id]);
  }
  if (!(await online())) {
    process.stdout.write(
      `content:links: no internet access from this machine (${values.probe} is unreachable); ${byUrl.size} links were NOT checked. Run it where the internet is reachable.\n`,
    );
    return;
  }
  const queue = [...byUrl.entries()];
  const broken: Result[] = [];
  let done = 0;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [url, ids] = next;
      const status = await probe(url);
      if (typeof status !== 'number' || status >= 400) broken.push({ url, ids, status });
      if (++done % 50 === 0) process.stderr.write(`checked ${done}/${byUrl.size}\n`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  for (const b of broken) process.stdout.write(`BROKEN ${b.status} ${b.url} (${b.ids.join(', ')})\n`);
  process.stdout.write(`content:links: ${byUrl.size} links checked, ${broken.length} broken\n`);
  process.exitCode = broken.length > 0 ? 1 : 0;
}

await main();
