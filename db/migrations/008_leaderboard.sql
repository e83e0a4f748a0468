-- Leaderboard at scale (issue 7 benchmark). "Top current streaks in a
-- workspace" joined every member of the scope to their streak and sorted:
-- fine for 50 members, ~20 ms for 10,000. Each membership now carries a copy
-- of its user's streak (kept in step by the store in the same transaction as
-- the streak itself), so the query reads only the scope's recently active
-- members from one covering index.
ALTER TABLE memberships ADD COLUMN current INTEGER NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN total_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN last_day TEXT;
ALTER TABLE memberships ADD COLUMN freezes INTEGER NOT NULL DEFAULT 0;

UPDATE memberships
SET (current, total_days, last_day, freezes) =
  (SELECT s.current, s.total_days, s.last_day, s.freezes FROM streaks s WHERE s.user_key = memberships.user_key)
WHERE EXISTS (SELECT 1 FROM streaks s WHERE s.user_key = memberships.user_key);

-- Saving a streak updates every membership of that user.
CREATE INDEX memberships_by_user ON memberships (user_key);
-- The scope's members active since a day, with what ranking needs (user_key comes with the primary key).
CREATE INDEX memberships_live ON memberships (scope, last_day, current, total_days, freezes);
