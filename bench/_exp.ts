import { gradeAction } from '../src/core/actions.js';
import { handleAction, handleText } from '../src/core/dispatch.js';
import { loadBank } from '../src/content/loader.js';
import { silentLogger } from '../src/infra/logger.js';
import { openDatabase } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
const mode = process.argv[2] ?? 'default';
const db = openDatabase('/tmp/core.sqlite');
if (mode.includes('nockpt')) db.pragma('wal_autocheckpoint = 0');
if (mode.includes('cache')) db.pragma('cache_size = -65536');
if (mode.includes('mmap')) db.pragma('mmap_size = 1073741824');
const store = new SqliteStore(db);
import { startCheckpointer } from '../src/store/checkpointer.js';
const cp = mode.includes('worker') ? startCheckpointer(db) : null;
const bank = loadBank();
let tick = 0; const NOW = Date.parse('2026-03-10T12:00:00Z');
const deps = { store, bank, clock: { now: () => new Date(NOW + tick++) }, logger: silentLogger };
const users = db.prepare('SELECT m.user_key, m.scope FROM memberships m ORDER BY random() LIMIT 4000').all() as {user_key:string; scope:string}[];
const ctx = (u: {user_key:string; scope:string}) => ({ platform: 'slack' as const, actor: { userKey: u.user_key, displayName: null, isAdmin: async () => false }, scope: u.scope, channelKey: u.scope + ':C1', channelRef: 'C1', deps });
const which = process.argv[3] ?? 'grade';
const wall: number[] = []; const cpu: number[] = [];
for (let i = 0; i < 4000; i++) {
  const c = process.cpuUsage(); const t = process.hrtime.bigint();
  if (which === 'grade') await handleAction(gradeAction(bank.questions[(i * 37) % bank.size]!.id, 'knew'), ctx(users[i]!));
  else await handleText(which, ctx(users[i]!));
  if (i >= 500) { wall.push(Number(process.hrtime.bigint() - t) / 1e6); const u = process.cpuUsage(c); cpu.push((u.user + u.system) / 1000); }
}
wall.sort((a,b)=>a-b); cpu.sort((a,b)=>a-b);
const p = (a: number[], q: number) => a[Math.floor(q * a.length)]!.toFixed(3);
await cp?.stop();
console.log(mode, which, 'wall p50', p(wall,.5), 'p99', p(wall,.99), 'cpu p50', p(cpu,.5), 'p99', p(cpu,.99), 'p99.9', p(cpu,.999));
