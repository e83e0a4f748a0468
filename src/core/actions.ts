/**
 * The one encoder/decoder for button action ids. A click is user-controlled
 * input (ids can be forged), so decoding validates with zod and never throws.
 *
 *   reveal:<questionId>[:<source>]
 *   grade:<questionId>:<knew|partly|missed>[:<source>]
 *
 * `source` says where the question came from (d = daily/question, r = review,
 * m<n> = mock session n) so the next step of a review or mock can follow.
 * Ids stay far below Discord's 100-character custom_id limit: question ids
 * are at most 60 characters.
 */
import { z } from 'zod';
import { GRADES, type Grade } from './model.js';

export const QUESTION_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_QUESTION_ID_LENGTH = 60;
export const MAX_ACTION_ID_LENGTH = 100;

const questionId = z.string().min(3).max(MAX_QUESTION_ID_LENGTH).regex(QUESTION_ID_PATTERN);
const source = z.string().regex(/^(d|r|m\d{1,9})$/).optional();

const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reveal'), questionId, source }),
  z.object({ type: z.literal('grade'), questionId, grade: z.enum(GRADES), source }),
]);

export type Action = z.infer<typeof actionSchema>;

export function encodeAction(action: Action): string {
  const parts: string[] =
    action.type === 'reveal' ? ['reveal', action.questionId] : ['grade', action.questionId, action.grade];
  if (action.source) parts.push(action.source);
  return parts.join(':');
}

export const revealAction = (questionId: string, source?: string): string =>
  encodeAction(source ? { type: 'reveal', questionId, source } : { type: 'reveal', questionId });

export const gradeAction = (questionId: string, grade: Grade, source?: string): string =>
  encodeAction(source ? { type: 'grade', questionId, grade, source } : { type: 'grade', questionId, grade });

export type DecodeResult = { ok: true; action: Action } | { ok: false; reason: string };

export function decodeAction(raw: unknown): DecodeResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'action id is not a string' };
  if (raw.length > MAX_ACTION_ID_LENGTH) return { ok: false, reason: 'action id is too long' };
  const [type, id, third, fourth, ...rest] = raw.split(':');
  if (rest.length > 0) return { ok: false, reason: 'action id has too many parts' };
  const candidate =
    type === 'grade'
      ? { type, questionId: id, grade: third, source: fourth }
      : { type, questionId: id, source: third, extra: fourth };
  if (type !== 'grade' && fourth !== undefined) return { ok: false, reason: 'action id has too many parts' };
  const parsed = actionSchema.safeParse(
    type === 'grade' ? candidate : { type: candidate.type, questionId: candidate.questionId, source: candidate.source },
  );
  if (!parsed.success) return { ok: false, reason: `unrecognised action id "${raw.slice(0, 40)}"` };
  return { ok: true, action: parsed.data };
}
