/** "⚑ Report a problem": from the reveal's button (a form), or typed; stored with the bank's version; admins list them. */
import { describe, expect, it } from 'vitest';
import { encodeAction, encodeForm } from '../../src/core/actions.js';
import { REPORTS_PER_DAY } from '../../src/core/usecases/report.js';
import { expectRejectedUnchanged, makeDeps, press, run, submit, testInfo, type TestDeps } from '../support/core.js';

const reports = (deps: TestDeps) => deps.store.db.prepare('SELECT question_id, bank_version, reporter, scope, text, state FROM reports ORDER BY id').all();

describe('report a problem', () => {
  it('every revealed answer carries the button; it opens a short form whose submission is stored with the bank version', async () => {
    const deps = makeDeps();
    const revealed = await run(deps, 'answer vpc-basics');
    const buttons = revealed.reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
    const button = buttons.find((b) => b.label.includes('Report'));
    expect(button?.label).toBe('⚑ Report a problem');
    expect(button?.action).toBe(encodeAction({ type: 'report', questionId: 'vpc-basics' }));

    const opened = await press(deps, button!.action);
    expect(opened.delivery).toBe('form');
    expect(opened.form?.id).toBe(encodeForm({ type: 'report', questionId: 'vpc-basics' }));
    expect(opened.form?.fields).toEqual([expect.objectContaining({ id: 'report', multiline: true, minLength: 5, maxLength: 1000 })]);
    expect(reports(deps)).toEqual([]);

    const sent = await submit(deps, opened.form!.id, { report: '  The peering limit is 125 now, not 50.  ' });
    expect(sent.status).toBe('ok');
    expect(sent.delivery).toBe('private');
    expect(sent.reply.fallbackText).toMatch(/^Thank you — your report about `vpc-basics` was recorded/);
    expect(reports(deps)).toEqual([
      { question_id: 'vpc-basics', bank_version: 'test-bank', reporter: 'test:alice', scope: 'test:S1', text: 'The peering limit is 125 now, not 50.', state: 'open' },
    ]);
  });

  it('typed: `report <id> <text>` files at once; `report <id>` opens the form where there are forms, and explains where there are not', async () => {
    const deps = makeDeps();
    expect((await run(deps, 'report iam-roles the trust policy example is missing a principal')).status).toBe('ok');
    expect(reports(deps)).toHaveLength(1);
    expect((await run(deps, 'report iam-roles')).delivery).toBe('form');
    const console = await run(deps, 'report iam-roles', { platform: 'console', user: 'console:local' });
    expect(console.status).toBe('user_error');
    expect(console.reply.fallbackText).toMatch(/Say in a few words what is wrong/);
    expect(reports(deps)).toHaveLength(1);
  });

  it('bad input gets a clear message and stores nothing', async () => {
    const deps = makeDeps();
    await expectRejectedUnchanged(deps, () => run(deps, 'report'), /Name the question/);
    await expectRejectedUnchanged(deps, () => run(deps, 'report no-such-question it is wrong'), /no-such-question/);
    await expectRejectedUnchanged(deps, () => run(deps, 'report vpc-basics bad'), /Say in a few words/);
    await expectRejectedUnchanged(deps, () => submit(deps, 'report:vpc-basics', { report: 'x'.repeat(1001) }), /at most 1000/);
    await expectRejectedUnchanged(deps, () => submit(deps, 'report:vpc-basics', {}), /Say in a few words/);
    await expectRejectedUnchanged(deps, () => submit(deps, 'report:vpc-basics:extra', { report: 'a forged form id' }), /did not recognise that form/);
    await expectRejectedUnchanged(deps, () => submit(deps, 'report:gone-question', { report: 'the question is gone' }), /no longer in the bank/);
    await expectRejectedUnchanged(deps, () => press(deps, 'report:vpc-basics:x:y'), /recognise/);
  });

  it(`takes at most ${REPORTS_PER_DAY} reports per person a day`, async () => {
    const deps = makeDeps();
    for (let i = 0; i < REPORTS_PER_DAY; i++) expect((await run(deps, `report vpc-basics problem number ${i}`)).status).toBe('ok');
    await expectRejectedUnchanged(deps, () => run(deps, 'report vpc-basics one report too many'), /5 reports in the last 24 hours/);
    // Someone else is not affected; the same person can report again a day later.
    expect((await run(deps, 'report vpc-basics another person', { user: 'test:bob' })).status).toBe('ok');
    deps.clock.advance(86_400_000 + 1000);
    expect((await run(deps, 'report vpc-basics a day later')).status).toBe('ok');
  });

  it('admins list open reports by question with `reports`; others are told it is for admins', async () => {
    const deps = makeDeps();
    expect((await run(deps, 'reports', { admin: true })).reply.fallbackText).toBe('No open reports.');
    await run(deps, 'report vpc-basics first problem here');
    await run(deps, 'report vpc-basics second problem here', { user: 'test:bob' });
    await run(deps, 'report iam-roles third problem here');
    const listed = await run(deps, 'reports', { admin: true });
    expect(listed.reply.fallbackText).toBe('3 open reports');
    const text = JSON.stringify(listed.reply.blocks);
    expect(text).toContain('*vpc-basics* (2)');
    expect(text).toContain('*iam-roles* (1)');
    expect(text).toContain('second problem here');
    // Another workspace's admin sees only their own workspace's reports.
    const elsewhere = { admin: true, user: 'test:zed', place: { scope: 'test:S2', channelKey: 'test:C2', channelRef: 'C2' } };
    expect((await run(deps, 'reports', elsewhere)).reply.fallbackText).toBe('No open reports.');
    await run(deps, 'report iam-roles a report from the other workspace', elsewhere);
    expect((await run(deps, 'reports', elsewhere)).reply.fallbackText).toBe('1 open report');
    const denied = await run(deps, 'reports');
    expect(denied.status).toBe('denied');
    expect(denied.reply.fallbackText).toContain(testInfo.adminsAre);
  });
});
