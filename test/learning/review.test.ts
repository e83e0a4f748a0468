import { createEmptyCard } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { gradeAction, revealAction } from '../../src/core/actions.js';
import type { CoreDeps } from '../../src/core/context.js';
import { endOfLocalDay } from '../../src/core/learning/fsrs.js';
import { progressFor } from '../../src/core/usecases/progress.js';
import { dueReviewList } from '../../src/core/usecases/review.js';
import { makeDeps, press, run } from '../support/core.js';
import { revealIn, text } from './helpers.js';

const USER = 'test:alice';

/** Puts a card for `id` due at `due` (as if graded earlier). */
async function dueCard(deps: CoreDeps, id: string, due: string): Promise<void> {
  await deps.store.people.touch(USER, 'alice', new Date('2026-01-01T00:00:00Z'));
  await deps.store.practice.saveCard(USER, id, { ...createEmptyCard(new Date(due)), reps: 1, state: 2, stability: 2, difficulty: 5, scheduled_days: 2, last_review: new Date(Date.parse(due) - 2 * 86_400_000) });
}

describe('the review queue', () => {
  it('is the cards due by the end of the user’s local day, most overdue first, ties by id', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await dueCard(deps, 's3-versioning', '2026-03-09T08:00:00Z');
    await dueCard(deps, 'iam-roles', '2026-03-08T08:00:00Z');
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    await dueCard(deps, 'iam-boundaries', '2026-03-10T23:30:00Z'); // later today (UTC): still due today
    await dueCard(deps, 'vpc-peering-edge', '2026-03-11T00:30:00Z'); // tomorrow
    const cutoff = endOfLocalDay(deps.clock.now(), 'UTC');
    expect((await deps.store.practice.dueReviews(USER, cutoff, 10)).map((d) => d.questionId)).toEqual([
      'iam-roles',
      's3-versioning',
      'vpc-basics',
      'iam-boundaries',
    ]);
    expect(await deps.store.practice.countDue(USER, cutoff)).toBe(4);
  });

  it('"today" follows the user’s zone: a card due 23:30 UTC is tomorrow in Tokyo, today in Los Angeles', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' }); // 21:00 Tokyo, 05:00 LA
    await dueCard(deps, 'vpc-basics', '2026-03-10T23:30:00Z'); // Tokyo: 08:30 on the 11th; LA: 16:30 on the 10th
    await run(deps, 'timezone Asia/Tokyo');
    expect(text((await run(deps, 'review')).reply)).toContain('No reviews due today');
    await run(deps, 'timezone America/Los_Angeles');
    expect(revealIn((await run(deps, 'review')).reply)).toEqual({ questionId: 'vpc-basics', source: 'r' });
  });

  it('review shows the next due question privately with a reveal button (source r)', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await dueCard(deps, 'iam-roles', '2026-03-08T08:00:00Z');
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    const r = await run(deps, 'review');
    expect(r.status).toBe('ok');
    expect(r.delivery).toBe('private');
    expect(r.reply.visibility).toBe('private');
    expect(r.reply.blocks[0]).toEqual({ kind: 'heading', text: 'Review — 2 due today' });
    expect(revealIn(r.reply)).toEqual({ questionId: 'iam-roles', source: 'r' });
  });

  it('buttons: reveal → grade shows the next due one, then says the queue is empty', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await dueCard(deps, 'iam-roles', '2026-03-08T08:00:00Z');
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    const answer = await press(deps, revealAction('iam-roles', 'r'));
    expect(answer.reply.blocks.find((b) => b.kind === 'actions')).toMatchObject({ buttons: [{ action: 'grade:iam-roles:knew:r' }, {}, {}] });
    const first = await press(deps, gradeAction('iam-roles', 'knew', 'r'));
    expect(first.reply.fallbackText).toMatch(/^Recorded: Knew it\..*Review — 1 due today/);
    expect(revealIn(first.reply)).toEqual({ questionId: 'vpc-basics', source: 'r' });
    const second = await press(deps, gradeAction('vpc-basics', 'missed', 'r'));
    expect(revealIn(second.reply)).toBeNull();
    expect(text(second.reply)).toContain('No reviews due today. The next one comes back tomorrow.');
  });

  it('text: review → answer → knew continues the same way', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await dueCard(deps, 'iam-roles', '2026-03-08T08:00:00Z');
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    await run(deps, 'review');
    const a = await run(deps, 'answer');
    expect(a.reply.fallbackText).toContain('iam-roles is a test answer');
    const g = await run(deps, 'knew');
    expect(revealIn(g.reply)).toEqual({ questionId: 'vpc-basics', source: 'r' });
    await run(deps, 'answer');
    const last = await run(deps, 'grade partly');
    expect(text(last.reply)).toContain('No reviews due today');
  });

  it('a same-day repeat grade of a still-due card does not bring it straight back', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    // Graded today (outside the queue) before its card existed: the card stays due.
    await press(deps, gradeAction('iam-roles', 'knew'));
    await dueCard(deps, 'iam-roles', '2026-03-08T08:00:00Z');
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    const r = await press(deps, gradeAction('iam-roles', 'knew', 'r'));
    expect(r.reply.fallbackText).toMatch(/^Already graded today/);
    expect(revealIn(r.reply)).toEqual({ questionId: 'vpc-basics', source: 'r' });
    expect(r.reply.blocks).toContainEqual({ kind: 'heading', text: 'Review — 1 due today' });
  });

  it('an empty queue says so; questions removed from the bank are skipped', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    expect(text((await run(deps, 'review')).reply)).toContain('Your review queue is empty');
    await dueCard(deps, 'retired-question', '2026-03-01T08:00:00Z');
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    expect(revealIn((await run(deps, 'review')).reply)?.questionId).toBe('vpc-basics');
  });

  it('every grade feeds the queue: a missed question is due tomorrow', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await run(deps, 'question storage');
    await run(deps, 'answer');
    await run(deps, 'missed');
    expect(text((await run(deps, 'review')).reply)).toContain('comes back tomorrow');
    deps.clock.set('2026-03-11T06:00:00Z'); // tomorrow morning, before the grade's time of day
    expect(revealIn((await run(deps, 'review')).reply)).toEqual({ questionId: 's3-versioning', source: 'r' });
  });
});

describe('the due count is shown where progress is', () => {
  it('in streak and in progressFor (Slack App Home, console)', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await dueCard(deps, 'iam-roles', '2026-03-08T08:00:00Z');
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    await dueCard(deps, 's3-versioning', '2026-03-20T08:00:00Z');
    expect((await progressFor(deps, USER, '2026-03-10', 'UTC')).dueReviews).toBe(2);
    const body = text((await run(deps, 'streak')).reply);
    expect(body).toContain('Reviews due today: 2');
    expect(body).toContain('2 reviews due today — type `review`');
  });

  it('as a list for the Slack App Home, most overdue first, without removed questions', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await dueCard(deps, 'vpc-basics', '2026-03-09T08:00:00Z');
    await dueCard(deps, 'retired-question', '2026-03-08T08:00:00Z');
    await dueCard(deps, 'iam-roles', '2026-03-08T09:00:00Z');
    await dueCard(deps, 's3-versioning', '2026-03-20T08:00:00Z');
    expect(await dueReviewList(deps, USER)).toEqual([
      { questionId: 'iam-roles', question: 'What is iam-roles?' },
      { questionId: 'vpc-basics', question: 'What is vpc-basics?' },
    ]);
  });

  it('someone else’s queue is not shown in their streak', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('vpc-basics', 'knew')); // alice practises here…
    await run(deps, 'share on'); // …and lets others see her details
    await dueCard(deps, 'iam-roles', '2026-03-08T08:00:00Z');
    const own = text((await run(deps, 'streak')).reply);
    expect(own).toContain('Reviews due today: 1');
    const seenByBob = text((await run(deps, 'streak @alice', { user: 'test:bob', name: 'bob' })).reply);
    expect(seenByBob).toContain('Progress of alice');
    expect(seenByBob).toContain('Questions graded: 1');
    expect(seenByBob).not.toContain('Reviews due');
    expect(seenByBob).not.toContain('review due');
  });
});
