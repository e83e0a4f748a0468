import { handleText } from '../src/core/dispatch.js';
import { loadBank } from '../src/content/loader.js';
import { silentLogger } from '../src/infra/logger.js';
import { openDatabase } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
const db = openDatabase('/tmp/core.sqlite');
if (process.argv[2] === 'mem') db.pragma('temp_store = MEMORY');
const store = new SqliteStore(db);
const bank = loadBank();
const NOW = Date.parse('2026-03-10T12:00:00Z');
const deps = { store, bank, clock: { now: () => new Date(NOW) }, logger: silentLogger };
const users = db.prepare('SELECT user_key, scope FROM memberships ORDER BY random() LIMIT 6000').all() as {user_key:string; scope:string}[];
const cmd = process.argv[3] ?? 'streak';
const ts: number[] = [];
for (const [i, u] of users.entries()) {
  const ctx = { platform: 'slack' as const, actor: { userKey: u.user_key, displayName: null, isAdmin: async () => false }, scope: u.scope, channelKey: u.scope + ':C1', channelRef: 'C1', deps };
  const t = process.hrtime.bigint(); await handleText(cmd, ctx); if (i >= 1000) ts.push(Number(process.hrtime.bigint() - t) / 1e6);
}
ts.sort((a, b) => a - b);
console.log(process.argv[2], cmd, 'p50', ts[2500]!.toFixed(3), 'p99', ts[4950]!.toFixed(3), 'p99.9', ts[4995]!.toFixed(3));
db.close();
