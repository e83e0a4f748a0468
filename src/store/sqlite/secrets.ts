/** Sealed per-installation secrets on SQLite (ciphertext only; see store/vault.ts). */
import type Database from 'better-sqlite3';
import type { SealedSecret, SecretStore } from '../../core/ports/secrets.js';
import type { Runner } from './gate.js';

interface Row {
  name: string;
  scope: string;
  sealed: string;
  updated_at: string;
}

const toSecret = (r: Row): SealedSecret => ({ name: r.name, scope: r.scope, sealed: r.sealed, updatedAt: new Date(r.updated_at) });

export function secretQueries(db: Database.Database) {
  return {
    put: db.prepare(
      `INSERT INTO secrets (name, scope, sealed, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET scope = excluded.scope, sealed = excluded.sealed, updated_at = excluded.updated_at`,
    ),
    get: db.prepare('SELECT * FROM secrets WHERE name = ?'),
    delete: db.prepare('DELETE FROM secrets WHERE name = ?'),
    list: db.prepare('SELECT * FROM secrets ORDER BY name'),
  };
}

export class SqliteSecrets implements SecretStore {
  constructor(
    private readonly q: ReturnType<typeof secretQueries>,
    private readonly run: Runner,
  ) {}

  put(s: SealedSecret) {
    return this.run(() => void this.q.put.run(s.name, s.scope, s.sealed, s.updatedAt.toISOString()));
  }

  get(name: string) {
    return this.run(() => {
      const r = this.q.get.get(name) as Row | undefined;
      return r ? toSecret(r) : null;
    });
  }

  delete(name: string) {
    return this.run(() => this.q.delete.run(name).changes === 1);
  }

  list() {
    return this.run(() => (this.q.list.all() as Row[]).map(toSecret));
  }
}
