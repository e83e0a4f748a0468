/**
 * Mock interviews: a private session of n questions stored in SQLite, each
 * shown with the reveal → grade flow (source `m<id>`); every grade moves to
 * the next question, and the last one ends with a summary.
 *
 * The source in a button is user-controlled, so a grade only advances a
 * session that exists, is active and belongs to the person grading.
 */
import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import { daysUntilDue } from '../learning/fsrs.js';
import { mockSource, pickMockQuestions, summarizeMock, type GradedQuestion } from '../learning/mock.js';
import type { MockSession } from '../learning/store.js';
import { bold, context, heading, links, paragraph, privateReply, type Block, type Reply } from '../messages.js';
import type { Grade, Question } from '../model.js';
import { showQuestion } from './show.js';
import { userZone } from './zone.js';

const questionTitle = (position: number, size: number) => `Mock interview — question ${position + 1} of ${size}`;

export function startMock(ctx: CommandContext, topic: string | null, size: number): Reply {
  const { store, bank, clock } = ctx.deps;
  const pool = bank.filter({ topics: topic ? [topic] : [] });
  if (pool.length === 0) throw new UserError('There are no questions to ask yet. Try another topic (`topics` lists them).');
  const now = clock.now();
  const picked = pickMockQuestions(pool, size, `${ctx.actor.userKey}|${now.getTime()}`);
  return store.transaction(() => {
    store.touchUser(ctx.actor.userKey, ctx.actor.displayName, now);
    const session = store.startMockSession(ctx.actor.userKey, topic, picked.map((q) => q.id), now);
    const first = showQuestion(ctx, picked[0]!, questionTitle(0, picked.length), 'private', mockSource(session.id));
    const about = topic ? ` on ${bank.topicTitle(topic)}` : '';
    const intro = [
      context(
        `${picked.length} questions${about}, from associate to tech lead. Answer out loud first, then reveal and grade yourself honestly; a summary comes at the end.`,
      ),
    ];
    if (picked.length < size) {
      intro.push(context(`This topic has only ${picked.length} question${picked.length === 1 ? '' : 's'}, so the mock is shorter than ${size}.`));
    }
    const [title, ...rest] = first.blocks;
    return { ...first, blocks: [title!, ...intro, ...rest] };
  });
}

/**
 * After a grade with source `m<sessionId>`: marks the session's item, then
 * shows the next question or, after the last, the summary. Runs inside the
 * caller's grading transaction.
 */
export function continueMock(ctx: CommandContext, sessionId: number, q: Question, grade: Grade): Reply {
  const { store, bank, clock } = ctx.deps;
  const now = clock.now();
  const session = store.getMockSession(sessionId);
  if (!session || session.userKey !== ctx.actor.userKey || session.state !== 'active') {
    const text = 'That mock interview is over, so this grade counted as everyday practice. Start a new one with `mock`.';
    return privateReply(text, [context(text)]);
  }
  const item = session.items.find((i) => i.questionId === q.id && i.grade === null);
  if (item && store.gradeMockItem(session.id, item.position, grade, now)) item.grade = grade;
  // A question removed from the bank since the session started is skipped.
  const next = session.items.find((i) => i.grade === null && bank.get(i.questionId));
  if (next) {
    return showQuestion(ctx, bank.get(next.questionId)!, questionTitle(next.position, session.items.length), 'private', mockSource(session.id));
  }
  store.finishMockSession(session.id, now);
  return mockSummaryReply(ctx, session);
}

export function mockSummaryReply(ctx: CommandContext, session: MockSession): Reply {
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
  if (s.reading.length > 0) {
    blocks.push(paragraph(bold('Read next:')), links(s.reading));
  }
  if (s.toReview.length > 0) {
    const zone = userZone(ctx.deps, ctx.actor.userKey, ctx.channelKey);
    const lines = s.toReview.map(({ question, grade }) => {
      const card = store.getReviewCard(ctx.actor.userKey, question.id);
      const days = card ? daysUntilDue(card.due, clock.now(), zone) : 0;
      const when = days <= 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
      return `• ${question.question} (${grade}; review ${when}) — \`${question.id}\``;
    });
    blocks.push(paragraph(bold('Added to your review queue:'), '\n' + lines.join('\n')));
    blocks.push(context('`review` brings each one back when it is due; `export` saves them with answers as Markdown.'));
  }
  return privateReply(`Mock interview done: ${score}.`, blocks);
}
