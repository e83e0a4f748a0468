/**
 * "Say it, then check it": a written answer scored against the question's
 * key points (core/scoring), shown point by point — covered, missed,
 * contradicted — then the model answer and the grade buttons with the
 * suggested grade marked. The learner decides. The text is kept only for
 * people who turned `notes on`; otherwise it is gone after scoring.
 */
import { answerBody, gradeButtons } from '../cards.js';
import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import { bold, context, heading, paragraph, privateReply, type Reply } from '../messages.js';
import type { Question } from '../model.js';
import { scoreAnswer } from '../scoring/score.js';
import { revealAnswer } from './show.js';

export const MAX_WRITTEN_ANSWER = 3000;
const MARK = { covered: '✅', missed: '❌', contradicted: '⚠️' } as const;

export function checkWrittenText(text: string | undefined): string {
  const t = (text ?? '').trim();
  if (t === '') throw new UserError('Your answer is empty. Write what you would say in the interview, then check it.');
  if (t.length > MAX_WRITTEN_ANSWER) throw new UserError(`Your answer is ${t.length} characters; at most ${MAX_WRITTEN_ANSWER}. Keep it to what you would say in two minutes.`);
  return t;
}

export async function checkWrittenAnswer(ctx: CommandContext, q: Question, raw: string, source?: string): Promise<Reply> {
  const text = checkWrittenText(raw);
  if (!q.keypoints) throw new UserError('This question has no key points to check a written answer against yet.');
  const result = scoreAnswer(q.keypoints, text);
  const { store, clock } = ctx.deps;
  // Revealing marks the question as seen and answered here, so a typed `knew` grades it.
  await revealAnswer(ctx, q, source);
  const user = await store.people.get(ctx.actor.userKey);
  if (user?.keepNotes) await store.practice.saveWrittenAnswer(ctx.actor.userKey, { questionId: q.id, text, suggested: result.suggested, at: clock.now() });
  const lines = result.points.map((p) => `${MARK[p.status]} ${p.point}${p.status === 'contradicted' && p.evidence ? ` — you wrote "${p.evidence}"` : ''}`);
  const blocks = [
    heading('How your answer compares'),
    paragraph(lines.join('\n')),
    paragraph(bold(`Suggested grade: ${result.suggested}`), result.note ? ` — ${result.note}` : ''),
    context('✅ covered · ❌ missed · ⚠️ contradicted. The suggestion comes from matching words, not from understanding: you decide.'),
    ...answerBody(ctx.deps.bank, q),
    gradeButtons(q, source, result.suggested),
    context(user?.keepNotes ? 'Your answer was kept in your notes (`notes off` stops that).' : 'Your answer was not stored (`notes on` keeps written answers for `export`).'),
  ];
  return privateReply(`Suggested grade: ${result.suggested}. ${result.covered} of ${result.points.length} key points covered.`, blocks);
}
