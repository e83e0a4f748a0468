/**
 * Everything about a person, by table: for `mydata` (export) and
 * `forget-me` (erase). PERSON_COLUMNS lists every column that can hold a
 * person's key; test/store/privacy.test.ts walks the live schema and fails
 * when a table holds a person's key after `forget` — so a new table must be
 * added here to pass.
 */
import type Database from 'better-sqlite3';
import type { PrivacyStore } from '../../core/ports/community.js';
import type { Runner } from './gate.js';
import { PERSON_COLUMNS } from '../person-columns.js';



export class SqlitePrivacy implements PrivacyStore {
  constructor(
    private readonly db: Database.Database,
    private readonly run: Runner,
  ) {}

  exportAll(userKeys: readonly string[]) {
    return this.run(() => {
      const marks = userKeys.map(() => '?').join(', ');
      const out: Record<string, Record<string, unknown>[]> = {};
      // A table listed under two columns (attempts: user_key, identity_key) gives each row once.
      const seen = new Set<string>();
      for (const { table, column } of PERSON_COLUMNS) {
        const rows = this.db.prepare(`SELECT * FROM ${table} WHERE ${column} IN (${marks})`).all(...userKeys) as Record<string, unknown>[];
        out[table] ??= [];
        for (const row of rows) {
          const key = `${table}\u0000${JSON.stringify(row)}`;
          if (!seen.has(key)) {
            seen.add(key);
            out[table].push(row);
          }
        }
      }
      out.mock_items = this.db
        .prepare(`SELECT i.* FROM mock_items i JOIN mock_sessions s ON s.id = i.session_id WHERE s.user_key IN (${marks})`)
        .all(...userKeys) as Record<string, unknown>[];
      out.inbox = this.db.prepare(`SELECT id, platform, event, state, accepted_at, done_at FROM inbox WHERE json_extract(event, '$.actor.userKey') IN (${marks})`).all(...userKeys) as Record<string, unknown>[];
      return out;
    });
  }

  forget(userKeys: readonly string[]) {
    return this.run(() => {
      const marks = userKeys.map(() => '?').join(', ');
      const go = () => {
        const counts: Record<string, number> = {};
        const add = (table: string, n: number) => (counts[table] = (counts[table] ?? 0) + n);
        add('mock_items', this.db.prepare(`DELETE FROM mock_items WHERE session_id IN (SELECT id FROM mock_sessions WHERE user_key IN (${marks}))`).run(...userKeys).changes);
        add('inbox', this.db.prepare(`DELETE FROM inbox WHERE json_extract(event, '$.actor.userKey') IN (${marks})`).run(...userKeys).changes);
        for (const { table, column, forget } of PERSON_COLUMNS) {
          const sql = forget === 'delete' ? `DELETE FROM ${table} WHERE ${column} IN (${marks})` : `UPDATE ${table} SET ${column} = NULL WHERE ${column} IN (${marks})`;
          add(table, this.db.prepare(sql).run(...userKeys).changes);
        }
        return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
      };
      return this.db.inTransaction ? go() : this.db.transaction(go).immediate();
    });
  }
}
