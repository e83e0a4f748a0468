-- Mock interviews (issue 7): a private run of n questions, graded one by one.
-- A user has at most one active session; starting another abandons it.
CREATE TABLE mock_sessions (
  id           INTEGER PRIMARY KEY,
  user_key     TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  topic        TEXT,
  state        TEXT NOT NULL CHECK (state IN ('active', 'finished', 'abandoned')),
  started_at   TEXT NOT NULL,
  finished_at  TEXT
);
CREATE INDEX mock_sessions_active ON mock_sessions (user_key) WHERE state = 'active';

CREATE TABLE mock_items (
  session_id   INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  question_id  TEXT NOT NULL,
  grade        TEXT CHECK (grade IN ('knew', 'partly', 'missed')),
  graded_at    TEXT,
  PRIMARY KEY (session_id, position)
) WITHOUT ROWID;
