/**
 * The command path: text (`/aws question iam`, a console line) or a name
 * with typed options (Discord) → the command's zod schema → admin check →
 * `prepare` (outside any transaction: it may call the platform) → `run`
 * inside one transaction, which also marks the durable inbox entry done.
 */
import { findCommand } from '../commands/registry.js';
import type { CommandDefinition } from '../commands/types.js';
import type { CommandContext } from '../context.js';
import { parseCommandText, unknownCommand } from '../parser.js';
import type { Outcome } from '../ports/inbound.js';
import { errorReply, plainValidation } from './replies.js';
import { inTransaction, type RunOptions } from './run.js';

export function commandOf(event: { text?: string; name?: string; options?: Record<string, unknown> }):
  | { ok: true; command: CommandDefinition; input: Record<string, unknown> }
  | { ok: false; error: string; usage?: string } {
  if (event.name !== undefined) {
    const command = findCommand(event.name);
    if (!command) return { ok: false, error: unknownCommand(event.name) };
    return { ok: true, command, input: event.options ?? {} };
  }
  return parseCommandText(event.text ?? '');
}

export async function runCommand(ctx: CommandContext, command: CommandDefinition, raw: unknown, opts: RunOptions): Promise<Outcome> {
  const name = command.name;
  const visibility = (reply: { visibility: string }) => (reply.visibility === 'channel' ? 'channel' : 'private');
  if (command.adminOnly && !(await ctx.actor.isAdmin())) {
    return { command: name, status: 'denied', delivery: 'private', reply: errorReply(`Only channel admins can use \`${name}\` (on ${ctx.platform.label}: ${ctx.platform.adminsAre}).`) };
  }
  const parsed = command.schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first && first.path.length > 0 ? String(first.path[0]) : undefined;
    const facts = first as { maximum?: unknown; origin?: unknown } | undefined;
    const message = plainValidation(field, first?.message ?? 'invalid input', first?.code ?? '', facts?.maximum, facts?.origin);
    return { command: name, status: 'user_error', delivery: 'private', reply: errorReply(message, ctx.platform.invocation(command.usage, command.adminOnly === true)) };
  }
  const prepared = command.prepare ? await command.prepare(parsed.data, ctx) : undefined;
  const reply = await inTransaction(ctx, opts, (tx) => command.run(parsed.data, tx, prepared));
  return { command: name, status: 'ok', delivery: visibility(reply), reply };
}
