import { z } from 'zod';
import { paragraph, privateReply } from '../messages.js';
import { plural } from '../text.js';
import { onOff } from './shared.js';
import { defineCommand } from './types.js';

const SHARE_FORM = 'Say `share on` (others may see your accuracy and activity with `streak @you`) or `share off`.';
const NOTES_FORM = 'Say `notes on` (written answers are kept and appear in `export`) or `notes off`.';

export const shareCommand = defineCommand({
  name: 'share',
  summary: 'Let others in this workspace/server see your details with `streak @you` (on), or not (off, the default).',
  usage: 'share <on|off>',
  options: [{ name: 'state', description: 'on or off', type: 'string', required: true, choices: ['on', 'off'] }],
  schema: z.object({ state: z.string({ message: SHARE_FORM }).max(10, { message: SHARE_FORM }) }),
  async run(input, ctx) {
    const on = onOff(input.state, SHARE_FORM)!;
    await ctx.deps.store.people.touch(ctx.actor.userKey, ctx.actor.displayName, ctx.deps.clock.now());
    await ctx.deps.store.people.setPreferences(ctx.actor.userKey, { shareDetails: on });
    const text = on ? 'Others here can now see your accuracy by topic and activity grid with `streak`.' : 'Your details are private again: others see only what the leaderboard shows.';
    return privateReply(text, [paragraph(text)]);
  },
});

export const notesCommand = defineCommand({
  name: 'notes',
  summary: 'Keep your written answers for `export` (on), or discard them after scoring (off, the default).',
  usage: 'notes <on|off>',
  options: [{ name: 'state', description: 'on or off', type: 'string', required: true, choices: ['on', 'off'] }],
  schema: z.object({ state: z.string({ message: NOTES_FORM }).max(10, { message: NOTES_FORM }) }),
  async run(input, ctx) {
    const on = onOff(input.state, NOTES_FORM)!;
    await ctx.deps.store.people.touch(ctx.actor.userKey, ctx.actor.displayName, ctx.deps.clock.now());
    await ctx.deps.store.people.setPreferences(ctx.actor.userKey, { keepNotes: on });
    // Off means off: what was kept goes too, not only what comes next.
    const deleted = on ? 0 : await ctx.deps.store.practice.deleteWrittenAnswers(ctx.actor.userKey);
    const text = on
      ? 'Written answers are now kept and appear in `export`.'
      : `Written answers are discarded after scoring from now on${deleted > 0 ? `; the ${plural(deleted, 'answer')} you had kept ${deleted === 1 ? 'was' : 'were'} deleted` : ''}.`;
    return privateReply(text, [paragraph(text)]);
  },
});
