-- The whole schema on PostgreSQL, equal to SQLite's after 001-010.
-- Instants are ISO-8601 text (as on SQLite, so both compare them the same
-- way); review card instants are epoch milliseconds (BIGINT).

CREATE TABLE users (
  user_key          TEXT PRIMARY KEY,
  display_name      TEXT,
  timezone          TEXT,
  remind            INTEGER NOT NULL DEFAULT 0 CHECK (remind IN (0, 1)),
  created_at        TEXT NOT NULL,
  profile_timezone  TEXT,
  on_boards         INTEGER NOT NULL DEFAULT 1 CHECK (on_boards IN (0, 1)),
  share_details     INTEGER NOT NULL DEFAULT 0 CHECK (share_details IN (0, 1)),
  keep_notes        INTEGER NOT NULL DEFAULT 0 CHECK (keep_notes IN (0, 1))
);
CREATE INDEX users_reminded ON users (user_key) WHERE remind = 1;

CREATE TABLE memberships (
  scope        TEXT NOT NULL,
  user_key     TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  current      INTEGER NOT NULL DEFAULT 0,
  total_days   INTEGER NOT NULL DEFAULT 0,
  last_day     TEXT,
  freezes      INTEGER NOT NULL DEFAULT 0,
  alive_until  TEXT,
  PRIMARY KEY (scope, user_key)
);
CREATE INDEX memberships_by_user ON memberships (user_key);
CREATE INDEX memberships_board ON memberships (scope, alive_until, current DESC, total_days DESC);

CREATE TABLE attempts (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_key      TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  identity_key  TEXT,
  question_id   TEXT NOT NULL,
  local_date    TEXT NOT NULL,
  grade         TEXT NOT NULL CHECK (grade IN ('knew', 'partly', 'missed')),
  scope         TEXT NOT NULL,
  channel_key   TEXT NOT NULL,
  graded_at     TEXT NOT NULL,
  UNIQUE (user_key, question_id, local_date)
);
CREATE INDEX attempts_by_user_day ON attempts (user_key, local_date, question_id, grade);
CREATE INDEX attempts_by_scope_day ON attempts (scope, local_date);

CREATE TABLE streaks (
  user_key    TEXT PRIMARY KEY REFERENCES users (user_key) ON DELETE CASCADE,
  current     INTEGER NOT NULL,
  longest     INTEGER NOT NULL,
  total_days  INTEGER NOT NULL,
  last_day    TEXT,
  freezes     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL
);

CREATE TABLE last_shown (
  user_key     TEXT NOT NULL,
  channel_key  TEXT NOT NULL,
  question_id  TEXT NOT NULL,
  shown_at     TEXT NOT NULL,
  source       TEXT,
  PRIMARY KEY (user_key, channel_key)
);

CREATE TABLE channel_daily (
  channel_key  TEXT NOT NULL,
  local_date   TEXT NOT NULL,
  question_id  TEXT NOT NULL,
  cycle        INTEGER NOT NULL,
  PRIMARY KEY (channel_key, local_date)
);
CREATE INDEX channel_daily_cycle ON channel_daily (channel_key, cycle);

CREATE TABLE channel_shown (
  channel_key  TEXT PRIMARY KEY,
  question_id  TEXT NOT NULL,
  shown_at     TEXT NOT NULL
);

CREATE TABLE subscriptions (
  id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
CREATE INDEX subscriptions_by_creator ON subscriptions (created_by);

CREATE TABLE posts (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id  BIGINT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
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
CREATE INDEX posts_by_local_date ON posts (local_date);

CREATE TABLE review_cards (
  user_key        TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  question_id     TEXT NOT NULL,
  due             BIGINT NOT NULL,
  stability       DOUBLE PRECISION NOT NULL,
  difficulty      DOUBLE PRECISION NOT NULL,
  elapsed_days    DOUBLE PRECISION NOT NULL,
  scheduled_days  DOUBLE PRECISION NOT NULL,
  learning_steps  DOUBLE PRECISION NOT NULL,
  reps            DOUBLE PRECISION NOT NULL,
  lapses          DOUBLE PRECISION NOT NULL,
  state           INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3)),
  last_review     BIGINT,
  PRIMARY KEY (user_key, question_id)
);
CREATE INDEX review_cards_due ON review_cards (user_key, due);

CREATE TABLE nudges (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_key     TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  local_date   TEXT NOT NULL,
  due_count    INTEGER NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
  detail       TEXT,
  claimed_at   TEXT NOT NULL,
  finished_at  TEXT,
  UNIQUE (user_key, local_date)
);

CREATE TABLE mock_sessions (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_key     TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  topic        TEXT,
  state        TEXT NOT NULL CHECK (state IN ('active', 'finished', 'abandoned')),
  started_at   TEXT NOT NULL,
  finished_at  TEXT
);
CREATE INDEX mock_sessions_active ON mock_sessions (user_key) WHERE state = 'active';
CREATE INDEX mock_sessions_finished ON mock_sessions (finished_at) WHERE state <> 'active';

CREATE TABLE mock_items (
  session_id   BIGINT NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  question_id  TEXT NOT NULL,
  grade        TEXT CHECK (grade IN ('knew', 'partly', 'missed')),
  graded_at    TEXT,
  PRIMARY KEY (session_id, position)
);

CREATE TABLE inbox (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

CREATE TABLE schedule_changes (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_key  TEXT NOT NULL,
  actor        TEXT,
  action       TEXT NOT NULL,
  detail       TEXT NOT NULL,
  at           TEXT NOT NULL
);
CREATE INDEX schedule_changes_by_channel ON schedule_changes (channel_key, id);
CREATE INDEX schedule_changes_by_actor ON schedule_changes (actor);

CREATE TABLE written_answers (
  user_key     TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  question_id  TEXT NOT NULL,
  text         TEXT NOT NULL,
  suggested    TEXT NOT NULL CHECK (suggested IN ('knew', 'partly', 'missed')),
  written_at   TEXT NOT NULL,
  PRIMARY KEY (user_key, question_id)
);

CREATE TABLE reports (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

CREATE TABLE identities (
  identity_key  TEXT PRIMARY KEY,
  learner_key   TEXT NOT NULL,
  linked_at     TEXT NOT NULL
);
CREATE INDEX identities_by_learner ON identities (learner_key);

CREATE TABLE link_codes (
  code_hash    TEXT PRIMARY KEY,
  learner_key  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  used_at      TEXT,
  used_by      TEXT
);
CREATE INDEX link_codes_by_learner ON link_codes (learner_key, created_at);

CREATE TABLE link_attempts (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  identity_key  TEXT NOT NULL,
  at            TEXT NOT NULL
);
CREATE INDEX link_attempts_by_identity ON link_attempts (identity_key, at);

CREATE TABLE secrets (
  name        TEXT PRIMARY KEY,
  scope       TEXT NOT NULL,
  sealed      TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
