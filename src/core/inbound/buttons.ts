/**
 * Button presses. The id is user-controlled, so it is decoded and checked
 * first. Product rules live here, once for every platform:
 *   - a grade replaces the private answer it sat on (where the platform can
 *     edit in place) and keeps the answer on screen above the outcome;
 *   - "Write my answer" and "Report a problem" open a form;
 *   - "Practise privately" (public reveal, digest) shows the question to the presser.
 */
import { decodeAction } from '../actions.js';
import type { CommandContext } from '../context.js';
import type { Delivery, Outcome } from '../ports/inbound.js';
import { forgetMe } from '../usecases/privacy.js';
import { gradeAndContinue } from '../usecases/grade-flow.js';
import { revealAnswer, showQuestion } from '../usecases/show.js';
import { reportForm, writeForm } from '../usecases/forms.js';
import { errorReply } from './replies.js';
import { inTransaction, type RunOptions } from './run.js';

export function buttonDelivery(ctx: CommandContext, actionId: string, onPrivateMessage: boolean): Delivery {
  const decoded = decodeAction(actionId);
  if (!decoded.ok) return 'private';
  const type = decoded.action.type;
  if ((type === 'write' || type === 'report') && ctx.platform.capabilities.forms) return 'form';
  if (type === 'grade' && onPrivateMessage && ctx.platform.capabilities.editInPlace) return 'replace';
  return 'private';
}

export async function pressButton(ctx: CommandContext, actionId: string, onPrivateMessage: boolean, opts: RunOptions): Promise<Outcome> {
  const decoded = decodeAction(actionId);
  if (!decoded.ok) {
    ctx.deps.logger.warn({ reason: decoded.reason, user: ctx.actor.userKey }, 'rejected action id');
    return { command: 'action', status: 'user_error', delivery: 'private', reply: errorReply('Sorry, I did not recognise that button. Try `answer` or `help`.') };
  }
  const { action } = decoded;
  if (action.type === 'forget') {
    return { command: 'forget-me', status: 'ok', delivery: 'private', reply: await inTransaction(ctx, opts, (c) => forgetMe(c)) };
  }
  const q = ctx.deps.bank.get(action.questionId);
  if (!q) {
    return { command: action.type, status: 'user_error', delivery: 'private', reply: errorReply('That question is no longer in the bank. Try `question` for a new one.') };
  }
  const delivery = buttonDelivery(ctx, actionId, onPrivateMessage);
  switch (action.type) {
    case 'reveal':
      return { command: 'reveal', status: 'ok', delivery, reply: await inTransaction(ctx, opts, (c) => revealAnswer(c, q, action.source)) };
    case 'practise':
      return { command: 'practise', status: 'ok', delivery, reply: await inTransaction(ctx, opts, (c) => showQuestion(c, q, 'Practise this question', 'private')) };
    case 'grade': {
      const keepAnswer = delivery === 'replace';
      const reply = await inTransaction(ctx, opts, (c) => gradeAndContinue(c, q, action.grade, action.source, { keepAnswer }));
      return { command: 'grade', status: 'ok', delivery, reply };
    }
    case 'write':
    case 'report': {
      if (delivery !== 'form') {
        const hint = action.type === 'write' ? `write ${q.id}` : `report ${q.id} <what is wrong>`;
        return { command: action.type, status: 'user_error', delivery: 'private', reply: errorReply(`Type \`${ctx.platform.invocation(hint, false)}\` here instead.`) };
      }
      if (action.type === 'write' && !q.keypoints) {
        return { command: 'write', status: 'user_error', delivery: 'private', reply: errorReply('This question has no key points to check a written answer against yet.') };
      }
      if (opts.inboxId !== undefined) await ctx.deps.store.inbox.markDone(opts.inboxId, 'form', ctx.deps.clock.now());
      const form = action.type === 'write' ? writeForm(q, action.source) : reportForm(q);
      return { command: action.type, status: 'ok', delivery: 'form', form, reply: errorReply('Your platform could not open the form.') };
    }
  }
}
