import { z } from 'zod';
import { context, heading, paragraph, privateReply } from '../messages.js';
import type { CommandDefinition } from './types.js';

/** Built from the registry so the list can never drift from what exists. */
export function makeHelpCommand(all: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    summary: 'What the bot can do.',
    usage: 'help',
    options: [],
    schema: z.object({}),
    run() {
      const lines = all().map((c) => `\`${c.usage}\` — ${c.summary}${c.adminOnly ? ' (admins)' : ''}`);
      return privateReply('Commands: ' + all().map((c) => c.name).join(', '), [
        heading('AWS interview practice — commands'),
        paragraph(lines.join('\n')),
        context('Each day: read the question, think of your answer, reveal it privately, then grade yourself to keep your streak.'),
      ]);
    },
  };
}
