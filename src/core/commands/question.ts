import { z } from 'zod';
import { UserError } from '../errors.js';
import { LEVELS, type Level } from '../model.js';
import { pickSeeded } from '../rotation.js';
import { showQuestion } from '../usecases/show.js';
import { topicError } from './shared.js';
import { defineCommand } from './types.js';

export const questionCommand = defineCommand({
  name: 'question',
  summary: 'A practice question now (optionally from one topic and level).',
  usage: 'question [topic] [level]',
  options: [
    { name: 'topic', description: 'Topic, e.g. networking', type: 'string', autocomplete: 'topic' },
    { name: 'level', description: 'associate, professional or lead', type: 'string', choices: LEVELS },
  ],
  // Topic and level may come in either order: `question lead iam` works too.
  parseText(words) {
    const out: Record<string, unknown> = {};
    for (const w of words) {
      const lower = w.toLowerCase();
      if ((LEVELS as readonly string[]).includes(lower) && out.level === undefined) out.level = lower;
      else if (out.topic === undefined) out.topic = lower;
      else throw new UserError(`I did not understand "${w}".`);
    }
    return out;
  },
  schema: z.object({
    topic: z.string().max(40).optional(),
    level: z.enum(LEVELS, { message: 'level must be associate, professional or lead' }).optional(),
  }),
  run(input, ctx) {
    const { bank, clock } = ctx.deps;
    if (input.topic && !bank.hasTopic(input.topic)) throw topicError(bank, input.topic);
    const level: Level | undefined = input.level;
    const pool = bank.filter({ topics: input.topic ? [input.topic] : [], level }).map((q) => q.id);
    if (pool.length === 0) throw new UserError('No question matches that topic and level yet. Try another level.');
    const last = ctx.deps.store.getLastShown(ctx.actor.userKey, ctx.channelKey);
    const id = pickSeeded(pool, `${ctx.actor.userKey}|${clock.now().getTime()}`, new Set(last ? [last] : []))!;
    return showQuestion(ctx, bank.get(id)!, 'AWS interview question', 'channel');
  },
});
