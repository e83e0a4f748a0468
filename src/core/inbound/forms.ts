/** Submitted forms (written answers, problem reports). The form id is user-controlled: decoded and checked first. */
import { decodeForm } from '../actions.js';
import type { CommandContext } from '../context.js';
import type { Outcome } from '../ports/inbound.js';
import { fileReport } from '../usecases/report.js';
import { checkWrittenAnswer } from '../usecases/write.js';
import { errorReply } from './replies.js';
import { inTransaction, type RunOptions } from './run.js';

export async function submitForm(ctx: CommandContext, formId: string, values: Record<string, string>, opts: RunOptions): Promise<Outcome> {
  const decoded = decodeForm(formId);
  if (!decoded.ok) {
    ctx.deps.logger.warn({ reason: decoded.reason, user: ctx.actor.userKey }, 'rejected form id');
    return { command: 'form', status: 'user_error', delivery: 'private', reply: errorReply('Sorry, I did not recognise that form. Start again from the question’s buttons.') };
  }
  const { form } = decoded;
  const q = ctx.deps.bank.get(form.questionId);
  if (!q) return { command: form.type, status: 'user_error', delivery: 'private', reply: errorReply('That question is no longer in the bank, so nothing was stored. Try `question` for a new one.') };
  const text = typeof values[form.type] === 'string' ? values[form.type] : undefined;
  if (form.type === 'answer') {
    return { command: 'write', status: 'ok', delivery: 'private', reply: await inTransaction(ctx, opts, (c) => checkWrittenAnswer(c, q, text ?? '', form.source)) };
  }
  return { command: 'report', status: 'ok', delivery: 'private', reply: await inTransaction(ctx, opts, (c) => fileReport(c, q, text)) };
}
