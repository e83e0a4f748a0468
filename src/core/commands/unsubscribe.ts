import { z } from 'zod';
import { paragraph, privateReply } from '../messages.js';
import { defineCommand } from './types.js';

export const unsubscribeCommand = defineCommand({
  name: 'unsubscribe',
  summary: 'Stop the daily question in this channel (channel admins).',
  usage: 'unsubscribe',
  adminOnly: true,
  options: [],
  schema: z.object({}),
  run(_input, ctx) {
    const removed = ctx.deps.store.deleteSubscription(ctx.channelKey);
    const text = removed
      ? 'Unsubscribed: this channel gets no more daily questions.'
      : 'This channel has no daily question to stop.';
    return privateReply(text, [paragraph(text)]);
  },
});
