/**
 * Delivering an Outcome on Slack, the way its delivery says: a message for
 * the channel or for the asker only (through the interaction's response
 * URL), a replacement of the private message a button sat on, a modal, or
 * the Home tab. A file the reply hands over goes to the person's DM.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/messages.js';
import type { Outcome } from '../../core/ports/inbound.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SlackChatPort } from './chat-port.js';
import type { SlackReplyTo } from './normalize.js';
import { renderHomeView, renderModal, renderReply, type SlackPictures } from './render.js';

export interface DeliverEnv {
  client: webApi.WebClient;
  chatPort: SlackChatPort;
  pictures: (reply: Reply, scope: string | undefined) => Promise<SlackPictures>;
  logger: Logger;
  /** Posts a JSON body to a response URL (Bolt's respond, or a plain POST after a restart). */
  respond: (responseUrl: string, body: Record<string, unknown>) => Promise<void>;
}

export interface Target {
  userKey: string;
  userId: string;
  scope: string;
  replyTo: SlackReplyTo;
}

export async function deliver(outcome: Outcome, target: Target, env: DeliverEnv): Promise<void> {
  let reply = outcome.reply;
  if (reply.attachment) {
    const where = await env.chatPort.deliverFile(target.userKey, reply.attachment);
    reply = { ...reply, attachment: undefined, blocks: [...reply.blocks, { kind: 'context', text: where }] };
  }
  if (outcome.delivery === 'form' && outcome.form) {
    if (!target.replyTo.triggerId) throw new Error('no trigger id to open a form with');
    await env.client.views.open({ trigger_id: target.replyTo.triggerId, view: renderModal(outcome.form, target.replyTo.channelId) });
    return;
  }
  if (outcome.delivery === 'home') {
    await env.client.views.publish({ user_id: target.userId, view: renderHomeView(reply) });
    return;
  }
  const message = renderReply(reply, await env.pictures(reply, target.scope));
  const body = {
    ...message,
    response_type: outcome.delivery === 'channel' ? 'in_channel' : 'ephemeral',
    // Only a private message is replaced: replacing a channel post would change it for everyone.
    replace_original: outcome.delivery === 'replace',
    unfurl_links: false,
    unfurl_media: false,
  };
  if (target.replyTo.responseUrl) {
    await env.respond(target.replyTo.responseUrl, body);
    return;
  }
  // A modal's answer has no response URL: show it to the person where they were, else in their DM.
  if (target.replyTo.channelId) {
    await env.client.chat.postEphemeral({ channel: target.replyTo.channelId, user: target.userId, ...message });
    return;
  }
  const sent = await env.chatPort.sendDirect(target.userKey, reply);
  if (!sent.ok) env.logger.warn({ reason: sent.reason }, 'could not deliver a reply by DM');
}
