import { z } from 'zod';
import { UserError } from '../errors.js';
import { context } from '../messages.js';
import { LEVELS, type Level } from '../model.js';
import { pickSeeded } from '../rotation.js';
import { showQuestion } from '../usecases/show.js';
import { topicError } from './shared.js';
import { defineCommand } from './types.js';

const hhmm = (d: Date) => d.toISOString().slice(11, 19);

export const questionCommand = defineCommand({
  name: 'question',
  summary: 'A practice question now, posted in the channel (optionally from one topic and level).',
  usage: 'question [topic] [level]',
  answers: 'channel',
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
      else throw new UserError(`I did not understand "${w.slice(0, 40)}".`);
    }
    return out;
  },
  schema: z.object({
    topic: z.string().max(40, { message: 'That topic name is too long; `topics` lists them.' }).optional(),
    level: z.enum(LEVELS, { message: 'level must be associate, professional or lead' }).optional(),
  }),
  async run(input, ctx) {
    const { bank, clock, limits } = ctx.deps;
    if (input.topic && !bank.hasTopic(input.topic)) throw topicError(bank, input.topic);
    const level: Level | undefined = input.level;
    const pool = bank.filter({ topics: input.topic ? [input.topic] : [], level }).map((q) => q.id);
    if (pool.length === 0) throw new UserError('No question matches that topic and level yet. Try another level.');
    const last = await ctx.deps.store.practice.getLastShown(ctx.actor.userKey, ctx.channelKey);
    const id = pickSeeded(pool, `${ctx.actor.userKey}|${clock.now().getTime()}`, new Set(last ? [last.questionId] : []))!;
    // One person may post publicly in a channel only every so often; until then the question comes privately.
    const publicOk = ctx.platform.capabilities.ephemeral ? limits.takePublic(ctx.actor.userKey, ctx.channelKey) : { ok: true as const };
    if (!publicOk.ok) {
      const reply = await showQuestion(ctx, bank.get(id)!, 'AWS interview question (just for you)', 'private');
      const note = context(`You posted a question here moments ago, so this one is only for you. The next public one is possible after ${hhmm(publicOk.nextAt)} UTC.`);
      return { ...reply, blocks: [...reply.blocks, note] };
    }
    return showQuestion(ctx, bank.get(id)!, 'AWS interview question', 'channel');
  },
});
