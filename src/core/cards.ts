/** How a question, its answer and a grade outcome look, in the neutral model. */
import { gradeAction, revealAction } from './actions.js';
import type { QuestionBank } from './bank.js';
import {
  actions,
  bold,
  channelReply,
  codeBlock,
  context,
  heading,
  italic,
  links,
  paragraph,
  privateReply,
  type Block,
  type Reply,
} from './messages.js';
import { LEVEL_LABELS, type Grade, type Question } from './model.js';

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
}

export function questionCard(bank: QuestionBank, q: Question, opts: QuestionCardOptions): Reply {
  const blocks: Block[] = [
    heading(opts.title),
    paragraph(bold(q.question)),
    context(questionMeta(bank, q)),
    actions([{ action: revealAction(q.id, opts.source), label: 'Reveal answer', style: 'primary' }]),
  ];
  const text = `${opts.title}: ${q.question}`;
  return opts.visibility === 'channel' ? channelReply(text, blocks) : privateReply(text, blocks);
}

export function answerCard(bank: QuestionBank, q: Question, source?: string): Reply {
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
  blocks.push(links(q.links));
  blocks.push(context(`${questionMeta(bank, q)} · How well did you know it?`));
  blocks.push(
    actions([
      { action: gradeAction(q.id, 'knew', source), label: GRADE_LABELS.knew, style: 'primary' },
      { action: gradeAction(q.id, 'partly', source), label: GRADE_LABELS.partly },
      { action: gradeAction(q.id, 'missed', source), label: GRADE_LABELS.missed, style: 'danger' },
    ]),
  );
  return privateReply(`Answer: ${q.answer}`, blocks);
}
