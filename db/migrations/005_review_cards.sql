-- Spaced repetition (issue 7): one FSRS card per user × question, every field
-- of ts-fsrs's Card stored as is so the scheduler state round-trips exactly.
-- Instants are milliseconds since the epoch: exact for a JS Date, compact at
-- a million rows, and they compare as numbers in the due index.
-- No STRICT: integer-looking fields keep any fraction FSRS might produce.
CREATE TABLE review_cards (
  user_key        TEXT NOT NULL REFERENCES users (user_key) ON DELETE CASCADE,
  question_id     TEXT NOT NULL,
  due             INTEGER NOT NULL,
  stability       REAL NOT NULL,
  difficulty      REAL NOT NULL,
  elapsed_days    INTEGER NOT NULL,
  scheduled_days  INTEGER NOT NULL,
  learning_steps  INTEGER NOT NULL,
  reps            INTEGER NOT NULL,
  lapses          INTEGER NOT NULL,
  state           INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3)),
  last_review     INTEGER,
  PRIMARY KEY (user_key, question_id)
) WITHOUT ROWID;

-- "The due cards of a user, most overdue first" and "how many are due" are
-- range scans of this index; it carries question_id, so neither reads the table.
CREATE INDEX review_cards_due ON review_cards (user_key, due);

-- Where the question a user last saw came from (d = daily/question, r = review,
-- m<n> = mock session n), so the text path (`answer`, then `knew`) continues a
-- review or mock exactly as the buttons do. NULL for rows written before.
ALTER TABLE last_shown ADD COLUMN source TEXT;
