/**
 * Forms on Slack are modals: "✍️ Write my answer" (and `/aws write` without
 * text) opens one with views.open and the interaction's trigger_id; the
 * signed view_submission is scored and answered privately where the person
 * was (chat.postEphemeral), or in their DM when the modal had no channel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { QuestionBank } from '../../src/core/bank.js';
import type { KeyPoint } from '../../src/core/model.js';
import { TOPICS } from '../../src/content/topics.js';
import { fixtureBank, fixtureQuestion, tableCounts } from '../support/core.js';
import { buttonsOf, startHttpHarness, textOf, type HttpHarness } from './harness.js';

const KEYPOINTS: KeyPoint[] = [
  { point: 'Security groups are stateful, so return traffic is allowed', terms: ['security group + stateful', 'return traffic'], central: true },
  { point: 'Network ACLs are stateless and evaluated in rule order', terms: ['nacl + stateless', 'network acl + stateless', 'rule number'], contradicts: ['nacl + stateful'] },
];

/** The fixture bank, with key points on vpc-basics so it can be answered in writing. */
function bankWithKeypoints(): QuestionBank {
  const questions = fixtureBank().questions.map((q) => (q.id === 'vpc-basics' ? { ...fixtureQuestion('vpc-basics', 'networking'), keypoints: KEYPOINTS } : q));
  return new QuestionBank(questions, TOPICS, 'test-bank');
}

interface OpenedView {
  type: string;
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  submit: { text: string };
  blocks: { type: string; block_id: string; element: { type: string; action_id: string; multiline: boolean; max_length: number } }[];
}

let h: HttpHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Slack modals: written answers', () => {
  it('"✍️ Write my answer" opens a modal with the click’s trigger_id; the submitted answer is scored privately in the channel', async () => {
    h = await startHttpHarness({ bank: bankWithKeypoints() });
    await h.command('question networking associate', 'U0ALICE', 'q');
    const [question] = await h.fake.waitFor(() => h!.fake.respondsTo('q'));
    const write = buttonsOf(question!.body).find((b) => b.text === '✍️ Write my answer');
    expect(write?.action_id).toBe('write:vpc-basics:d');

    const triggerId = '13345224609.738474920.writebutton01';
    expect((await h.click(write!.action_id, 'U0ALICE', 'w', { trigger_id: triggerId })).status).toBe(200);
    const [open] = await h.fake.waitFor(() => h!.fake.callsTo('views.open'));
    expect(open!.body.trigger_id).toBe(triggerId);
    const view = open!.body.view as OpenedView;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'answer:vpc-basics:d', title: { text: 'Write your answer' }, submit: { text: 'Check my answer' } });
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: 'C0PRACTICE' });
    expect(view.blocks).toHaveLength(1);
    expect(view.blocks[0]).toMatchObject({ type: 'input', block_id: 'answer', element: { type: 'plain_text_input', action_id: 'answer', multiline: true, max_length: 3000 } });
    // The modal is the answer to the click: nothing is posted to the response URL.
    expect(h.fake.respondsTo('w')).toEqual([]);

    const res = await h.submit({
      user_id: 'U0ALICE',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { [view.blocks[0]!.block_id]: 'Security groups are stateful, so return traffic is allowed automatically. NACLs are stateless and checked by rule number.' },
    });
    // An empty 200 closes the modal.
    expect(res).toEqual({ status: 200, text: '' });
    const [scored] = await h.fake.waitFor(() => h!.fake.callsTo('chat.postEphemeral'));
    expect(scored!.body).toMatchObject({ channel: 'C0PRACTICE', user: 'U0ALICE' });
    const text = textOf(scored!.body);
    expect(text).toContain('How your answer compares');
    expect(text).toContain('✅ Security groups are stateful, so return traffic is allowed');
    expect(text).toContain('✅ Network ACLs are stateless and evaluated in rule order');
    expect(text).toContain('Suggested grade: knew');
    expect(buttonsOf(scored!.body).map((b) => b.text)).toEqual(['Knew it (suggested)', 'Partly', "Didn't know"]);
    // Written answers are not kept unless the person asked for notes.
    expect(tableCounts(h.deps.store).written_answers).toBe(0);
  });

  it('shows a contradiction in a written answer', async () => {
    h = await startHttpHarness({ bank: bankWithKeypoints() });
    await h.submit({ user_id: 'U0ALICE', callback_id: 'answer:vpc-basics', private_metadata: JSON.stringify({ channelId: 'C0PRACTICE' }), values: { answer: 'NACLs are stateful.' } });
    const [scored] = await h.fake.waitFor(() => h!.fake.callsTo('chat.postEphemeral'));
    expect(textOf(scored!.body)).toContain('⚠️ Network ACLs are stateless and evaluated in rule order');
    expect(textOf(scored!.body)).toContain('Suggested grade: missed');
  });

  it('`/aws write` without text opens the modal with the command’s trigger_id', async () => {
    h = await startHttpHarness({ bank: bankWithKeypoints() });
    const triggerId = '13345224609.738474920.writecommand1';
    await h.command('write vpc-basics', 'U0ALICE', 'w', undefined, { trigger_id: triggerId });
    const [open] = await h.fake.waitFor(() => h!.fake.callsTo('views.open'));
    expect(open!.body.trigger_id).toBe(triggerId);
    expect((open!.body.view as OpenedView).callback_id).toBe('answer:vpc-basics');
  });

  it('`/aws write <id> <answer>` scores at once through the response URL', async () => {
    h = await startHttpHarness({ bank: bankWithKeypoints() });
    await h.command('write vpc-basics Security groups are stateful and return traffic flows back.', 'U0ALICE', 'w');
    const [reply] = await h.fake.waitFor(() => h!.fake.respondsTo('w'));
    expect(reply!.body.response_type).toBe('ephemeral');
    expect(textOf(reply!.body)).toContain('✅ Security groups are stateful, so return traffic is allowed');
    expect(textOf(reply!.body)).toContain('❌ Network ACLs are stateless');
    expect(h.fake.callsTo('views.open')).toEqual([]);
  });

  it('answers a modal that carried no channel in the person’s DM', async () => {
    h = await startHttpHarness({ bank: bankWithKeypoints() });
    await h.submit({ user_id: 'U0ALICE', callback_id: 'answer:vpc-basics', values: { answer: 'Security groups are stateful.' } });
    const [post] = await h.fake.waitFor(() => h!.fake.callsTo('chat.postMessage'));
    expect(h.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual(['U0ALICE']);
    expect(post!.body.channel).toBe('D0ALICE');
    expect(textOf(post!.body)).toContain('How your answer compares');
    expect(h.fake.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('refuses a forged form id politely and stores nothing', async () => {
    h = await startHttpHarness({ bank: bankWithKeypoints() });
    const before = tableCounts(h.deps.store);
    await h.submit({ user_id: 'U0MALLORY', callback_id: 'answer:../../etc', private_metadata: JSON.stringify({ channelId: 'C0PRACTICE' }), values: { answer: 'x' } });
    const [reply] = await h.fake.waitFor(() => h!.fake.callsTo('chat.postEphemeral'));
    expect(textOf(reply!.body)).toContain('did not recognise that form');
    expect(h.deps.logger.lines.filter((l) => l.msg === 'rejected form id')).toHaveLength(1);
    const { inbox: inboxAfter, ...after } = tableCounts(h.deps.store);
    const { inbox: inboxBefore, ...rest } = before;
    expect(after).toEqual(rest);
    expect(inboxAfter).toBe(inboxBefore! + 1);
  });
});

describe('Slack modals: problem reports', () => {
  it('"⚑ Report a problem" on the answer opens a form; the submission is stored for the maintainers', async () => {
    h = await startHttpHarness();
    await h.click('reveal:vpc-basics:d', 'U0ALICE', 'r');
    const [answer] = await h.fake.waitFor(() => h!.fake.respondsTo('r'));
    const report = buttonsOf(answer!.body).find((b) => b.text === '⚑ Report a problem')!;
    await h.click(report.action_id, 'U0ALICE', 'rp', { ephemeral: true });
    const [open] = await h.fake.waitFor(() => h!.fake.callsTo('views.open'));
    const view = open!.body.view as OpenedView;
    expect(view.callback_id).toBe('report:vpc-basics');
    await h.submit({ user_id: 'U0ALICE', callback_id: view.callback_id, private_metadata: view.private_metadata, values: { report: 'The limit changed in 2025.' } });
    const [thanks] = await h.fake.waitFor(() => h!.fake.callsTo('chat.postEphemeral'));
    expect(textOf(thanks!.body)).toContain('your report about `vpc-basics` was recorded');
    expect(await h.deps.store.reports.open(10)).toMatchObject([{ questionId: 'vpc-basics', text: 'The limit changed in 2025.', reporter: 'slack:T0FAKE01:U0ALICE' }]);
  });
});
