/**
 * The one encoder/decoder for button and form ids. A click or a submitted
 * form is user-controlled input (ids can be forged), so decoding validates
 * with zod and never throws.
 *
 *   reveal:<questionId>[:<source>]            show the answer privately
 *   grade:<questionId>:<grade>[:<source>]     record a self-grade
 *   write:<questionId>[:<source>]             open the "write my answer" form
 *   report:<questionId>                       open the "report a problem" form
 *   practise:<questionId>                     show the question privately (public reveal, digest)
 *   forget:confirm                            erase everything about me
 *
 * Form ids: answer:<questionId>[:<source>] and report:<questionId>.
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
  z.object({ type: z.literal('write'), questionId, source }),
  z.object({ type: z.literal('report'), questionId }),
  z.object({ type: z.literal('practise'), questionId }),
  z.object({ type: z.literal('forget'), confirm: z.literal(true) }),
]);

export type Action = z.infer<typeof actionSchema>;

export function encodeAction(action: Action): string {
  switch (action.type) {
    case 'grade':
      return ['grade', action.questionId, action.grade, ...(action.source ? [action.source] : [])].join(':');
    case 'reveal':
    case 'write':
      return [action.type, action.questionId, ...(action.source ? [action.source] : [])].join(':');
    case 'report':
    case 'practise':
      return `${action.type}:${action.questionId}`;
    case 'forget':
      return 'forget:confirm';
  }
}

export const revealAction = (questionId: string, source?: string): string =>
  encodeAction(source ? { type: 'reveal', questionId, source } : { type: 'reveal', questionId });

export const gradeAction = (questionId: string, grade: Grade, source?: string): string =>
  encodeAction(source ? { type: 'grade', questionId, grade, source } : { type: 'grade', questionId, grade });

export const writeAction = (questionId: string, source?: string): string =>
  encodeAction(source ? { type: 'write', questionId, source } : { type: 'write', questionId });

export type DecodeResult = { ok: true; action: Action } | { ok: false; reason: string };

/** Parts after the type, by type: which names they fill. */
const SHAPES: Record<string, string[][]> = {
  reveal: [['questionId'], ['questionId', 'source']],
  grade: [['questionId', 'grade'], ['questionId', 'grade', 'source']],
  write: [['questionId'], ['questionId', 'source']],
  report: [['questionId']],
  practise: [['questionId']],
  forget: [['confirm']],
};

export function decodeAction(raw: unknown): DecodeResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'action id is not a string' };
  if (raw.length > MAX_ACTION_ID_LENGTH) return { ok: false, reason: 'action id is too long' };
  const [type = '', ...parts] = raw.split(':');
  const shape = Object.hasOwn(SHAPES, type) ? SHAPES[type]!.find((s) => s.length === parts.length) : undefined;
  if (!shape) return { ok: false, reason: `unrecognised action id "${raw.slice(0, 40)}"` };
  const candidate: Record<string, unknown> = { type };
  shape.forEach((name, i) => (candidate[name] = name === 'confirm' ? parts[i] === 'confirm' || parts[i] : parts[i]));
  const parsed = actionSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, reason: `unrecognised action id "${raw.slice(0, 40)}"` };
  return { ok: true, action: parsed.data };
}

// ---- form ids -----------------------------------------------------------------

const formSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('answer'), questionId, source }),
  z.object({ type: z.literal('report'), questionId }),
]);

export type FormRef = z.infer<typeof formSchema>;

export function encodeForm(form: FormRef): string {
  return form.type === 'answer' ? ['answer', form.questionId, ...(form.source ? [form.source] : [])].join(':') : `report:${form.questionId}`;
}

export function decodeForm(raw: unknown): { ok: true; form: FormRef } | { ok: false; reason: string } {
  if (typeof raw !== 'string' || raw.length > MAX_ACTION_ID_LENGTH) return { ok: false, reason: 'form id is not a short string' };
  const [type, id, third, ...rest] = raw.split(':');
  if (rest.length > 0 || (type === 'report' && third !== undefined)) return { ok: false, reason: 'form id has too many parts' };
  const parsed = formSchema.safeParse(type === 'answer' ? { type, questionId: id, source: third } : { type, questionId: id });
  return parsed.success ? { ok: true, form: parsed.data } : { ok: false, reason: `unrecognised form id "${raw.slice(0, 40)}"` };
}
