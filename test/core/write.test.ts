/** "Say it, then check it" through the core: the form, the scored reply, notes on/off, mock interviews, bad input. */
import { describe, expect, it } from 'vitest';
import { QuestionBank } from '../../src/core/bank.js';
import { decodeAction, encodeForm } from '../../src/core/actions.js';
import type { Button } from '../../src/core/messages.js';
import type { Outcome } from '../../src/core/ports/inbound.js';
import { TOPICS } from '../../src/content/topics.js';
import { expectRejectedUnchanged, fixtureQuestion, makeDeps, press, run, submit, type TestDeps } from '../support/core.js';

function bank(): QuestionBank {
  const withPoints = (id: string) => ({
    ...fixtureQuestion(id, 'networking'),
    keypoints: [
      { point: 'Security groups are stateful', terms: ['security group + stateful', 'sg + stateful'], contradicts: ['security group + stateless'], central: true },
      { point: 'Network ACLs are stateless', terms: ['nacl + stateless', 'network acl + stateless'], contradicts: ['nacl + stateful'], central: true },
      { point: 'Security groups attach to network interfaces', terms: ['network interface', 'eni'] },
    ],
  });
  return new QuestionBank([withPoints('sg-vs-nacl'), withPoints('sg-vs-nacl-2'), fixtureQuestion('no-points', 'iam')], TOPICS, 'write-bank');
}

const buttonsOf = (o: Outcome): Button[] => o.reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
const writtenRows = (deps: TestDeps) => deps.store.db.prepare('SELECT user_key, question_id, text, suggested FROM written_answers').all();
const STRONG = 'A security group is stateful and sits on the ENI; a network ACL is stateless, so return traffic needs its own rule.';

describe('write my answer', () => {
  it('the question card offers the button; it opens a multi-line form of at most 3,000 characters', async () => {
    const deps = makeDeps({ bank: bank() });
    const shown = await run(deps, 'question networking');
    const write = buttonsOf(shown).find((b) => b.label === '✍️ Write my answer');
    expect(write).toBeDefined();
    const opened = await press(deps, write!.action);
    expect(opened.delivery).toBe('form');
    expect(opened.form?.fields).toEqual([expect.objectContaining({ multiline: true, maxLength: 3000 })]);
  });

  it('scores point by point, shows the model answer, and marks the suggested grade; the learner decides', async () => {
    const deps = makeDeps({ bank: bank() });
    const scored = await submit(deps, encodeForm({ type: 'answer', questionId: 'sg-vs-nacl' }), { answer: STRONG });
    expect(scored.status).toBe('ok');
    expect(scored.delivery).toBe('private');
    expect(scored.reply.fallbackText).toBe('Suggested grade: knew. 3 of 3 key points covered.');
    const text = JSON.stringify(scored.reply.blocks);
    expect(text).toContain('✅ Security groups are stateful');
    expect(text).toContain('sg-vs-nacl is a test answer');
    const grades = buttonsOf(scored).filter((b) => decodeAction(b.action).ok && b.action.startsWith('grade:'));
    expect(grades.map((b) => b.label)).toEqual(['Knew it (suggested)', 'Partly', "Didn't know"]);
    // The learner overrules the suggestion: their grade is what counts.
    const graded = await press(deps, grades[1]!.action);
    expect(graded.status).toBe('ok');
    expect(deps.store.db.prepare('SELECT grade FROM attempts').all()).toEqual([{ grade: 'partly' }]);
  });

  it('a contradiction of a central point is flagged with the words used, and never suggested "knew"', async () => {
    const deps = makeDeps({ bank: bank() });
    const scored = await run(deps, 'write sg-vs-nacl Security groups are stateful on the ENI, and NACLs are stateful too.');
    expect(scored.reply.fallbackText).toMatch(/^Suggested grade: missed\./);
    expect(JSON.stringify(scored.reply.blocks)).toMatch(/⚠️ Network ACLs are stateless — you wrote \\"[^"]*stateful/);
  });

  it('keeps the written answer only for people who turned notes on', async () => {
    const deps = makeDeps({ bank: bank() });
    const off = await run(deps, `write sg-vs-nacl ${STRONG}`);
    expect(JSON.stringify(off.reply.blocks)).toContain('Your answer was not stored');
    expect(writtenRows(deps)).toEqual([]);
    expect((await run(deps, 'notes on')).status).toBe('ok');
    const on = await run(deps, `write sg-vs-nacl ${STRONG}`);
    expect(JSON.stringify(on.reply.blocks)).toContain('Your answer was kept in your notes');
    expect(writtenRows(deps)).toEqual([{ user_key: 'test:alice', question_id: 'sg-vs-nacl', text: STRONG.replace(/^sg-vs-nacl /, ''), suggested: 'knew' }]);
    // A question to revisit (graded partly) is exported with what the learner wrote.
    expect((await run(deps, 'grade sg-vs-nacl partly')).status).toBe('ok');
    const exported = await run(deps, 'export');
    expect(JSON.stringify(exported.reply)).toContain('return traffic needs its own rule');
    // `notes off` deletes what was kept, not only what comes next.
    expect((await run(deps, 'notes off')).reply.fallbackText).toBe('Written answers are discarded after scoring from now on; the 1 answer you had kept was deleted.');
    expect(writtenRows(deps)).toEqual([]);
  });

  it('in a mock interview, writing keeps the mock going: the grade buttons carry the session', async () => {
    const deps = makeDeps({ bank: bank() });
    const started = await run(deps, 'mock networking 2');
    const write = buttonsOf(started).find((b) => b.label === '✍️ Write my answer')!;
    const opened = await press(deps, write.action);
    const scored = await submit(deps, opened.form!.id, { answer: STRONG });
    const knew = buttonsOf(scored).find((b) => b.label.startsWith('Knew it'))!;
    expect(knew.action).toMatch(/:m\d+$/);
    const next = await press(deps, knew.action);
    expect(next.reply.fallbackText).toMatch(/Question 2 of 2|2\/2|2 of 2/);
  });

  it('bad input gets a clear private message and stores nothing', async () => {
    const deps = makeDeps({ bank: bank() });
    await run(deps, 'notes on');
    const form = encodeForm({ type: 'answer', questionId: 'sg-vs-nacl' });
    await expectRejectedUnchanged(deps, () => submit(deps, form, { answer: '   ' }), /Your answer is empty/);
    await expectRejectedUnchanged(deps, () => submit(deps, form, { answer: 'x'.repeat(3001) }), /3001 characters; at most 3000/);
    await expectRejectedUnchanged(deps, () => submit(deps, 'answer:retired-question', { answer: STRONG }), /no longer in the bank/);
    await expectRejectedUnchanged(deps, () => submit(deps, 'answer:sg-vs-nacl:m1:extra', { answer: STRONG }), /did not recognise that form/);
    await expectRejectedUnchanged(deps, () => submit(deps, 'answer:SG VS NACL', { answer: STRONG }), /did not recognise that form/);
    await expectRejectedUnchanged(deps, () => run(deps, 'write no-points my answer'), /no key points/);
    await expectRejectedUnchanged(deps, () => run(deps, 'write sg-vs-nacl', { platform: 'console', user: 'console:local' }), /Type your answer after the command/);
  });
});
