/** The two forms a question offers: write your answer, and report a problem. Rendered by each platform as a modal. */
import { encodeForm } from '../actions.js';
import type { FormSpec } from '../messages.js';
import type { Question } from '../model.js';
import { truncateWords } from '../text.js';
import { MAX_REPORT } from './report.js';
import { MAX_WRITTEN_ANSWER } from './write.js';

export function writeForm(q: Question, source?: string): FormSpec {
  return {
    id: encodeForm(source ? { type: 'answer', questionId: q.id, source } : { type: 'answer', questionId: q.id }),
    title: 'Write your answer',
    submitLabel: 'Check my answer',
    fields: [{ id: 'answer', label: truncateWords(q.question, 45), placeholder: 'Answer as you would in the interview…', multiline: true, minLength: 1, maxLength: MAX_WRITTEN_ANSWER }],
  };
}

export function reportForm(q: Question): FormSpec {
  return {
    id: encodeForm({ type: 'report', questionId: q.id }),
    title: 'Report a problem',
    submitLabel: 'Send report',
    fields: [{ id: 'report', label: 'What is wrong?', placeholder: `About ${q.id}: what is wrong or out of date?`, multiline: true, minLength: 5, maxLength: MAX_REPORT }],
  };
}
