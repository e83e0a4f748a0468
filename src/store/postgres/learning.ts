/** Reminder claims, mock interviews, the durable inbox and sealed secrets on PostgreSQL. */
import type { Grade, LocalDate } from '../../core/model.js';
import type { InboxEntry, InboxStore } from '../../core/ports/inbox.js';
import type { MockSession, MockState, MockStore, ReminderStore } from '../../core/ports/learning.js';
import type { SealedSecret, SecretStore } from '../../core/ports/secrets.js';
import { clip } from '../rows.js';
import { n, type Db } from './db.js';

export class PgReminders implements ReminderStore {
  constructor(private readonly db: Db) {}

  async candidates() {
    const rows = await this.db.rows<{ user_key: string; timezone: string | null; profile_timezone: string | null; last_nudged_on: string | null }>(
      `SELECT u.user_key, u.timezone, u.profile_timezone, (SELECT MAX(n.local_date) FROM nudges n WHERE n.user_key = u.user_key) AS last_nudged_on
       FROM users u WHERE u.remind = 1 ORDER BY u.user_key`,
    );
    return rows.map((r) => ({ userKey: r.user_key, timezone: r.timezone, profileTimezone: r.profile_timezone, lastNudgedOn: r.last_nudged_on }));
  }

  async claim(userKey: string, localDate: LocalDate, dueCount: number, at: Date) {
    return (
      (await this.db.run(`INSERT INTO nudges (user_key, local_date, due_count, state, claimed_at) VALUES ($1, $2, $3, 'claimed', $4) ON CONFLICT (user_key, local_date) DO NOTHING`, [
        userKey,
        localDate,
        dueCount,
        at.toISOString(),
      ])) === 1
    );
  }

  async finish(userKey: string, localDate: LocalDate, state: 'sent' | 'failed', detail: string | null, at: Date) {
    await this.db.run(`UPDATE nudges SET state = $3, detail = $4, finished_at = $5 WHERE user_key = $1 AND local_date = $2 AND state = 'claimed'`, [
      userKey,
      localDate,
      state,
      detail === null ? null : clip(detail),
      at.toISOString(),
    ]);
  }
}

export class PgMocks implements MockStore {
  constructor(
    private readonly db: Db,
    private readonly atomic: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  ) {}

  private async read(db: Db, id: number): Promise<MockSession | null> {
    const s = await db.one<{ id: string; user_key: string; topic: string | null; state: MockState }>('SELECT id, user_key, topic, state FROM mock_sessions WHERE id = $1', [id]);
    if (!s) return null;
    const items = await db.rows<{ position: number; question_id: string; grade: Grade | null }>('SELECT position, question_id, grade FROM mock_items WHERE session_id = $1 ORDER BY position', [id]);
    return { id: n(s.id), userKey: s.user_key, topic: s.topic, state: s.state, items: items.map((r) => ({ position: n(r.position), questionId: r.question_id, grade: r.grade })) };
  }

  start(userKey: string, topic: string | null, questionIds: readonly string[], at: Date) {
    return this.atomic(async (db) => {
      const iso = at.toISOString();
      await db.run(`UPDATE mock_sessions SET state = 'abandoned', finished_at = $2 WHERE user_key = $1 AND state = 'active'`, [userKey, iso]);
      const id = n((await db.one<{ id: string }>(`INSERT INTO mock_sessions (user_key, topic, state, started_at) VALUES ($1, $2, 'active', $3) RETURNING id`, [userKey, topic, iso]))!.id);
      for (const [position, qid] of questionIds.entries()) await db.run('INSERT INTO mock_items (session_id, position, question_id) VALUES ($1, $2, $3)', [id, position, qid]);
      return (await this.read(db, id))!;
    });
  }

  get(id: number) {
    return this.read(this.db, id);
  }

  async gradeItem(sessionId: number, position: number, grade: Grade, at: Date) {
    return (await this.db.run('UPDATE mock_items SET grade = $3, graded_at = $4 WHERE session_id = $1 AND position = $2 AND grade IS NULL', [sessionId, position, grade, at.toISOString()])) === 1;
  }

  async finish(id: number, at: Date) {
    await this.db.run(`UPDATE mock_sessions SET state = 'finished', finished_at = $2 WHERE id = $1 AND state = 'active'`, [id, at.toISOString()]);
  }

  prune(before: Date) {
    return this.db.run(`DELETE FROM mock_sessions WHERE state <> 'active' AND finished_at < $1`, [before.toISOString()]);
  }
}

export class PgInbox implements InboxStore {
  constructor(private readonly db: Db) {}

  async accept(e: { platform: string; externalId: string; event: string; replyTo: string | null; at: Date }) {
    const inserted = await this.db.one<{ id: string }>(
      `INSERT INTO inbox (platform, external_id, event, reply_to, state, accepted_at) VALUES ($1, $2, $3, $4, 'pending', $5)
       ON CONFLICT (platform, external_id) DO NOTHING RETURNING id`,
      [e.platform, e.externalId, e.event, e.replyTo, e.at.toISOString()],
    );
    if (inserted) return { id: n(inserted.id), duplicate: false };
    const existing = await this.db.one<{ id: string }>('SELECT id FROM inbox WHERE platform = $1 AND external_id = $2', [e.platform, e.externalId]);
    return { id: n(existing?.id), duplicate: true };
  }

  async markDone(id: number, outcome: string, at: Date) {
    return (await this.db.run(`UPDATE inbox SET state = 'done', outcome = $2, done_at = $3, reply_to = NULL WHERE id = $1 AND state = 'pending'`, [id, outcome, at.toISOString()])) === 1;
  }

  async pending(platform: string, limit: number) {
    const rows = await this.db.rows<{ id: string; platform: string; external_id: string; event: string; reply_to: string | null; accepted_at: string }>(
      `SELECT id, platform, external_id, event, reply_to, accepted_at FROM inbox WHERE platform = $1 AND state = 'pending' ORDER BY id LIMIT $2`,
      [platform, limit],
    );
    return rows.map((r): InboxEntry => ({ id: n(r.id), platform: r.platform, externalId: r.external_id, event: r.event, replyTo: r.reply_to, state: 'pending', acceptedAt: new Date(r.accepted_at) }));
  }

  prune(before: Date) {
    return this.db.run(`DELETE FROM inbox WHERE state = 'done' AND accepted_at < $1`, [before.toISOString()]);
  }
}

export class PgSecrets implements SecretStore {
  constructor(private readonly db: Db) {}

  async put(s: SealedSecret) {
    await this.db.run(
      `INSERT INTO secrets (name, scope, sealed, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET scope = EXCLUDED.scope, sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at`,
      [s.name, s.scope, s.sealed, s.updatedAt.toISOString()],
    );
  }

  async get(name: string) {
    const r = await this.db.one<{ name: string; scope: string; sealed: string; updated_at: string }>('SELECT * FROM secrets WHERE name = $1', [name]);
    return r ? { name: r.name, scope: r.scope, sealed: r.sealed, updatedAt: new Date(r.updated_at) } : null;
  }

  async delete(name: string) {
    return (await this.db.run('DELETE FROM secrets WHERE name = $1', [name])) === 1;
  }

  async list() {
    return (await this.db.rows<{ name: string; scope: string; sealed: string; updated_at: string }>('SELECT * FROM secrets ORDER BY name')).map((r) => ({
      name: r.name,
      scope: r.scope,
      sealed: r.sealed,
      updatedAt: new Date(r.updated_at),
    }));
  }
}
