/**
 * The one text parser, shared by Slack's `/aws <text>` and the console:
 * `/aws question networking professional` → { command: 'question', input: { topic, level } }.
 * It produces the same raw input object that a Discord interaction's options
 * do, so both go through the command's zod schema.
 */
import { COMMANDS, findCommand } from './commands/registry.js';
import { normaliseGrade } from './commands/shared.js';
import type { CommandDefinition } from './commands/types.js';
import { UserError } from './errors.js';

/** Longer input is refused before any work: nothing legitimate comes close. */
export const MAX_COMMAND_TEXT = 1000;

export type ParseResult =
  | { ok: true; command: CommandDefinition; input: Record<string, unknown> }
  | { ok: false; error: string; usage?: string };

/** Splits on whitespace; "double" or 'single' quotes keep spaces together. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

function positional(command: CommandDefinition, words: string[]): Record<string, unknown> {
  if (words.length > command.options.length) {
    throw new UserError(`Too many words for \`${command.name}\`.`);
  }
  const out: Record<string, unknown> = {};
  words.forEach((w, i) => (out[command.options[i]!.name] = w));
  return out;
}

const GRADE_WORDS = new Set(['knew', 'partly', 'missed']);

export function parseCommandText(raw: string): ParseResult {
  if (raw.length > MAX_COMMAND_TEXT) {
    return { ok: false, error: `That command is too long (over ${MAX_COMMAND_TEXT} characters).` };
  }
  let words = tokenize(raw.trim());
  if (words[0]?.toLowerCase() === '/aws' || words[0]?.toLowerCase() === 'aws') words = words.slice(1);
  if (words.length === 0) return { ok: true, command: findCommand('help')!, input: {} };
  const name = words[0]!.toLowerCase();
  const command = findCommand(name);
  const rest = words.slice(1);
  // A bare grade (`knew`, `2`) grades the last revealed answer, and only a revealed one.
  if (!command && words.length === 1 && GRADE_WORDS.has(normaliseGrade(name))) {
    return { ok: true, command: findCommand('grade')!, input: { grade: normaliseGrade(name), bare: true } };
  }
  if (!command) return { ok: false, error: unknownCommand(name) };
  try {
    const input = command.parseText ? command.parseText(rest) : positional(command, rest);
    return { ok: true, command, input };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err.message, usage: command.usage };
    throw err;
  }
}

/** The one answer to a command name that does not exist, however it arrived (typed or as a slash command). */
export function unknownCommand(name: string): string {
  const names = COMMANDS.map((c) => c.name).join(', ');
  return `I don't know the command "${name.slice(0, 40)}". Commands: ${names}. Try \`help\`.`;
}
