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

/**
 * A question card; remembers it for this person (so `answer` without an id
 * reveals it) and, when everyone sees it, for the channel.
 */
export async function showQuestion(
  ctx: CommandContext,
  q: Question,
  title: string,
  visibility: 'channel' | 'private',
  source = 'd',
): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const now = clock.now();
  await store.people.touch(ctx.actor.userKey, ctx.actor.displayName, now);
  await store.practice.setLastShown(ctx.actor.userKey, ctx.channelKey, q.id, now, source);
  if (visibility === 'channel') await store.channels.setChannelShown(ctx.channelKey, q.id, now);
  return questionCard(ctx.deps.bank, q, { title, visibility, source, platform: ctx.platform });
}

export async function revealAnswer(ctx: CommandContext, q: Question, source?: string): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const now = clock.now();
  await store.people.touch(ctx.actor.userKey, ctx.actor.displayName, now);
  // Keeping the source lets a typed grade (`knew`) continue a review or mock like a button does;
  // the "revealed" mark lets a bare 1/2/3 grade only what was actually revealed.
  await store.practice.setLastShown(ctx.actor.userKey, ctx.channelKey, q.id, now, revealedSource(source));
  return answerCard(ctx.deps.bank, q, { source, platform: ctx.platform });
}

/** Last-shown sources carry a trailing `!` once the answer was revealed. */
export const revealedSource = (source: string | undefined): string => `${source ?? 'd'}!`;
export const isRevealed = (source: string | null | undefined): boolean => source?.endsWith('!') ?? false;
export const baseSource = (source: string | null | undefined): string | null => (source ? source.replace(/!$/, '') : null);
