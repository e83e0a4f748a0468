import { loadBank } from '../src/content/loader.js';
import { silentLogger } from '../src/infra/logger.js';
import { openDatabase } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { progressFor } from '../src/core/usecases/progress.js';
const db = openDatabase('/tmp/core.sqlite');
const store = new SqliteStore(db);
const bank = loadBank();
const NOW = Date.parse('2026-03-10T12:00:00Z');
const deps = { store, bank, clock: { now: () => new Date(NOW) }, logger: silentLogger };
const users = (db.prepare('SELECT user_key FROM users ORDER BY random() LIMIT 3000').all() as {user_key:string}[]).map(u => u.user_key);
const parts: Record<string, number[]> = {};
const time = (name: string, fn: () => unknown) => { const t = process.hrtime.bigint(); fn(); (parts[name] ??= []).push(Number(process.hrtime.bigint() - t) / 1e6); };
for (const u of users) {
  time('getUser', () => store.getUser(u));
  time('getStreak', () => store.getStreak(u));
  time('practisedDays', () => store.practisedDays(u, '2025-12-15'));
  time('topicStats', () => store.topicStats(u, (id) => bank.get(id)?.topic));
  time('countAttempts', () => store.countAttempts(u));
  time('countDue', () => store.countDueReviews(u, new Date(NOW + 86400000)));
  time('progressFor(all again)', () => progressFor(deps, u, '2026-03-10', 'UTC'));
}
for (const [k, v] of Object.entries(parts)) { v.sort((a, b) => a - b); console.log(k.padEnd(24), 'p50', v[1500]!.toFixed(3), 'p99', v[2970]!.toFixed(3), 'max', v[2999]!.toFixed(3), '>1ms', v.filter(x => x > 1).length); }
db.close();
