import { describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { QuestionBank } from '../../src/core/bank.js';
import { notesMarkdown } from '../../src/core/learning/notes.js';
import { TOPICS } from '../../src/content/topics.js';
import { fixtureQuestion, makeDeps, press, run, tableCounts } from '../support/core.js';

describe('export', () => {
  it('sends a private Markdown file of the questions whose latest grade is partly or missed', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('vpc-basics', 'missed'));
    await press(deps, gradeAction('iam-roles', 'partly'));
    await press(deps, gradeAction('s3-versioning', 'missed'));
    await press(deps, gradeAction('iam-boundaries', 'knew'));
    deps.clock.set('2026-03-12T12:00:00Z');
    await press(deps, gradeAction('s3-versioning', 'knew')); // learnt since: leaves the notes
    await press(deps, gradeAction('iam-boundaries', 'missed')); // forgotten since: joins them

    const r = await run(deps, 'export');
    expect(r.status).toBe('ok');
    expect(r.delivery).toBe('private');
    expect(r.reply.visibility).toBe('private');
    expect(r.reply.fallbackText).toBe('Your notes: 3 questions to revise, in aws-interview-notes-2026-03-12.md.');
    const file = r.reply.attachment!;
    expect(file.filename).toBe('aws-interview-notes-2026-03-12.md');
    expect(file.mimeType).toBe('text/markdown');
    const md = file.content;
    // Topics in bank order (Networking before IAM), levels associate → lead within a topic.
    expect(md.indexOf('## Networking (VPC)')).toBeLessThan(md.indexOf('## IAM'));
    expect(md.indexOf('What is iam-roles?')).toBeLessThan(md.indexOf('What is iam-boundaries?'));
    expect(md).not.toContain('s3-versioning');
    expect(md).toContain('### What is vpc-basics?');
    expect(md).toContain("*Associate · `vpc-basics` · you: didn't know on 2026-03-10*");
    expect(md).toContain('*Tech lead · `iam-boundaries` · you: didn\'t know on 2026-03-12*');
    expect(md).toContain('*Associate · `iam-roles` · you: partly on 2026-03-10*');
    expect(md).toContain('**Answer.** vpc-basics is a test answer. It has two sentences.');
    expect(md).toContain("**Like I'm five.** Like a vpc-basics in a toy box.");
    expect(md).toContain('**In practice.** A shop uses vpc-basics for its orders.');
    expect(md).toContain('- What next?');
    expect(md).toContain('- [Docs page](https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html) (docs)');
    expect(md).toContain('- [Video search](https://www.youtube.com/results?search_query=aws+vpc) (video)');
  });

  it('with nothing to revise says so, without a file and without writing', async () => {
    const deps = makeDeps();
    await press(deps, gradeAction('vpc-basics', 'knew'));
    const before = tableCounts(deps.store);
    const r = await run(deps, 'export');
    expect(r.reply.attachment).toBeUndefined();
    expect(r.reply.fallbackText).toMatch(/^Nothing to export yet/);
    expect(tableCounts(deps.store)).toEqual(before);
  });

  it('only ever exports the asker’s own grades', async () => {
    const deps = makeDeps();
    await press(deps, gradeAction('vpc-basics', 'missed'));
    expect((await run(deps, 'export')).reply.attachment).toBeDefined();
    expect((await run(deps, 'export', { user: 'test:bob', name: 'bob' })).reply.attachment).toBeUndefined();
  });

  it('keeps Markdown intact around code, brackets and parentheses', () => {
    const q = {
      ...fixtureQuestion('odd-one', 'iam'),
      question: 'What does [*] mean\nin a policy?',
      code: '```json\n{"Action": "s3:*"}\n```',
      links: [{ title: 'A [tricky] title', url: 'https://docs.aws.amazon.com/a_(b).html', type: 'docs' as const }],
    };
    const bank = new QuestionBank([q], TOPICS);
    const md = notesMarkdown([{ question: q, grade: 'missed', gradedOn: '2026-03-10' }], (t) => bank.topicTitle(t), '2026-03-10');
    expect(md).toContain('### What does \\[*\\] mean in a policy?');
    expect(md).toContain('- [A \\[tricky\\] title](https://docs.aws.amazon.com/a_%28b%29.html) (docs)');
    // The code block stays closed and the snippet, fences included, is kept verbatim.
    expect(md).toContain('~~~~\n```json\n{"Action": "s3:*"}\n```\n~~~~');
  });
});
