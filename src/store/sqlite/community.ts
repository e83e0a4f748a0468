/** Reports, linked identities and link codes on SQLite. */
import type Database from 'better-sqlite3';
import type { IdentityStore, LinkCode, ReportInput, ReportRecord, ReportStore } from '../../core/ports/community.js';
import type { Runner } from './gate.js';

export function communityQueries(db: Database.Database) {
  return {
    addReport: db.prepare('INSERT INTO reports (question_id, bank_version, reporter, scope, text, reported_at) VALUES (?, ?, ?, ?, ?, ?)'),
    countReports: db.prepare('SELECT COUNT(*) AS n FROM reports WHERE reporter = ? AND reported_at >= ?'),
    openReports: db.prepare(`SELECT * FROM reports WHERE state = 'open' AND (@scope IS NULL OR scope = @scope) ORDER BY question_id, id LIMIT @limit`),
    learnerOf: db.prepare('SELECT learner_key FROM identities WHERE identity_key = ?'),
    identitiesOf: db.prepare('SELECT identity_key FROM identities WHERE learner_key = ? ORDER BY linked_at, identity_key'),
    createCode: db.prepare('INSERT INTO link_codes (code_hash, learner_key, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    codesSince: db.prepare('SELECT COUNT(*) AS n FROM link_codes WHERE learner_key = ? AND created_at >= ?'),
    addAttempt: db.prepare('INSERT INTO link_attempts (identity_key, at) VALUES (?, ?)'),
    attemptsSince: db.prepare('SELECT COUNT(*) AS n FROM link_attempts WHERE identity_key = ? AND at >= ?'),
    findCode: db.prepare('SELECT learner_key, expires_at, used_at FROM link_codes WHERE code_hash = ?'),
    useCode: db.prepare('UPDATE link_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL'),
    gradedAt: db.prepare('SELECT graded_at FROM attempts WHERE user_key = ? ORDER BY graded_at'),
  };
}

/** The data moves of link and unlink, each one statement; run in the caller's transaction. */
const LINK_SQL = `
  INSERT OR IGNORE INTO users (user_key, display_name, created_at) SELECT @to, display_name, created_at FROM users WHERE user_key = @from;
  UPDATE users SET timezone = COALESCE(timezone, (SELECT timezone FROM users WHERE user_key = @from)),
    profile_timezone = COALESCE(profile_timezone, (SELECT profile_timezone FROM users WHERE user_key = @from)),
    remind = MAX(remind, (SELECT COALESCE(MAX(remind), 0) FROM users WHERE user_key = @from)),
    -- Privacy choices: the more private one wins, so linking never puts anyone back on a board.
    on_boards = MIN(on_boards, (SELECT COALESCE(MIN(on_boards), 1) FROM users WHERE user_key = @from)),
    share_details = MIN(share_details, (SELECT COALESCE(MIN(share_details), 1) FROM users WHERE user_key = @from)),
    keep_notes = MIN(keep_notes, (SELECT COALESCE(MIN(keep_notes), 1) FROM users WHERE user_key = @from))
    WHERE user_key = @to;
  UPDATE OR IGNORE attempts SET user_key = @to WHERE user_key = @from;
  DELETE FROM attempts WHERE user_key = @from;
  DELETE FROM review_cards WHERE user_key = @to AND question_id IN (
    SELECT f.question_id FROM review_cards f JOIN review_cards t ON t.question_id = f.question_id AND t.user_key = @to
    WHERE f.user_key = @from AND COALESCE(f.last_review, 0) > COALESCE(t.last_review, 0));
  UPDATE OR IGNORE review_cards SET user_key = @to WHERE user_key = @from;
  DELETE FROM review_cards WHERE user_key = @from;
  UPDATE OR IGNORE written_answers SET user_key = @to WHERE user_key = @from;
  DELETE FROM written_answers WHERE user_key = @from;
  UPDATE mock_sessions SET state = 'abandoned', finished_at = @at WHERE user_key = @from AND state = 'active';
  UPDATE mock_sessions SET user_key = @to WHERE user_key = @from;
  UPDATE OR IGNORE nudges SET user_key = @to WHERE user_key = @from;
  DELETE FROM nudges WHERE user_key = @from;
  UPDATE OR IGNORE last_shown SET user_key = @to WHERE user_key = @from;
  DELETE FROM last_shown WHERE user_key = @from;
  INSERT OR IGNORE INTO memberships (scope, user_key) SELECT scope, @to FROM memberships WHERE user_key = @from;
  DELETE FROM memberships WHERE user_key = @from;
  DELETE FROM streaks WHERE user_key = @from;
  UPDATE identities SET learner_key = @to WHERE learner_key = @from;
  DELETE FROM users WHERE user_key = @from;
`;

const UNLINK_SQL = `
  INSERT OR IGNORE INTO users (user_key, display_name, created_at, timezone, remind, on_boards, share_details, keep_notes)
    SELECT @from, NULL, @at, timezone, remind, on_boards, share_details, keep_notes FROM users WHERE user_key = @to;
  INSERT OR IGNORE INTO users (user_key, display_name, created_at) VALUES (@from, NULL, @at);
  UPDATE attempts SET user_key = @from WHERE user_key = @to AND identity_key = @from;
  INSERT OR IGNORE INTO memberships (scope, user_key) SELECT DISTINCT scope, @from FROM attempts WHERE user_key = @from;
  -- The learner leaves the boards of workspaces where only the departing identity practised.
  DELETE FROM memberships WHERE user_key = @to AND scope NOT IN (SELECT DISTINCT scope FROM attempts WHERE user_key = @to);
`;

export class SqliteReports implements ReportStore {
  constructor(
    private readonly q: ReturnType<typeof communityQueries>,
    private readonly run: Runner,
  ) {}

  add(r: ReportInput) {
    return this.run(() => Number(this.q.addReport.run(r.questionId, r.bankVersion, r.reporter, r.scope, r.text, r.at.toISOString()).lastInsertRowid));
  }

  countBy(reporter: string, since: Date) {
    return this.run(() => (this.q.countReports.get(reporter, since.toISOString()) as { n: number }).n);
  }

  open(limit: number, scope?: string) {
    return this.run(() =>
      (this.q.openReports.all({ limit, scope: scope ?? null }) as { id: number; question_id: string; bank_version: string; reporter: string | null; scope: string; text: string; state: 'open'; reported_at: string }[]).map(
        (r): ReportRecord => ({ id: r.id, questionId: r.question_id, bankVersion: r.bank_version, reporter: r.reporter ?? '(forgotten)', scope: r.scope, text: r.text, state: r.state, at: new Date(r.reported_at) }),
      ),
    );
  }
}

export class SqliteIdentities implements IdentityStore {
  constructor(
    private readonly db: Database.Database,
    private readonly q: ReturnType<typeof communityQueries>,
    private readonly run: Runner,
  ) {}

  learnerOf(identityKey: string) {
    return this.run(() => (this.q.learnerOf.get(identityKey) as { learner_key: string } | undefined)?.learner_key ?? identityKey);
  }

  identitiesOf(learnerKey: string) {
    return this.run(() => [learnerKey, ...(this.q.identitiesOf.all(learnerKey) as { identity_key: string }[]).map((r) => r.identity_key).filter((k) => k !== learnerKey)]);
  }

  createCode(codeHash: string, learnerKey: string, at: Date, expiresAt: Date) {
    return this.run(() => void this.q.createCode.run(codeHash, learnerKey, at.toISOString(), expiresAt.toISOString()));
  }

  codesCreatedSince(learnerKey: string, since: Date) {
    return this.run(() => (this.q.codesSince.get(learnerKey, since.toISOString()) as { n: number }).n);
  }

  recordAttempt(identityKey: string, at: Date) {
    return this.run(() => void this.q.addAttempt.run(identityKey, at.toISOString()));
  }

  attemptsSince(identityKey: string, since: Date) {
    return this.run(() => (this.q.attemptsSince.get(identityKey, since.toISOString()) as { n: number }).n);
  }

  findCode(codeHash: string) {
    return this.run(() => {
      const r = this.q.findCode.get(codeHash) as { learner_key: string; expires_at: string; used_at: string | null } | undefined;
      return r ? ({ learnerKey: r.learner_key, expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : null } satisfies LinkCode) : null;
    });
  }

  useCode(codeHash: string, by: string, at: Date) {
    return this.run(() => this.q.useCode.run(at.toISOString(), by, codeHash).changes === 1);
  }

  link(identityKey: string, learnerKey: string, at: Date) {
    return this.run(() => {
      const go = () => {
        for (const sql of statements(LINK_SQL)) this.db.prepare(sql).run(params(sql, { from: identityKey, to: learnerKey, at: at.toISOString() }));
        this.db.prepare('INSERT OR REPLACE INTO identities (identity_key, learner_key, linked_at) VALUES (?, ?, ?)').run(identityKey, learnerKey, at.toISOString());
        this.db.prepare('INSERT OR IGNORE INTO identities (identity_key, learner_key, linked_at) VALUES (?, ?, ?)').run(learnerKey, learnerKey, at.toISOString());
      };
      return this.db.inTransaction ? go() : this.db.transaction(go).immediate();
    });
  }

  unlink(identityKey: string, learnerKey: string, at: Date) {
    return this.run(() => {
      const go = () => {
        for (const sql of statements(UNLINK_SQL)) this.db.prepare(sql).run(params(sql, { from: identityKey, to: learnerKey, at: at.toISOString() }));
        this.db.prepare('DELETE FROM identities WHERE identity_key = ?').run(identityKey);
        const left = this.q.identitiesOf.all(learnerKey) as { identity_key: string }[];
        if (left.every((r) => r.identity_key === learnerKey)) this.db.prepare('DELETE FROM identities WHERE learner_key = ?').run(learnerKey);
      };
      return this.db.inTransaction ? go() : this.db.transaction(go).immediate();
    });
  }

  gradedAt(userKey: string) {
    return this.run(() => (this.q.gradedAt.all(userKey) as { graded_at: string }[]).map((r) => new Date(r.graded_at)));
  }
}

function statements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Only the named parameters a statement uses (better-sqlite3 refuses extra ones). */
function params(sql: string, all: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter(([k]) => sql.includes(`@${k}`)));
}
