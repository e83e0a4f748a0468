/** Showing a question to someone, and revealing its answer. */
import { answerCard, questionCard } from '../cards.js';
import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import type { Reply } from '../messages.js';
import type { Question } from '../model.js';

export function findQuestion(ctx: CommandContext, id: string): Question {
  const q = ctx.deps.bank.get(id.trim().toLowerCase());
  if (!q) {
    throw new UserError(
      `There is no question with id "${id.slice(0, 80)}". Ids look like \`vpc-peering-edge-to-edge\`; \`topics\` lists the topics and \`question <topic>\` shows one with its id.`,
    );
  }
  return q;
}

/** A question card; remembers it so `answer` without an id reveals this one. */
export function showQuestion(
  ctx: CommandContext,
  q: Question,
  title: string,
  visibility: 'channel' | 'private',
  source = 'd',
): Reply {
  const { store, clock } = ctx.deps;
  store.transaction(() => {
    store.touchUser(ctx.actor.userKey, ctx.actor.displayName, clock.now());
    store.setLastShown(ctx.actor.userKey, ctx.channelKey, q.id, clock.now(), source);
  });
  return questionCard(ctx.deps.bank, q, { title, visibility, source });
}

export function revealAnswer(ctx: CommandContext, q: Question, source?: string): Reply {
  const { store, clock } = ctx.deps;
  store.transaction(() => {
    store.touchUser(ctx.actor.userKey, ctx.actor.displayName, clock.now());
    // Keeping the source lets a typed grade (`knew`) continue a review or mock like a button does.
    store.setLastShown(ctx.actor.userKey, ctx.channelKey, q.id, clock.now(), source);
  });
  return answerCard(ctx.deps.bank, q, source);
}
