-- Users are platform-scoped identities: slack:T123:U456, discord:789, console:local.
CREATE TABLE users (
  user_key      TEXT PRIMARY KEY,
  display_name  TEXT,
  timezone      TEXT,
  remind        INTEGER NOT NULL DEFAULT 0 CHECK (remind IN (0, 1)),
  created_at    TEXT NOT NULL
);

-- Which workspace / server a user practised in: the leaderboard's scope.
CREATE TABLE memberships (
  scope     TEXT NOT NULL,
  user_key  TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  PRIMARY KEY (scope, user_key)
) WITHOUT ROWID;

-- Self-grades. The unique key makes a double click count once.
CREATE TABLE attempts (
  id           INTEGER PRIMARY KEY,
  user_key     TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  question_id  TEXT NOT NULL,
  local_date   TEXT NOT NULL,
  grade        TEXT NOT NULL CHECK (grade IN ('knew', 'partly', 'missed')),
  scope        TEXT NOT NULL,
  channel_key  TEXT NOT NULL,
  graded_at    TEXT NOT NULL,
  UNIQUE (user_key, question_id, local_date)
);
CREATE INDEX attempts_by_user_date ON attempts (user_key, local_date);

CREATE TABLE streaks (
  user_key    TEXT PRIMARY KEY REFERENCES users (user_key) ON DELETE CASCADE,
  current     INTEGER NOT NULL,
  longest     INTEGER NOT NULL,
  total_days  INTEGER NOT NULL,
  last_day    TEXT,
  freezes     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL
);
CREATE INDEX streaks_rank ON streaks (current DESC, total_days DESC);

-- The last question a user saw in a channel: `answer` without an id reveals it.
CREATE TABLE last_shown (
  user_key     TEXT NOT NULL,
  channel_key  TEXT NOT NULL,
  question_id  TEXT NOT NULL,
  shown_at     TEXT NOT NULL,
  PRIMARY KEY (user_key, channel_key)
) WITHOUT ROWID;

-- A channel's question of the day. `cycle` counts passes through the bank, so
-- nothing repeats in a channel until every candidate has been used.
CREATE TABLE channel_daily (
  channel_key  TEXT NOT NULL,
  local_date   TEXT NOT NULL,
  question_id  TEXT NOT NULL,
  cycle        INTEGER NOT NULL,
  PRIMARY KEY (channel_key, local_date)
) WITHOUT ROWID;
CREATE INDEX channel_daily_cycle ON channel_daily (channel_key, cycle);

-- One subscription per channel.
CREATE TABLE subscriptions (
  id               INTEGER PRIMARY KEY,
  platform         TEXT NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
  scope            TEXT NOT NULL,
  channel_key      TEXT NOT NULL UNIQUE,
  channel_ref      TEXT NOT NULL,
  post_time        TEXT NOT NULL,
  timezone         TEXT NOT NULL,
  days             TEXT NOT NULL,
  topics           TEXT NOT NULL DEFAULT '',
  level            TEXT CHECK (level IN ('associate', 'professional', 'lead')),
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing')),
  last_error       TEXT,
  last_outcome_at  TEXT
);

-- The daily post's idempotency key: one row per subscription and local day,
-- written before sending and completed with the message id after.
CREATE TABLE posts (
  id               INTEGER PRIMARY KEY,
  subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  local_date       TEXT NOT NULL,
  question_id      TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  message_id       TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  created_at       TEXT NOT NULL,
  sent_at          TEXT,
  UNIQUE (subscription_id, local_date)
);
