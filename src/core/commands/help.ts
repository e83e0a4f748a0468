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
    async run(_input, ctx) {
      const line = (c: CommandDefinition) => {
        // `question [topic] [level]` as this platform spells it: `/aws question [topic] [level]`.
        const args = c.usage.slice(c.name.length);
        return `\`${ctx.platform.invocation(c.name, c.adminOnly === true)}${args}\` — ${c.summary}`;
      };
      const everyone = all().filter((c) => !c.adminOnly);
      const admins = all().filter((c) => c.adminOnly);
      return privateReply('Commands: ' + all().map((c) => c.name).join(', '), [
        heading('AWS interview practice — commands'),
        paragraph(everyone.map(line).join('\n')),
        paragraph('For channel admins:\n' + admins.map(line).join('\n')),
        context('Each day: read the question, think (or write) your answer, reveal it privately, then grade yourself to keep your streak. What is stored about you and how to erase it: docs/privacy.md (`mydata`, `forget-me`).'),
      ]);
    },
  };
}
