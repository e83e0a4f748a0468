-- Second edition: platforms as data, one zone rule, durable inbox, threads,
-- public reveals, digests, pauses, audit, written answers, reports, linked
-- identities. One transaction (the migration runner wraps it).

-- Subscriptions: no CHECK naming platforms (a platform is data its adapter
-- registers); thread / reveal / digest options; pause and skip; the failure's
-- kind beside its raw text; the creator may be forgotten (forget-me).
CREATE TABLE subscriptions_new (
  id                  INTEGER PRIMARY KEY,
  platform            TEXT NOT NULL,
  scope               TEXT NOT NULL,
  channel_key         TEXT NOT NULL UNIQUE,
  channel_ref         TEXT NOT NULL,
  post_time           TEXT NOT NULL,
  timezone            TEXT NOT NULL,
  days                TEXT NOT NULL,
  topics              TEXT NOT NULL DEFAULT '',
  level               TEXT CHECK (level IN ('associate', 'professional', 'lead')),
  created_by          TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing')),
  last_error          TEXT,
  last_error_reason   TEXT,
  last_outcome_at     TEXT,
  thread              INTEGER NOT NULL DEFAULT 1 CHECK (thread IN (0, 1)),
  reveal_after_hours  INTEGER CHECK (reveal_after_hours BETWEEN 1 AND 23),
  digest_day          INTEGER CHECK (digest_day BETWEEN 1 AND 7),
  digest_time         TEXT,
  paused_until        TEXT,
  skip_dates          TEXT NOT NULL DEFAULT ''
);
-- Slack channel ids are unique across workspaces (Slack Connect included), so a
-- Slack channel is keyed by its own id: slack:T1:C9 becomes slack:C9. Where two
-- teams had subscribed one shared channel, the older subscription stands.
INSERT OR IGNORE INTO subscriptions_new (id, platform, scope, channel_key, channel_ref, post_time, timezone, days, topics, level,
  created_by, created_at, updated_at, status, last_error, last_outcome_at, thread)
SELECT id, platform, scope,
  CASE WHEN platform = 'slack' THEN 'slack:' || channel_ref ELSE channel_key END,
  channel_ref, post_time, timezone, days, topics, level, created_by, created_at, updated_at, status, last_error, last_outcome_at,
  -- Existing channels keep today's behaviour (no thread) until an admin subscribes again.
  0
FROM subscriptions ORDER BY id;

-- Deliveries on a clock: the daily post, its public reveal, the weekly digest;
-- one row per (subscription, kind, local period), claimed before sending.
CREATE TABLE posts_new (
  id               INTEGER PRIMARY KEY,
  subscription_id  INTEGER NOT NULL REFERENCES subscriptions_new (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL DEFAULT 'daily' CHECK (kind IN ('daily', 'reveal', 'digest')),
  local_date       TEXT NOT NULL,
  question_id      TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  message_id       TEXT,
  thread_ref       TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  error_kind       TEXT CHECK (error_kind IN ('permanent', 'transient')),
  claimed_by       TEXT,
  not_before       TEXT,
  last_attempt_at  TEXT,
  created_at       TEXT NOT NULL,
  sent_at          TEXT,
  UNIQUE (subscription_id, kind, local_date)
);
INSERT INTO posts_new (id, subscription_id, kind, local_date, question_id, state, message_id, attempts, last_error, error_kind,
  claimed_by, not_before, last_attempt_at, created_at, sent_at)
SELECT p.id, p.subscription_id, 'daily', p.local_date, p.question_id, p.state, p.message_id, p.attempts, p.last_error, p.error_kind,
  p.claimed_by, p.not_before, p.last_attempt_at, p.created_at, p.sent_at
FROM posts p WHERE p.subscription_id IN (SELECT id FROM subscriptions_new);

DROP TABLE posts;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_new RENAME TO subscriptions;
ALTER TABLE posts_new RENAME TO posts;
CREATE INDEX posts_by_local_date ON posts (local_date);
CREATE INDEX subscriptions_by_creator ON subscriptions (created_by);

UPDATE channel_daily SET channel_key = 'slack:' || substr(channel_key, instr(substr(channel_key, 7), ':') + 7)
  WHERE channel_key LIKE 'slack:%:%';
UPDATE OR REPLACE last_shown SET channel_key = 'slack:' || substr(channel_key, instr(substr(channel_key, 7), ':') + 7)
  WHERE channel_key LIKE 'slack:%:%';
UPDATE attempts SET channel_key = 'slack:' || substr(channel_key, instr(substr(channel_key, 7), ':') + 7)
  WHERE channel_key LIKE 'slack:%:%';

-- People: the zone of their platform profile, and their choices about boards,
-- sharing details and keeping written answers.
ALTER TABLE users ADD COLUMN profile_timezone TEXT;
ALTER TABLE users ADD COLUMN on_boards INTEGER NOT NULL DEFAULT 1 CHECK (on_boards IN (0, 1));
ALTER TABLE users ADD COLUMN share_details INTEGER NOT NULL DEFAULT 0 CHECK (share_details IN (0, 1));
ALTER TABLE users ADD COLUMN keep_notes INTEGER NOT NULL DEFAULT 0 CHECK (keep_notes IN (0, 1));

-- The board's liveness in one indexed range: a streak may be alive on a day up
-- to last_day + 1 + freezes. Kept in step with the streak by the store.
ALTER TABLE memberships ADD COLUMN alive_until TEXT;
UPDATE memberships SET alive_until = date(last_day, '+' || (1 + freezes) || ' days') WHERE last_day IS NOT NULL;
DROP INDEX memberships_live;
CREATE INDEX memberships_board ON memberships (scope, alive_until, current DESC, total_days DESC);

-- Which linked identity made an attempt (so `unlink` can give history back).
ALTER TABLE attempts ADD COLUMN identity_key TEXT;
UPDATE attempts SET identity_key = user_key;

-- The question last shown to everyone in a channel (a posted question, the daily post).
CREATE TABLE channel_shown (
  channel_key  TEXT PRIMARY KEY,
  question_id  TEXT NOT NULL,
  shown_at     TEXT NOT NULL
) WITHOUT ROWID;

-- The durable inbox: written before a platform is told "accepted".
CREATE TABLE inbox (
  id           INTEGER PRIMARY KEY,
  platform     TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  event        TEXT NOT NULL,
  reply_to     TEXT,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  outcome      TEXT,
  accepted_at  TEXT NOT NULL,
  done_at      TEXT,
  UNIQUE (platform, external_id)
);
CREATE INDEX inbox_pending ON inbox (platform, id) WHERE state = 'pending';
CREATE INDEX inbox_done ON inbox (accepted_at) WHERE state = 'done';

-- Who changed a channel's schedule, what and when (`schedule history`).
CREATE TABLE schedule_changes (
  id           INTEGER PRIMARY KEY,
  channel_key  TEXT NOT NULL,
  actor        TEXT,
  action       TEXT NOT NULL,
  detail       TEXT NOT NULL,
  at           TEXT NOT NULL
);
CREATE INDEX schedule_changes_by_channel ON schedule_changes (channel_key, id);
CREATE INDEX schedule_changes_by_actor ON schedule_changes (actor);

-- Written answers, kept only for people who turned notes on.
CREATE TABLE written_answers (
  user_key     TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  question_id  TEXT NOT NULL,
  text         TEXT NOT NULL,
  suggested    TEXT NOT NULL CHECK (suggested IN ('knew', 'partly', 'missed')),
  written_at   TEXT NOT NULL,
  PRIMARY KEY (user_key, question_id)
) WITHOUT ROWID;

-- "Report a problem" with a question, with the bank version it was about.
CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  question_id   TEXT NOT NULL,
  bank_version  TEXT NOT NULL,
  reporter      TEXT,
  scope         TEXT NOT NULL,
  text          TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  reported_at   TEXT NOT NULL
);
CREATE INDEX reports_open ON reports (question_id) WHERE state = 'open';
CREATE INDEX reports_by_reporter ON reports (reporter, reported_at);

-- Linked identities: several platform identities practise as one learner (the primary key).
CREATE TABLE identities (
  identity_key  TEXT PRIMARY KEY,
  learner_key   TEXT NOT NULL,
  linked_at     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX identities_by_learner ON identities (learner_key);

-- One-time link codes (stored hashed) and attempts to use one, for the hourly limits.
CREATE TABLE link_codes (
  code_hash    TEXT PRIMARY KEY,
  learner_key  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  used_at      TEXT,
  used_by      TEXT
) WITHOUT ROWID;
CREATE INDEX link_codes_by_learner ON link_codes (learner_key, created_at);
CREATE TABLE link_attempts (
  id            INTEGER PRIMARY KEY,
  identity_key  TEXT NOT NULL,
  at            TEXT NOT NULL
);
CREATE INDEX link_attempts_by_identity ON link_attempts (identity_key, at);

-- Finished mock sessions are pruned after a while.
CREATE INDEX mock_sessions_finished ON mock_sessions (finished_at) WHERE state <> 'active';

-- Per-installation secrets (Slack OAuth bot tokens), sealed with
-- TOKEN_ENCRYPTION_KEY: the database never holds a token in plain text.
CREATE TABLE secrets (
  name        TEXT PRIMARY KEY,
  scope       TEXT NOT NULL,
  sealed      TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX attempts_by_scope_day ON attempts (scope, local_date);
