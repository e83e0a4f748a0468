/** Reports, linked identities and link codes, and everything about a person (export, erase), on PostgreSQL. */
import type { IdentityStore, PrivacyStore, ReportInput, ReportStore } from '../../core/ports/community.js';
import { PERSON_COLUMNS } from '../person-columns.js';
import { n, type Db } from './db.js';

type Atomic = <T>(fn: (db: Db) => Promise<T>) => Promise<T>;

export class PgReports implements ReportStore {
  constructor(private readonly db: Db) {}

  async add(r: ReportInput) {
    return n(
      (await this.db.one<{ id: string }>('INSERT INTO reports (question_id, bank_version, reporter, scope, text, reported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
        r.questionId,
        r.bankVersion,
        r.reporter,
        r.scope,
        r.text,
        r.at.toISOString(),
      ]))!.id,
    );
  }

  async countBy(reporter: string, since: Date) {
    return n((await this.db.one<{ n: string }>('SELECT COUNT(*) AS n FROM reports WHERE reporter = $1 AND reported_at >= $2', [reporter, since.toISOString()]))?.n);
  }

  async open(limit: number, scope?: string) {
    const rows = await this.db.rows<{ id: string; question_id: string; bank_version: string; reporter: string | null; scope: string; text: string; reported_at: string }>(
      `SELECT * FROM reports WHERE state = 'open' AND ($2::text IS NULL OR scope = $2) ORDER BY question_id, id LIMIT $1`,
      [limit, scope ?? null],
    );
    return rows.map((r) => ({ id: n(r.id), questionId: r.question_id, bankVersion: r.bank_version, reporter: r.reporter ?? '(forgotten)', scope: r.scope, text: r.text, state: 'open' as const, at: new Date(r.reported_at) }));
  }
}

export class PgIdentities implements IdentityStore {
  constructor(
    private readonly db: Db,
    private readonly atomic: Atomic,
  ) {}

  async learnerOf(identityKey: string) {
    return (await this.db.one<{ learner_key: string }>('SELECT learner_key FROM identities WHERE identity_key = $1', [identityKey]))?.learner_key ?? identityKey;
  }

  async identitiesOf(learnerKey: string) {
    const rows = await this.db.rows<{ identity_key: string }>('SELECT identity_key FROM identities WHERE learner_key = $1 ORDER BY linked_at, identity_key', [learnerKey]);
    return [learnerKey, ...rows.map((r) => r.identity_key).filter((k) => k !== learnerKey)];
  }

  async createCode(codeHash: string, learnerKey: string, at: Date, expiresAt: Date) {
    await this.db.run('INSERT INTO link_codes (code_hash, learner_key, created_at, expires_at) VALUES ($1, $2, $3, $4)', [codeHash, learnerKey, at.toISOString(), expiresAt.toISOString()]);
  }

  async codesCreatedSince(learnerKey: string, since: Date) {
    return n((await this.db.one<{ n: string }>('SELECT COUNT(*) AS n FROM link_codes WHERE learner_key = $1 AND created_at >= $2', [learnerKey, since.toISOString()]))?.n);
  }

  async recordAttempt(identityKey: string, at: Date) {
    await this.db.run('INSERT INTO link_attempts (identity_key, at) VALUES ($1, $2)', [identityKey, at.toISOString()]);
  }

  async attemptsSince(identityKey: string, since: Date) {
    return n((await this.db.one<{ n: string }>('SELECT COUNT(*) AS n FROM link_attempts WHERE identity_key = $1 AND at >= $2', [identityKey, since.toISOString()]))?.n);
  }

  async findCode(codeHash: string) {
    const r = await this.db.one<{ learner_key: string; expires_at: string; used_at: string | null }>('SELECT learner_key, expires_at, used_at FROM link_codes WHERE code_hash = $1', [codeHash]);
    return r ? { learnerKey: r.learner_key, expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : null } : null;
  }

  async useCode(codeHash: string, by: string, at: Date) {
    return (await this.db.run('UPDATE link_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1 AND used_at IS NULL', [codeHash, at.toISOString(), by])) === 1;
  }

  /** The same moves as sqlite/community.ts LINK_SQL, with NOT EXISTS where SQLite says UPDATE OR IGNORE. */
  link(identityKey: string, learnerKey: string, at: Date) {
    const p = [identityKey, learnerKey];
    return this.atomic(async (db) => {
      await db.run('INSERT INTO users (user_key, display_name, created_at) SELECT $2, display_name, created_at FROM users WHERE user_key = $1 ON CONFLICT DO NOTHING', p);
      await db.run(
        // Privacy choices: the more private one wins, so linking never puts anyone back on a board.
        `UPDATE users t SET timezone = COALESCE(t.timezone, f.timezone), profile_timezone = COALESCE(t.profile_timezone, f.profile_timezone), remind = GREATEST(t.remind, f.remind),
           on_boards = LEAST(t.on_boards, f.on_boards), share_details = LEAST(t.share_details, f.share_details), keep_notes = LEAST(t.keep_notes, f.keep_notes)
         FROM users f WHERE t.user_key = $2 AND f.user_key = $1`,
        p,
      );
      await db.run(`UPDATE attempts a SET user_key = $2 WHERE a.user_key = $1 AND NOT EXISTS (SELECT 1 FROM attempts t WHERE t.user_key = $2 AND t.question_id = a.question_id AND t.local_date = a.local_date)`, p);
      await db.run('DELETE FROM attempts WHERE user_key = $1', [identityKey]);
      await db.run(
        `DELETE FROM review_cards t USING review_cards f WHERE t.user_key = $2 AND f.user_key = $1 AND f.question_id = t.question_id AND COALESCE(f.last_review, 0) > COALESCE(t.last_review, 0)`,
        p,
      );
      await db.run(`UPDATE review_cards f SET user_key = $2 WHERE f.user_key = $1 AND NOT EXISTS (SELECT 1 FROM review_cards t WHERE t.user_key = $2 AND t.question_id = f.question_id)`, p);
      await db.run('DELETE FROM review_cards WHERE user_key = $1', [identityKey]);
      await db.run(`UPDATE written_answers f SET user_key = $2 WHERE f.user_key = $1 AND NOT EXISTS (SELECT 1 FROM written_answers t WHERE t.user_key = $2 AND t.question_id = f.question_id)`, p);
      await db.run('DELETE FROM written_answers WHERE user_key = $1', [identityKey]);
      await db.run(`UPDATE mock_sessions SET state = 'abandoned', finished_at = $2 WHERE user_key = $1 AND state = 'active'`, [identityKey, at.toISOString()]);
      await db.run('UPDATE mock_sessions SET user_key = $2 WHERE user_key = $1', p);
      await db.run(`UPDATE nudges f SET user_key = $2 WHERE f.user_key = $1 AND NOT EXISTS (SELECT 1 FROM nudges t WHERE t.user_key = $2 AND t.local_date = f.local_date)`, p);
      await db.run('DELETE FROM nudges WHERE user_key = $1', [identityKey]);
      await db.run(`UPDATE last_shown f SET user_key = $2 WHERE f.user_key = $1 AND NOT EXISTS (SELECT 1 FROM last_shown t WHERE t.user_key = $2 AND t.channel_key = f.channel_key)`, p);
      await db.run('DELETE FROM last_shown WHERE user_key = $1', [identityKey]);
      await db.run('INSERT INTO memberships (scope, user_key) SELECT scope, $2 FROM memberships WHERE user_key = $1 ON CONFLICT DO NOTHING', p);
      await db.run('DELETE FROM memberships WHERE user_key = $1', [identityKey]);
      await db.run('DELETE FROM streaks WHERE user_key = $1', [identityKey]);
      await db.run('UPDATE identities SET learner_key = $2 WHERE learner_key = $1', p);
      await db.run('DELETE FROM users WHERE user_key = $1', [identityKey]);
      await db.run(
        'INSERT INTO identities (identity_key, learner_key, linked_at) VALUES ($1, $2, $3) ON CONFLICT (identity_key) DO UPDATE SET learner_key = EXCLUDED.learner_key, linked_at = EXCLUDED.linked_at',
        [identityKey, learnerKey, at.toISOString()],
      );
      await db.run('INSERT INTO identities (identity_key, learner_key, linked_at) VALUES ($1, $1, $2) ON CONFLICT DO NOTHING', [learnerKey, at.toISOString()]);
    });
  }

  unlink(identityKey: string, learnerKey: string, at: Date) {
    return this.atomic(async (db) => {
      // The identity leaves with the learner's current preferences (its own were merged away at link time).
      await db.run(
        `INSERT INTO users (user_key, display_name, created_at, timezone, remind, on_boards, share_details, keep_notes)
         SELECT $1, NULL, $3, timezone, remind, on_boards, share_details, keep_notes FROM users WHERE user_key = $2 ON CONFLICT DO NOTHING`,
        [identityKey, learnerKey, at.toISOString()],
      );
      await db.run('INSERT INTO users (user_key, display_name, created_at) VALUES ($1, NULL, $2) ON CONFLICT DO NOTHING', [identityKey, at.toISOString()]);
      await db.run('UPDATE attempts SET user_key = $1 WHERE user_key = $2 AND identity_key = $1', [identityKey, learnerKey]);
      await db.run('INSERT INTO memberships (scope, user_key) SELECT DISTINCT scope, $1 FROM attempts WHERE user_key = $1 ON CONFLICT DO NOTHING', [identityKey]);
      // The learner leaves the boards of workspaces where only the departing identity practised.
      await db.run('DELETE FROM memberships WHERE user_key = $1 AND scope NOT IN (SELECT DISTINCT scope FROM attempts WHERE user_key = $1)', [learnerKey]);
      await db.run('DELETE FROM identities WHERE identity_key = $1', [identityKey]);
      const left = await db.rows<{ identity_key: string }>('SELECT identity_key FROM identities WHERE learner_key = $1', [learnerKey]);
      if (left.every((r) => r.identity_key === learnerKey)) await db.run('DELETE FROM identities WHERE learner_key = $1', [learnerKey]);
    });
  }

  async gradedAt(userKey: string) {
    return (await this.db.rows<{ graded_at: string }>('SELECT graded_at FROM attempts WHERE user_key = $1 ORDER BY graded_at', [userKey])).map((r) => new Date(r.graded_at));
  }
}

export class PgPrivacy implements PrivacyStore {
  constructor(
    private readonly db: Db,
    private readonly atomic: Atomic,
  ) {}

  async exportAll(userKeys: readonly string[]) {
    const keys = [...userKeys];
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const { table, column } of PERSON_COLUMNS) {
      const rows = await this.db.rows<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${column} = ANY($1)`, [keys]);
      const seen = new Set((out[table] ?? []).map((r) => JSON.stringify(r)));
      out[table] = [...(out[table] ?? []), ...rows.filter((r) => !seen.has(JSON.stringify(r)))];
    }
    out.mock_items = await this.db.rows('SELECT i.* FROM mock_items i JOIN mock_sessions s ON s.id = i.session_id WHERE s.user_key = ANY($1)', [keys]);
    out.inbox = await this.db.rows(`SELECT id, platform, event, state, accepted_at, done_at FROM inbox WHERE (event::jsonb -> 'actor' ->> 'userKey') = ANY($1)`, [keys]);
    return out;
  }

  forget(userKeys: readonly string[]) {
    const keys = [...userKeys];
    return this.atomic(async (db) => {
      const counts: Record<string, number> = {};
      const add = (table: string, count: number) => (counts[table] = (counts[table] ?? 0) + count);
      add('mock_items', await db.run('DELETE FROM mock_items WHERE session_id IN (SELECT id FROM mock_sessions WHERE user_key = ANY($1))', [keys]));
      add('inbox', await db.run(`DELETE FROM inbox WHERE (event::jsonb -> 'actor' ->> 'userKey') = ANY($1)`, [keys]));
      for (const { table, column, forget } of PERSON_COLUMNS) {
        const sql = forget === 'delete' ? `DELETE FROM ${table} WHERE ${column} = ANY($1)` : `UPDATE ${table} SET ${column} = NULL WHERE ${column} = ANY($1)`;
        add(table, await db.run(sql, [keys]));
      }
      return Object.fromEntries(Object.entries(counts).filter(([, c]) => c > 0));
    });
  }
}
