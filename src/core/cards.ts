/** How a question, its answer and a grade outcome look, in the neutral model. */
import { encodeAction, gradeAction, revealAction, writeAction } from './actions.js';
import type { QuestionBank } from './bank.js';
import {
  actions,
  bold,
  channelReply,
  codeBlock,
  context,
  diagram,
  heading,
  italic,
  links,
  paragraph,
  privateReply,
  type Block,
  type Button,
  type Reply,
} from './messages.js';
import { LEVEL_LABELS, type Grade, type Question } from './model.js';
import type { PlatformInfo } from './ports/platform.js';

export const GRADE_LABELS: Record<Grade, string> = {
  knew: 'Knew it',
  partly: 'Partly',
  missed: "Didn't know",
};

export function questionMeta(bank: QuestionBank, q: Question): string {
  return `${bank.topicTitle(q.topic)} · ${LEVEL_LABELS[q.level]} · id ${q.id}`;
}

export interface QuestionCardOptions {
  title: string;
  visibility: 'channel' | 'private';
  /** Where the question came from, carried in the button id (d, r, m<n>). */
  source?: string;
  /** With forms, the card offers "Write my answer" next to "Reveal answer". */
  platform?: PlatformInfo;
}

export function questionCard(bank: QuestionBank, q: Question, opts: QuestionCardOptions): Reply {
  const buttons: Button[] = [{ action: revealAction(q.id, opts.source), label: 'Reveal answer', style: 'primary', typed: 'answer' }];
  if (q.keypoints) buttons.push({ action: writeAction(q.id, opts.source), label: '✍️ Write my answer', typed: 'write' });
  const blocks: Block[] = [heading(opts.title), paragraph(bold(q.question)), context(questionMeta(bank, q)), actions(buttons)];
  const text = `${opts.title}: ${q.question}`;
  return opts.visibility === 'channel' ? channelReply(text, blocks) : privateReply(text, blocks);
}

/** The answer itself: summary, analogy, example, follow-ups, code, diagram, links. */
export function answerBody(bank: QuestionBank, q: Question): Block[] {
  const blocks: Block[] = [
    heading('Answer'),
    paragraph(italic(q.question)),
    paragraph(q.answer),
    paragraph(bold('Like I’m five: '), q.eli5),
    paragraph(bold('In practice: '), q.example),
  ];
  if (q.followups.length > 0) {
    blocks.push(paragraph(bold('Interviewers ask next: '), q.followups.map((f) => `• ${f}`).join('\n')));
  }
  if (q.code) blocks.push(codeBlock(q.code));
  if (q.diagram) blocks.push(diagram(q.diagram, `Diagram: ${q.question}`));
  blocks.push(links(q.links));
  return blocks;
}

export const gradeButtons = (q: Question, source?: string, suggested?: Grade): Block =>
  actions(
    (['knew', 'partly', 'missed'] as const).map((g) => ({
      action: gradeAction(q.id, g, source),
      label: suggested === g ? `${GRADE_LABELS[g]} (suggested)` : GRADE_LABELS[g],
      typed: g === 'knew' ? '1' : g === 'partly' ? '2' : '3',
      ...(g === 'knew' ? { style: 'primary' as const } : g === 'missed' ? { style: 'danger' as const } : {}),
    })),
  );

export const reportButton = (q: Question): Button => ({ action: encodeAction({ type: 'report', questionId: q.id }), label: '⚑ Report a problem' });

export function answerCard(bank: QuestionBank, q: Question, opts: { source?: string; platform?: PlatformInfo } = {}): Reply {
  const blocks = answerBody(bank, q);
  blocks.push(context(`${questionMeta(bank, q)} · How well did you know it?`));
  blocks.push(gradeButtons(q, opts.source));
  if (opts.platform?.capabilities.forms) blocks.push(actions([reportButton(q)]));
  return privateReply(`Answer: ${q.answer}`, blocks);
}

/** The answer for everyone, in a daily post's thread: no grade buttons, a way to practise privately. */
export function publicAnswerCard(bank: QuestionBank, q: Question): Reply {
  const blocks = answerBody(bank, q);
  blocks[0] = heading('The answer');
  blocks.push(context(questionMeta(bank, q)));
  blocks.push(actions([{ action: encodeAction({ type: 'practise', questionId: q.id }), label: 'Practise privately', style: 'primary', typed: `answer ${q.id}` }]));
  return channelReply(`The answer: ${q.answer}`, blocks);
}
