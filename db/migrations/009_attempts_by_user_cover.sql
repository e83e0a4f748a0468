-- Per-user reads of attempts (issue 7 benchmark): `streak` (practised days,
-- accuracy by topic, count) and `export` (latest grade per question) read
-- every attempt of one user. Rows are stored in grading order, so a
-- long-time user's attempts sit on as many pages as they have grades; this
-- index holds everything those queries need, side by side, and replaces
-- attempts_by_user_date (the same leading columns, so nothing loses).
CREATE INDEX attempts_by_user_day ON attempts (user_key, local_date, question_id, grade);
DROP INDEX attempts_by_user_date;
