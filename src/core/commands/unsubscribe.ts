import { z } from 'zod';
import { paragraph, privateReply } from '../messages.js';
import { defineCommand } from './types.js';

export const unsubscribeCommand = defineCommand({
  name: 'unsubscribe',
  summary: 'Stop the daily question in this channel.',
  usage: 'unsubscribe',
  adminOnly: true,
  options: [],
  schema: z.object({}),
  async run(_input, ctx) {
    const removed = await ctx.deps.store.channels.deleteSubscription(ctx.channelKey);
    if (removed) {
      await ctx.deps.store.channels.recordScheduleChange({ channelKey: ctx.channelKey, actor: ctx.actor.userKey, action: 'unsubscribe', detail: 'stopped the daily question', at: ctx.deps.clock.now() });
    }
    const text = removed ? 'Unsubscribed: this channel gets no more daily questions.' : 'This channel has no daily question to stop.';
    return privateReply(text, [paragraph(text)]);
  },
});
