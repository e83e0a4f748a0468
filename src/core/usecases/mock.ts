/**
 * Mock interviews: a private session of n questions stored in the database,
 * each shown with the reveal → grade flow (source `m<id>`); every grade moves
 * to the next question, and the last one ends with a summary.
 *
 * The source in a button is user-controlled, so a grade only advances a
 * session that exists, is active and belongs to the person grading.
 */
import { say, type CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import { daysUntilDue } from '../learning/fsrs.js';
import { mockSource, pickMockQuestions, summarizeMock, type GradedQuestion } from '../learning/mock.js';
import { bold, context, heading, links, paragraph, privateReply, type Block, type Reply } from '../messages.js';
import type { Grade, Question } from '../model.js';
import type { MockSession } from '../ports/learning.js';
import { plural } from '../text.js';
import { showQuestion } from './show.js';
import { userZone } from './zone.js';

const questionTitle = (position: number, size: number) => `Mock interview — question ${position + 1} of ${size}`;
/** Finished sessions are kept this long for nothing else than support questions, then pruned. */
export const MOCK_RETENTION_DAYS = 30;

export async function startMock(ctx: CommandContext, topic: string | null, size: number): Promise<Reply> {
  const { store, bank, clock } = ctx.deps;
  const pool = bank.filter({ topics: topic ? [topic] : [] });
  if (pool.length === 0) throw new UserError('There are no questions to ask yet. Try another topic (`topics` lists them).');
  const now = clock.now();
  const picked = pickMockQuestions(pool, size, `${ctx.actor.userKey}|${now.getTime()}`);
  return store.transaction(async (tx) => {
    const inTx: CommandContext = { ...ctx, deps: { ...ctx.deps, store: tx } };
    await tx.people.touch(ctx.actor.userKey, ctx.actor.displayName, now);
    // Starting a new session ends the open one: a person has at most one, and old ones are pruned.
    const session = await tx.mocks.start(ctx.actor.userKey, topic, picked.map((q) => q.id), now);
    await tx.mocks.prune(new Date(now.getTime() - MOCK_RETENTION_DAYS * 86_400_000));
    const first = await showQuestion(inTx, picked[0]!, questionTitle(0, picked.length), 'private', mockSource(session.id));
    const about = topic ? ` on ${bank.topicTitle(topic)}` : '';
    const intro = [
      context(
        `${plural(picked.length, 'question')}${about}, from associate to tech lead. Answer out loud (or write it) first, then reveal and grade yourself honestly; a summary comes at the end.`,
      ),
    ];
    if (picked.length < size) intro.push(context(`This topic has only ${plural(picked.length, 'question')}, so the mock is shorter than ${size}.`));
    const [title, ...rest] = first.blocks;
    return { ...first, blocks: [title!, ...intro, ...rest] };
  });
}

/**
 * After a grade with source `m<sessionId>`: marks the session's item, then
 * shows the next question or, after the last, the summary. Runs inside the
 * caller's grading transaction.
 */
export async function continueMock(ctx: CommandContext, sessionId: number, q: Question, grade: Grade): Promise<Reply> {
  const { store, bank, clock } = ctx.deps;
  const now = clock.now();
  const session = await store.mocks.get(sessionId);
  if (!session || session.userKey !== ctx.actor.userKey || session.state !== 'active') {
    const text = `That mock interview is over, so this grade counted as everyday practice. Start a new one with ${say(ctx, 'mock')}.`;
    return privateReply(text, [context(text)]);
  }
  const item = session.items.find((i) => i.questionId === q.id && i.grade === null);
  if (item && (await store.mocks.gradeItem(session.id, item.position, grade, now))) item.grade = grade;
  // A question removed from the bank since the session started is skipped.
  const next = session.items.find((i) => i.grade === null && bank.get(i.questionId));
  if (next) {
    return showQuestion(ctx, bank.get(next.questionId)!, questionTitle(next.position, session.items.length), 'private', mockSource(session.id));
  }
  await store.mocks.finish(session.id, now);
  return mockSummaryReply(ctx, session);
}

export async function mockSummaryReply(ctx: CommandContext, session: MockSession): Promise<Reply> {
  const { bank, store, clock } = ctx.deps;
  const graded: GradedQuestion[] = session.items.flatMap((i) => {
    const question = bank.get(i.questionId);
    return question && i.grade ? [{ question, grade: i.grade }] : [];
  });
  const s = summarizeMock(graded);
  const score = `${s.points}/${s.asked} (${s.percent}%)`;
  const blocks: Block[] = [
    heading('Mock interview — summary'),
    paragraph(bold(`Score: ${score}`), ` — ${s.knew} knew · ${s.partly} partly · ${s.missed} missed`),
  ];
  if (s.weakest.length > 0) {
    const weak = s.weakest.map((t) => `${bank.topicTitle(t.topic)} ${Math.round(t.accuracy * 100)}%`).join(' · ');
    blocks.push(paragraph(bold('Weakest topics: '), weak));
  } else {
    blocks.push(paragraph('💪 You knew every answer — no weak topic this time.'));
  }
  if (s.reading.length > 0) blocks.push(paragraph(bold('Read next:')), links(s.reading));
  if (s.toReview.length > 0) {
    const zone = await userZone(ctx.deps, ctx.actor.userKey);
    const lines: string[] = [];
    for (const { question, grade } of s.toReview) {
      const card = await store.practice.getCard(ctx.actor.userKey, question.id);
      const days = card ? daysUntilDue(card.due, clock.now(), zone) : 0;
      const when = days <= 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${plural(days, 'day')}`;
      lines.push(`• ${question.question} (${grade}; review ${when}) — \`${question.id}\``);
    }
    blocks.push(paragraph(bold('Added to your review queue:'), '\n' + lines.join('\n')));
    blocks.push(context(`${say(ctx, 'review')} brings each one back when it is due; ${say(ctx, 'export')} saves them with answers as Markdown.`));
  }
  return privateReply(`Mock interview done: ${score}.`, blocks);
}
