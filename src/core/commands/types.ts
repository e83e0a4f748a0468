/**
 * A command is one file exporting a CommandDefinition: its name, how to read
 * it from text, its options (which the Discord adapter turns into typed
 * slash-command options), a zod schema both paths feed, and `run`.
 */
import type { z } from 'zod';
import type { CommandContext } from '../context.js';
import type { Reply } from '../messages.js';

export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'user';
  required?: boolean;
  autocomplete?: 'topic' | 'timezone' | 'question';
  choices?: readonly string[];
  min?: number;
  max?: number;
}

export interface CommandDefinition<S extends z.ZodType = z.ZodType, P = unknown> {
  name: string;
  summary: string;
  /** e.g. `question [topic] [level]` */
  usage: string;
  options: readonly OptionSpec[];
  /** Only channel admins may run it (checked through the platform's directory). */
  adminOnly?: boolean;
  /** Whether the answer is for the whole channel; everything else is private. Default private. */
  answers?: 'channel' | 'private';
  /**
   * Turns the words after the command name into the raw input object. The
   * default maps words to `options` in order.
   */
  parseText?(words: string[]): Record<string, unknown>;
  schema: S;
  /**
   * Work that talks to the outside world (a platform API), done before the
   * command's transaction so no database lock is held across the network.
   */
  prepare?(input: z.infer<S>, ctx: CommandContext): Promise<P>;
  /** Runs inside one transaction: `ctx.deps.store` is the transaction's store. */
  run(input: z.infer<S>, ctx: CommandContext, prepared: P): Promise<Reply>;
}

/** Keeps each command's input type tied to its schema. */
export function defineCommand<S extends z.ZodType, P = undefined>(def: CommandDefinition<S, P>): CommandDefinition<S, P> {
  return def;
}
