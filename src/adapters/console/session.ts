/**
 * Console practice mode: the same commands as Slack's `/aws`, typed in a
 * terminal or piped in. Lines are handled strictly in order, so a script
 * like `printf 'question\nanswer\nknew\n' | npm start` behaves like a person.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { CommandContext, CoreDeps } from '../../core/context.js';
import { handleText } from '../../core/dispatch.js';
import { questionCard } from '../../core/cards.js';
import { todaysQuestionForChannel } from '../../core/usecases/daily.js';
import { timedHandle, type Instruments } from '../../ops/instrument.js';
import { renderConsole } from './render.js';

export const CONSOLE_USER = 'console:local';
export const CONSOLE_CHANNEL = 'console:local';

export interface ConsoleOptions {
  deps: CoreDeps;
  input: Readable;
  output: Writable;
  /** Where files the bot hands over (exports) are written. */
  filesDir?: string;
  /** Extra lines printed after the greeting (e.g. a review reminder). */
  greetingExtras?: (ctx: CommandContext) => string[];
  /** Log line, metrics and in-flight tracking per command (see ops/instrument.ts). */
  instruments?: Instruments;
}

export function consoleContext(deps: CoreDeps): CommandContext {
  return {
    platform: 'console',
    // The terminal's owner is the admin of their own console channel.
    actor: { userKey: CONSOLE_USER, displayName: 'you', isAdmin: async () => true },
    scope: 'console',
    channelKey: CONSOLE_CHANNEL,
    channelRef: 'local',
    deps,
  };
}

/** Runs until the input ends (EOF / Ctrl-D) or `quit`; resolves when done. */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const { deps, input, output } = opts;
  const ctx = consoleContext(deps);
  const print = (text: string) => output.write(`${text}\n`);
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);

  print('AWS interview practice — console mode. Type "help" for commands, "quit" to leave.\n');
  const today = todaysQuestionForChannel(deps, CONSOLE_CHANNEL);
  if (today) {
    deps.store.transaction(() => {
      deps.store.touchUser(CONSOLE_USER, 'you', deps.clock.now());
      deps.store.setLastShown(CONSOLE_USER, CONSOLE_CHANNEL, today.id, deps.clock.now());
    });
    print(renderConsole(questionCard(deps.bank, today, { title: "Today's question", visibility: 'channel' })));
  }
  for (const line of opts.greetingExtras?.(ctx) ?? []) print(line);

  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  if (interactive) rl.setPrompt('aws> ');
  rl.prompt?.();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'quit' || line === 'exit') break;
    if (line !== '') {
      const handle = () => handleText(line, ctx);
      const fields = { platform: 'console', user: CONSOLE_USER };
      const handled = opts.instruments ? await timedHandle(opts.instruments, fields, handle) : await handle();
      print(renderConsole(handled.reply));
      const file = handled.reply.attachment;
      if (file) {
        const dir = resolve(opts.filesDir ?? 'exports');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, file.filename.replace(/[^\w.-]/g, '_'));
        writeFileSync(path, file.content);
        print(`Saved ${path}`);
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
