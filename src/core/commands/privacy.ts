import { z } from 'zod';
import { UserError } from '../errors.js';
import { countLinkAttempt, createLinkCode, unlinkIdentity, useLinkCode } from '../usecases/link.js';
import { confirmForget, exportMine, forgetMe } from '../usecases/privacy.js';
import { defineCommand } from './types.js';

export const linkCommand = defineCommand({
  name: 'link',
  summary: 'Join your identities on Slack, Discord and the console into one learner: `link` gives a code, `link <code>` uses it.',
  usage: 'link [code]',
  options: [{ name: 'code', description: 'The code from `link` on your other platform', type: 'string' }],
  schema: z.object({ code: z.string().max(40, { message: 'That is not a link code.' }).optional() }),
  async prepare(input, ctx) {
    if (input.code) await countLinkAttempt(ctx.deps, ctx.event.actor.userKey);
  },
  async run(input, ctx) {
    if (!input.code) return createLinkCode(ctx);
    const identity = ctx.event.actor.userKey;
    return useLinkCode(ctx, identity, input.code);
  },
});

export const unlinkCommand = defineCommand({
  name: 'unlink',
  summary: 'Separate this identity from the learner it was linked to.',
  usage: 'unlink',
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    return unlinkIdentity(ctx, ctx.event.actor.userKey);
  },
});

export const mydataCommand = defineCommand({
  name: 'mydata',
  summary: 'Everything stored about you, as a JSON file.',
  usage: 'mydata',
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    return exportMine(ctx);
  },
});

export const forgetMeCommand = defineCommand({
  name: 'forget-me',
  summary: 'Erase everything stored about you (asks to confirm).',
  usage: 'forget-me [confirm]',
  options: [{ name: 'confirm', description: 'confirm: erase now', type: 'string', choices: ['confirm'] }],
  schema: z.object({ confirm: z.string().max(10).optional() }),
  async run(input, ctx) {
    if (input.confirm === undefined) return confirmForget(ctx);
    if (input.confirm.toLowerCase() !== 'confirm') throw new UserError('Type `forget-me confirm` to erase your data.');
    return forgetMe(ctx);
  },
});
