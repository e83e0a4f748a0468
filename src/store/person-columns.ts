/**
 * Every column, in every table of both engines, that can hold a person's key.
 * `mydata` exports these rows and `forget-me` erases them;
 * test/store/privacy.test.ts walks the live schema and fails when a table
 * still refers to a person after forgetting — so a new table holding people's
 * data must be added here to pass.
 */
/** table, column, and what forgetting does: delete the row, or clear the column (the row is not theirs). */
export const PERSON_COLUMNS: readonly { table: string; column: string; forget: 'delete' | 'clear' }[] = [
  { table: 'attempts', column: 'user_key', forget: 'delete' },
  { table: 'attempts', column: 'identity_key', forget: 'delete' },
  { table: 'streaks', column: 'user_key', forget: 'delete' },
  { table: 'memberships', column: 'user_key', forget: 'delete' },
  { table: 'last_shown', column: 'user_key', forget: 'delete' },
  { table: 'review_cards', column: 'user_key', forget: 'delete' },
  { table: 'nudges', column: 'user_key', forget: 'delete' },
  { table: 'mock_sessions', column: 'user_key', forget: 'delete' },
  { table: 'written_answers', column: 'user_key', forget: 'delete' },
  { table: 'reports', column: 'reporter', forget: 'delete' },
  { table: 'identities', column: 'identity_key', forget: 'delete' },
  { table: 'identities', column: 'learner_key', forget: 'delete' },
  { table: 'link_codes', column: 'learner_key', forget: 'delete' },
  { table: 'link_codes', column: 'used_by', forget: 'delete' },
  { table: 'link_attempts', column: 'identity_key', forget: 'delete' },
  { table: 'schedule_changes', column: 'actor', forget: 'clear' },
  { table: 'subscriptions', column: 'created_by', forget: 'clear' },
  { table: 'users', column: 'user_key', forget: 'delete' },
];
