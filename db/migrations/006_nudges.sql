-- Review reminders (issue 7). A nudge is claimed (inserted) before it is sent;
-- the unique key makes a restart, an overlapping tick or a second process
-- unable to nudge the same user twice on the same local day.
CREATE TABLE nudges (
  id          INTEGER PRIMARY KEY,
  user_key    TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  local_date  TEXT NOT NULL,
  due_count   INTEGER NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
  detail      TEXT,
  claimed_at  TEXT NOT NULL,
  finished_at TEXT,
  UNIQUE (user_key, local_date)
);

-- The reminder runner looks at opted-in users only, every minute.
CREATE INDEX users_reminded ON users (user_key) WHERE remind = 1;
