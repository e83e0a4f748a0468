/**
 * The single entry point adapters call: run a command (from text or from
 * typed options) or handle a button press. Every failure the user caused
 * becomes a private reply that says what was wrong and the right form;
 * anything else is logged and answered with a polite apology.
 */
import { decodeAction } from './actions.js';
import { findCommand } from './commands/registry.js';
import type { CommandDefinition } from './commands/types.js';
import type { CommandContext } from './context.js';
import { UserError } from './errors.js';
import { context, paragraph, privateReply, type Reply } from './messages.js';
import { parseCommandText } from './parser.js';
import { gradeAndContinue } from './usecases/grade-flow.js';
import { revealAnswer } from './usecases/show.js';

export interface Handled {
  reply: Reply;
  command: string;
  outcome: 'ok' | 'user_error' | 'denied' | 'error';
}

/**
 * Lets the host wrap every dispatch call (timing, one log line, metrics,
 * in-flight tracking for shutdown) without the adapters knowing how.
 */
export type HandleWrapper = (
  fields: { platform: string; user?: string; channel?: string },
  run: () => Promise<Handled>,
) => Promise<Handled>;

export const unwrapped: HandleWrapper = (_fields, run) => run();

export function errorReply(message: string, usage?: string): Reply {
  const blocks = [paragraph(`⚠️ ${message}`)];
  if (usage) blocks.push(context(`Usage: ${usage}`));
  return privateReply(message, blocks);
}

async function runSafely(command: CommandDefinition, raw: unknown, ctx: CommandContext): Promise<Handled> {
  const name = command.name;
  try {
    if (command.adminOnly && !(await ctx.actor.isAdmin())) {
      return {
        command: name,
        outcome: 'denied',
        reply: errorReply(`Only channel admins can use \`${name}\` (Slack: workspace admins/owners; Discord: Manage Server or Manage Channels).`),
      };
    }
    const parsed = command.schema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? `${String(first.path[0])}: ` : '';
      return { command: name, outcome: 'user_error', reply: errorReply(`${where}${first?.message ?? 'invalid input'}`, command.usage) };
    }
    return { command: name, outcome: 'ok', reply: await command.run(parsed.data, ctx) };
  } catch (err) {
    if (err instanceof UserError) return { command: name, outcome: 'user_error', reply: errorReply(err.message, command.usage) };
    ctx.deps.logger.error({ err, command: name }, 'command failed');
    return { command: name, outcome: 'error', reply: errorReply('Something went wrong on my side; nothing was changed. Please try again.') };
  }
}

/** Slack `/aws <text>` and console lines. */
export async function handleText(text: string, ctx: CommandContext): Promise<Handled> {
  const parsed = parseCommandText(text);
  if (!parsed.ok) return { command: 'unknown', outcome: 'user_error', reply: errorReply(parsed.error, parsed.usage) };
  return runSafely(parsed.command, parsed.input, ctx);
}

/** Discord slash commands: typed options, same schema. */
export async function handleCommand(name: string, options: Record<string, unknown>, ctx: CommandContext): Promise<Handled> {
  const command = findCommand(name);
  if (!command) return { command: 'unknown', outcome: 'user_error', reply: errorReply(`Unknown command "${name.slice(0, 40)}". Try \`help\`.`) };
  return runSafely(command, options, ctx);
}

/** Button presses. The id is user-controlled, so it is decoded and checked first. */
export async function handleAction(actionId: unknown, ctx: CommandContext): Promise<Handled> {
  const decoded = decodeAction(actionId);
  if (!decoded.ok) {
    ctx.deps.logger.warn({ reason: decoded.reason, user: ctx.actor.userKey }, 'rejected action id');
    return { command: 'action', outcome: 'user_error', reply: errorReply('Sorry, I did not recognise that button. Try `answer` or `help`.') };
  }
  const { action } = decoded;
  try {
    const q = ctx.deps.bank.get(action.questionId);
    if (!q) {
      return { command: action.type, outcome: 'user_error', reply: errorReply('That question is no longer in the bank. Try `question` for a new one.') };
    }
    if (action.type === 'reveal') return { command: 'reveal', outcome: 'ok', reply: revealAnswer(ctx, q, action.source) };
    // A review (source r) or mock (m<n>) continues with its next question.
    return { command: 'grade', outcome: 'ok', reply: gradeAndContinue(ctx, q, action.grade, action.source) };
  } catch (err) {
    ctx.deps.logger.error({ err, action: action.type }, 'action failed');
    return { command: action.type, outcome: 'error', reply: errorReply('Something went wrong on my side; nothing was changed. Please try again.') };
  }
}
