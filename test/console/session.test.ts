/** The console adapter (runConsole) in-process, on the core's real inbound port. */
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_STYLE } from '../../src/adapters/console/render.js';
import { consoleStyle } from '../../src/adapters/console/style.js';
import { QuestionBank } from '../../src/core/bank.js';
import type { Question } from '../../src/core/model.js';
import { TOPICS } from '../../src/content/topics.js';
import { fixtureQuestion, makeDeps } from '../support/core.js';
import { consoleSession } from './session.js';
import { loadDrawing } from '../../src/diagrams/render.js';

// Diagrams are drawn here, so the (lazily loaded) drawing libraries are needed.
beforeAll(loadDrawing);

const LONG_URL = `https://docs.aws.amazon.com/vpc/latest/userguide/${'very-long-path-segment/'.repeat(5)}what-is-amazon-vpc.html`;

/** A question with key points (for `write`), a diagram and long prose and links (for wrapping). */
function richQuestion(): Question {
  return {
    ...fixtureQuestion('sg-vs-nacl', 'networking'),
    question: 'Compare security groups and network ACLs: which is stateful, and where does each apply?',
    answer:
      'Security groups are stateful and attach to network interfaces, so return traffic is allowed automatically; ' +
      'network ACLs are stateless, apply to whole subnets, are evaluated in rule-number order and can explicitly deny, ' +
      'which makes them the place for a coarse subnet-wide block while security groups carry the fine-grained allow rules.',
    links: [
      { title: 'Control traffic to your AWS resources using security groups and network access control lists', url: LONG_URL, type: 'docs' },
      { title: 'Video search', url: 'https://www.youtube.com/results?search_query=aws+security+group+vs+nacl', type: 'video' },
    ],
    keypoints: [
      { point: 'Security groups are stateful', terms: ['security group + stateful', 'return traffic'], central: true },
      { point: 'Network ACLs are stateless', terms: ['nacl + stateless', 'network acl + stateless'] },
    ],
    diagram: 'flowchart LR\n  A[Client] --> B[ALB]\n  B --> C[EC2]',
  };
}

const richDeps = () => makeDeps({ bank: new QuestionBank([richQuestion(), fixtureQuestion('vpc-basics', 'networking'), fixtureQuestion('iam-roles', 'iam')], TOPICS, 'test') });

describe('a console session', () => {
  it('starts with the home view and today’s question; question → answer → knew → streak by typing', async () => {
    const { out, deps } = await consoleSession(['question storage', 'answer', 'knew', 'streak']);
    expect(out).toMatch(/^AWS interview practice — console mode\. Type "help" for commands, "quit" to leave\./);
    expect(out).toContain('== Your AWS interview practice ==');
    expect(out).toContain("== Today's question ==");
    expect(out).toContain('== AWS interview question ==\nWhat is s3-versioning?');
    expect(out).toContain('== Answer ==');
    expect(out).toContain('Links:\n  - Docs page (https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html) [docs]');
    expect(out).toContain("> Grade yourself: 1 = Knew it · 2 = Partly · 3 = Didn't know");
    expect(out).toContain('🔥 1-day streak (longest 1)');
    expect(out).toContain('Current streak: 1 day');
    expect(out).toContain('Questions graded: 1');
    expect(await deps.store.practice.countAttempts('console:local')).toBe(1);
  });

  it('answers bad input with a clear message and carries on', async () => {
    const { out } = await consoleSession(['dance', 'answer nope', 'timezone Mars/Base', 'topics']);
    expect(out).toContain('⚠️ I don\'t know the command "dance"');
    expect(out).toContain('⚠️ There is no question with id "nope"');
    expect(out).toContain('"Mars/Base" is not a time zone I know');
    expect(out).toMatch(/questions in \d+ topics/);
  });

  it.each(['QUIT', '/aws quit', 'quit', 'exit', 'aws EXIT'])('%s ends the session, with the input still open; nothing after it runs', async (quit) => {
    const { out, inputOpen } = await consoleSession(['streak', quit, 'topics'], { keepOpen: true });
    expect(inputOpen).toBe(true);
    expect(out).toContain('== Your progress ==');
    expect(out).not.toMatch(/questions in \d+ topics/);
    expect(out).not.toContain("I don't know the command");
  });

  it('a quit word with more words is not a quit', async () => {
    const { out } = await consoleSession(['quit now']);
    expect(out).toContain('⚠️ I don\'t know the command "quit"');
  });

  it('write reads a multi-line answer up to a line holding only ".", then carries on with commands', async () => {
    const { out } = await consoleSession(['write sg-vs-nacl', 'Security groups are stateful, return traffic is allowed.', '', 'And NACLs are stateless.', '.', 'topics'], { deps: richDeps() });
    expect(out).toContain('Write your answer; end with a line holding only "." (or Ctrl-D).');
    // Both lines reached the scorer: the first covers one point, the last the other.
    expect(out).toContain('== How your answer compares ==\n✅ Security groups are stateful\n✅ Network ACLs are stateless\nSuggested grade: knew');
    expect(out).toContain('> Grade yourself: 1 = Knew it (suggested) · 2 = Partly · 3 = Didn\'t know');
    // "." ended the answer (it was not taken as a command) and the next line was a command again.
    expect(out).not.toContain('I don\'t know the command');
    expect(out).toMatch(/questions in \d+ topics/);
  });

  it('the end of input while writing submits what was written', async () => {
    const { out } = await consoleSession(['write sg-vs-nacl', 'Network ACLs are stateless.'], { deps: richDeps() });
    expect(out).toContain('❌ Security groups are stateful\n✅ Network ACLs are stateless');
  });

  it('draws a diagram as text when it fits the terminal', async () => {
    const { out } = await consoleSession(['answer sg-vs-nacl'], { deps: richDeps() });
    expect(out).toContain('│ Client ├──►│ ALB ├──►│ EC2 │');
  });
});

describe('what the console prints', () => {
  it('piped (not a TTY) it uses no colour: no ANSI escape codes at all', async () => {
    const piped = consoleStyle(new PassThrough(), {});
    expect(piped).toEqual(PLAIN_STYLE);
    const { out } = await consoleSession(['help', 'question', 'answer', '2', 'streak', 'leaderboard'], { style: piped });
    expect(out).toContain('== Your progress ==');
    expect(out).not.toMatch(/\u001b/);
    // The premise: the check sees escape codes when there are some (clickable links on a TTY that supports them).
    const linked = await consoleSession(['answer vpc-basics'], { style: { ...PLAIN_STYLE, hyperlinks: true } });
    expect(linked.out).toMatch(/\u001b\]8;;https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('wraps long lines at word boundaries at width 100, without cutting a URL', async () => {
    const { out } = await consoleSession(['answer sg-vs-nacl', 'help'], { deps: richDeps(), style: PLAIN_STYLE });
    expect(PLAIN_STYLE.width).toBe(100);
    const lines = out.split('\n');
    // Only a line holding an unbreakable URL may be longer than the width.
    const tooLong = lines.filter((l) => [...l].length > 100 && !l.includes(LONG_URL));
    expect(tooLong).toEqual([]);
    expect(LONG_URL.length).toBeGreaterThan(100);
    expect(lines.some((l) => l.trim() === `(${LONG_URL})`)).toBe(true);
    // The answer is all there, in order, on several lines broken only at spaces:
    // joined with single spaces the lines give back the answer exactly.
    const answer = richQuestion().answer;
    const first = lines.findIndex((l) => l.startsWith('Security groups are stateful'));
    const last = lines.findIndex((l, i) => i > first && l.startsWith('Like I’m five'));
    const answerLines = lines.slice(first, last);
    expect(answerLines.length).toBeGreaterThanOrEqual(3);
    expect(answerLines.join(' ')).toBe(answer);
    expect(answerLines.every((l) => l.length <= 100)).toBe(true);
    // Filled greedily: each line but the last would not have taken the next word.
    answerLines.slice(0, -1).forEach((l, i) => expect(`${l} ${answerLines[i + 1]!.split(' ')[0]}`.length).toBeGreaterThan(100));
  });

  it('shows no raw backticks or Markdown markers: command names in hints read plainly', async () => {
    const { out } = await consoleSession(
      ['help', 'question', 'answer', 'knew', 'streak', 'review', 'remind', 'remind on', 'mock 1', 'leaderboard', 'topics', 'timezone', 'notes', 'grade', 'export'],
      { deps: richDeps() },
    );
    expect(out).toContain('Reminders on.');
    expect(out).not.toContain('`');
    expect(out).not.toMatch(/\*\*|__/);
    // The hints are still there, as plain words.
    expect(out).toMatch(/Practise with question; help lists every command/);
  });
});
