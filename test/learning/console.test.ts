/** Learning features in the console: due reviews and the day's reminder at start, a mock, and export written to disk. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmptyCard } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_USER } from '../../src/adapters/console/normalize.js';
import { makeDeps } from '../support/core.js';
import { consoleSession } from '../console/session.js';

async function withDueCard(deps = makeDeps({ now: '2026-03-10T12:00:00Z' })) {
  await deps.store.people.touch(CONSOLE_USER, 'you', deps.clock.now());
  await deps.store.practice.saveCard(CONSOLE_USER, 'iam-roles', { ...createEmptyCard(new Date('2026-03-09T12:00:00Z')), state: 2, reps: 1 });
  return deps;
}

describe('console', () => {
  it('starts with the due reviews, and review → answer → grade runs the queue', async () => {
    const deps = await withDueCard();
    const { out } = await consoleSession(['review', 'answer', '2'], { deps });
    expect(out).toContain('Due reviews (1)\n• What is iam-roles? (id iam-roles)');
    expect(out).toContain('🔁 1 review due today — type "review".');
    expect(out).toContain('== Review — 1 due today ==');
    expect(out).toContain("> Grade yourself: 1 = Knew it · 2 = Partly · 3 = Didn't know");
    expect(out).toContain('No reviews due today. The next one comes back');
  });

  it('for a person who turned reminders on, the start shows the day’s reminder once a day (the console has no DMs)', async () => {
    const deps = await withDueCard();
    await deps.store.people.setPreferences(CONSOLE_USER, { remind: true });
    const first = await consoleSession([], { deps });
    expect(first.out).toContain('⏰ Reminder: you have 1 review due today — type "review".');
    const again = await consoleSession([], { deps });
    expect(again.out).not.toContain('⏰ Reminder');
    expect(again.out).toContain('🔁 1 review due today — type "review".');
    expect(deps.store.db.prepare('SELECT user_key, local_date, state FROM nudges').all()).toEqual([{ user_key: CONSOLE_USER, local_date: '2026-03-10', state: 'sent' }]);
  });

  it('a whole mock by typing, then export writes the Markdown notes to the files folder', async () => {
    const { out, filesDir } = await consoleSession(['mock iam 2', 'answer', '3', 'answer', '2', 'export'], { deps: makeDeps({ now: '2026-03-10T12:00:00Z' }) });
    expect(out).toContain('== Mock interview — question 1 of 2 ==');
    expect(out).toContain('== Mock interview — question 2 of 2 ==');
    expect(out).toContain('== Mock interview — summary ==');
    expect(out).toContain('Score: 0.5/2 (25%)');
    expect(out).toContain(`Saved ${join(filesDir, 'aws-interview-notes-2026-03-10.md')}`);
    expect(readdirSync(filesDir)).toEqual(['aws-interview-notes-2026-03-10.md']);
    const md = readFileSync(join(filesDir, 'aws-interview-notes-2026-03-10.md'), 'utf8');
    expect(md).toContain('# AWS interview notes');
    expect(md).toContain('## IAM');
  });
});
