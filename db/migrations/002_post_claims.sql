-- Daily-post claims (issue 6). A `pending` post row is owned by whoever claimed
-- it until `not_before`; after that anyone may (re)claim it. The same column
-- holds a transient failure's retry time, so "in flight", "waiting to retry"
-- and "orphaned by a crash" are all one rule: claimable when not_before <= now.
ALTER TABLE posts ADD COLUMN claimed_by TEXT;
ALTER TABLE posts ADD COLUMN not_before TEXT;
ALTER TABLE posts ADD COLUMN last_attempt_at TEXT;
ALTER TABLE posts ADD COLUMN error_kind TEXT CHECK (error_kind IN ('permanent', 'transient'));

-- runDue reads the posts of the last two days in one query each minute.
CREATE INDEX posts_by_local_date ON posts (local_date);
