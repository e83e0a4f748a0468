import { describe, expect, it } from 'vitest';
import { gradeAction, revealAction } from '../../src/core/actions.js';
import { QuestionBank } from '../../src/core/bank.js';
import { pickMockQuestions, summarizeMock } from '../../src/core/learning/mock.js';
import type { Grade } from '../../src/core/model.js';
import { TOPICS } from '../../src/content/topics.js';
import { fixtureBank, fixtureQuestion, makeDeps, press, run, runNamed, tableCounts } from '../support/core.js';
import { revealIn, text } from './helpers.js';

/** A bigger bank: 4 topics × 3 levels × 2 questions. */
function bigBank(): QuestionBank {
  const qs = ['networking', 'iam', 'storage', 'databases'].flatMap((topic) =>
    (['associate', 'professional', 'lead'] as const).flatMap((level) => [1, 2].map((i) => fixtureQuestion(`${topic}-${level}-${i}`, topic, level))),
  );
  return new QuestionBank(qs, TOPICS);
}

describe('choosing mock questions', () => {
  it('spreads across levels and orders them associate → lead', () => {
    const picked = pickMockQuestions(bigBank().questions, 5, 'seed');
    expect(picked).toHaveLength(5);
    expect(new Set(picked.map((q) => q.level))).toEqual(new Set(['associate', 'professional', 'lead']));
    const order = picked.map((q) => ['associate', 'professional', 'lead'].indexOf(q.level));
    expect(order).toEqual([...order].sort());
    expect(new Set(picked.map((q) => q.id)).size).toBe(5);
  });

  it('is reproducible for a seed and varies between seeds', () => {
    const bank = bigBank().questions;
    expect(pickMockQuestions(bank, 6, 'a')).toEqual(pickMockQuestions(bank, 6, 'a'));
    const variants = new Set(['a', 'b', 'c', 'd', 'e'].map((s) => pickMockQuestions(bank, 3, s).map((q) => q.id).join()));
    expect(variants.size).toBeGreaterThan(1);
  });

  it('takes what there is when the pool is smaller than n', () => {
    expect(pickMockQuestions(fixtureBank().filter({ topics: ['storage'] }), 5, 's')).toHaveLength(1);
  });
});

describe('the summary (pure)', () => {
  it('scores, finds the weakest topics and gathers reading, docs first', () => {
    const bank = bigBank();
    const g = (id: string, grade: Grade) => ({ question: bank.get(id)!, grade });
    const s = summarizeMock([
      g('networking-associate-1', 'knew'),
      g('iam-associate-1', 'missed'),
      g('iam-professional-1', 'partly'),
      g('storage-lead-1', 'partly'),
    ]);
    expect(s).toMatchObject({ asked: 4, knew: 1, partly: 2, missed: 1, points: 2, percent: 50 });
    expect(s.weakest.map((t) => [t.topic, t.accuracy])).toEqual([
      ['iam', 0.25],
      ['storage', 0.5],
    ]);
    expect(s.toReview.map((x) => x.question.id)).toEqual(['iam-associate-1', 'iam-professional-1', 'storage-lead-1']);
    // The fixture links are the same two URLs everywhere: de-duplicated, docs before video.
    expect(s.reading.map((l) => l.type)).toEqual(['docs', 'video']);
  });
});

describe('a mock interview', () => {
  it('buttons: n questions, reveal and grade each, then a summary; partly/missed join the review queue', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z', bank: bigBank() });
    const start = await run(deps, 'mock 3');
    expect(start.status).toBe('ok');
    expect(start.delivery).toBe('private');
    expect(start.reply.visibility).toBe('private');
    expect(start.reply.blocks[0]).toEqual({ kind: 'heading', text: 'Mock interview — question 1 of 3' });
    expect(text(start.reply)).toContain('3 questions, from associate to tech lead');

    const grades: Grade[] = ['knew', 'missed', 'partly'];
    let reply = start.reply;
    const asked: string[] = [];
    for (const [i, grade] of grades.entries()) {
      const shown = revealIn(reply)!;
      expect(shown.source).toMatch(/^m\d+$/);
      asked.push(shown.questionId);
      const answer = await press(deps, revealAction(shown.questionId, shown.source));
      expect(answer.reply.visibility).toBe('private');
      reply = (await press(deps, gradeAction(shown.questionId, grade, shown.source))).reply;
      if (i < 2) expect(reply.blocks).toContainEqual({ kind: 'heading', text: `Mock interview — question ${i + 2} of 3` });
    }
    const summary = text(reply);
    expect(reply.blocks).toContainEqual({ kind: 'heading', text: 'Mock interview — summary' });
    expect(summary).toContain('Score: 1.5/3 (50%) — 1 knew · 1 partly · 1 missed');
    expect(summary).toContain('Weakest topics:');
    expect(summary).toContain('Read next:');
    expect(summary).toContain('https://docs.aws.amazon.com/');
    expect(summary).toContain(`Added to your review queue:`);
    expect(summary).toContain(`(missed; review tomorrow) — \`${asked[1]}\``);
    expect(summary).toContain(`(partly; review in`);
    expect(summary).not.toContain(asked[0]);
    // Grades count as practice: attempts, streak and FSRS cards.
    expect(await deps.store.practice.countAttempts('test:alice')).toBe(3);
    expect(await deps.store.practice.getCard('test:alice', asked[1]!)).not.toBeNull();
    expect((await deps.store.people.getStreak('test:alice')).current).toBe(1);
    expect(deps.store.db.prepare("SELECT state FROM mock_sessions").all()).toEqual([{ state: 'finished' }]);
  });

  it('text: mock → answer → grade walks the same session (console)', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z', bank: bigBank() });
    await run(deps, 'mock iam 2');
    await run(deps, 'answer');
    const second = await run(deps, 'knew');
    expect(second.reply.blocks).toContainEqual({ kind: 'heading', text: 'Mock interview — question 2 of 2' });
    const a = await run(deps, 'answer');
    expect(a.reply.blocks.find((b) => b.kind === 'actions')).toMatchObject({ buttons: [{ action: expect.stringMatching(/:knew:m\d+$/) }, {}, {}] });
    const done = await run(deps, '3');
    expect(text(done.reply)).toContain('Score: 1/2 (50%)');
    expect(text(done.reply)).toMatch(/Weakest topics: IAM 50%/);
  });

  it('defaults to 5 questions, across all topics; a topic with fewer questions makes a shorter mock', async () => {
    const deps = makeDeps({ bank: bigBank() });
    const five = await runNamed(deps, 'mock', {});
    expect(five.reply.blocks[0]).toEqual({ kind: 'heading', text: 'Mock interview — question 1 of 5' });
    const small = makeDeps();
    const one = await run(small, 'mock storage 4');
    expect(one.reply.blocks[0]).toEqual({ kind: 'heading', text: 'Mock interview — question 1 of 1' });
    expect(text(one.reply)).toContain('This topic has only 1 question, so the mock is shorter than 4.');
  });

  it('Discord-style typed options go through the same schema', async () => {
    const deps = makeDeps({ bank: bigBank() });
    const r = await runNamed(deps, 'mock', { topic: 'databases', n: 2 });
    expect(r.reply.blocks[0]).toEqual({ kind: 'heading', text: 'Mock interview — question 1 of 2' });
    expect(revealIn(r.reply)?.questionId).toMatch(/^databases-/);
  });

  it('a new mock abandons the unfinished one; its buttons then count as everyday practice', async () => {
    const deps = makeDeps({ bank: bigBank() });
    const old = revealIn((await run(deps, 'mock 3')).reply)!;
    await run(deps, 'mock 2');
    const r = await press(deps, gradeAction(old.questionId, 'knew', old.source));
    expect(r.status).toBe('ok');
    expect(text(r.reply)).toContain('That mock interview is over');
    expect(deps.store.db.prepare('SELECT state FROM mock_sessions ORDER BY id').all()).toEqual([{ state: 'abandoned' }, { state: 'active' }]);
  });

  it('someone else’s (or a forged) session id never advances that session', async () => {
    const deps = makeDeps({ bank: bigBank() });
    const shown = revealIn((await run(deps, 'mock 3')).reply)!;
    const r = await press(deps, gradeAction(shown.questionId, 'knew', shown.source), { user: 'test:mallory', name: 'mallory' });
    expect(text(r.reply)).toContain('That mock interview is over');
    expect(deps.store.db.prepare('SELECT COUNT(*) AS n FROM mock_items WHERE grade IS NOT NULL').get()).toEqual({ n: 0 });
    const forged = await press(deps, gradeAction(shown.questionId, 'knew', 'm999999'));
    expect(text(forged.reply)).toContain('That mock interview is over');
  });

  it('a double click on a grade does not grade the next question', async () => {
    const deps = makeDeps({ bank: bigBank() });
    const first = revealIn((await run(deps, 'mock 3')).reply)!;
    await press(deps, gradeAction(first.questionId, 'knew', first.source));
    const again = await press(deps, gradeAction(first.questionId, 'missed', first.source));
    expect(again.reply.blocks).toContainEqual({ kind: 'heading', text: 'Mock interview — question 2 of 3' });
    expect(deps.store.db.prepare('SELECT grade FROM mock_items ORDER BY position').all()).toEqual([
      { grade: 'knew' },
      { grade: null },
      { grade: null },
    ]);
  });

  it('bad input is refused privately and changes nothing', async () => {
    const deps = makeDeps();
    await run(deps, 'question');
    const before = tableCounts(deps.store);
    for (const [input, expected] of [
      ['mock 0', /A mock interview has 1 to 10 questions/],
      ['mock 99', /A mock interview has 1 to 10 questions/],
      ['mock iam 2.5', /A mock interview has 1 to 10 questions/],
      ['mock -3', /A mock interview has 1 to 10 questions/],
      ['mock netwrking', /There is no topic "netwrking"\. Topics: networking/],
      ['mock iam 3 extra', /I did not understand "extra"/],
    ] as const) {
      const r = await run(deps, input);
      expect(r.status, input).toBe('user_error');
      expect(r.delivery, input).toBe('private');
      expect(r.reply.visibility).toBe('private');
      expect(r.reply.fallbackText, input).toMatch(expected);
      expect(tableCounts(deps.store), input).toEqual(before);
    }
    const typed = await runNamed(deps, 'mock', { n: 11 });
    expect(typed.status).toBe('user_error');
    expect(tableCounts(deps.store)).toEqual(before);
  });
});
