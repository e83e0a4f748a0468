/** The durable inbox on SQLite (see core/ports/inbox.ts). */
import type Database from 'better-sqlite3';
import type { InboxEntry, InboxStore } from '../../core/ports/inbox.js';
import type { Runner } from './gate.js';

export function inboxQueries(db: Database.Database) {
  return {
    accept: db.prepare(
      `INSERT INTO inbox (platform, external_id, event, reply_to, state, accepted_at) VALUES (?, ?, ?, ?, 'pending', ?)
       ON CONFLICT (platform, external_id) DO NOTHING`,
    ),
    byExternal: db.prepare('SELECT id FROM inbox WHERE platform = ? AND external_id = ?'),
    done: db.prepare(`UPDATE inbox SET state = 'done', outcome = ?, done_at = ?, reply_to = NULL WHERE id = ? AND state = 'pending'`),
    pending: db.prepare(`SELECT * FROM inbox WHERE platform = ? AND state = 'pending' ORDER BY id LIMIT ?`),
    prune: db.prepare(`DELETE FROM inbox WHERE state = 'done' AND accepted_at < ?`),
  };
}

export class SqliteInbox implements InboxStore {
  constructor(
    private readonly q: ReturnType<typeof inboxQueries>,
    private readonly run: Runner,
  ) {}

  accept(e: { platform: string; externalId: string; event: string; replyTo: string | null; at: Date }) {
    return this.run(() => {
      const r = this.q.accept.run(e.platform, e.externalId, e.event, e.replyTo, e.at.toISOString());
      if (r.changes === 1) return { id: Number(r.lastInsertRowid), duplicate: false };
      return { id: (this.q.byExternal.get(e.platform, e.externalId) as { id: number }).id, duplicate: true };
    });
  }

  markDone(id: number, outcome: string, at: Date) {
    // The reply capability (response URL, token) is dropped once done.
    return this.run(() => this.q.done.run(outcome, at.toISOString(), id).changes === 1);
  }

  pending(platform: string, limit: number) {
    return this.run(() =>
      (this.q.pending.all(platform, limit) as { id: number; platform: string; external_id: string; event: string; reply_to: string | null; state: 'pending'; accepted_at: string }[]).map(
        (r): InboxEntry => ({ id: r.id, platform: r.platform, externalId: r.external_id, event: r.event, replyTo: r.reply_to, state: r.state, acceptedAt: new Date(r.accepted_at) }),
      ),
    );
  }

  prune(before: Date) {
    return this.run(() => this.q.prune.run(before.toISOString()).changes);
  }
}
