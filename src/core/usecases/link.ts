/**
 * One learner everywhere: `link` on one platform gives a one-time code,
 * `link <code>` on another joins that identity into the learner. Joining
 * merges (see IdentityStore.link) and recomputes the streak from the union
 * of practised days, each counted in the learner's zone.
 */
import type { CommandContext, CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import { UserError } from '../errors.js';
import { code, context, paragraph, privateReply, type Reply } from '../messages.js';
import { EMPTY_STREAK, practise, type StreakState } from '../streaks.js';
import { streakLine } from './outcome.js';
import { userZone } from './zone.js';

export const CODE_LENGTH = 10;
export const CODE_TTL_MS = 10 * 60_000;
export const CODES_PER_HOUR = 5;
export const ATTEMPTS_PER_HOUR = 5;
/** No 0/O, 1/I/L: codes are read off one screen and typed into another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newCode(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

export async function hashCode(codeText: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeText.trim().toUpperCase()));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The streak replayed over every practised day, each day as the learner's zone reads it. */
export async function recomputeStreak(deps: CoreDeps, learnerKey: string): Promise<StreakState> {
  const zone = await userZone(deps, learnerKey);
  const days = [...new Set((await deps.store.identities.gradedAt(learnerKey)).map((at) => localDate(at, zone)))].sort();
  let state = EMPTY_STREAK;
  for (const day of days) state = practise(state, day).state;
  await deps.store.people.saveStreak(learnerKey, state, deps.clock.now());
  return state;
}

export async function createLinkCode(ctx: CommandContext, codeText = newCode()): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const now = clock.now();
  const made = await store.identities.codesCreatedSince(ctx.actor.userKey, new Date(now.getTime() - 3_600_000));
  if (made >= CODES_PER_HOUR) throw new UserError(`You made ${CODES_PER_HOUR} link codes in the last hour; please wait a while before making another.`);
  await store.people.touch(ctx.actor.userKey, ctx.actor.displayName, now);
  await store.identities.createCode(await hashCode(codeText), ctx.actor.userKey, now, new Date(now.getTime() + CODE_TTL_MS));
  const text = `Your link code: ${codeText} (valid 10 minutes, once).`;
  return privateReply(text, [
    paragraph('🔗 Your one-time link code: ', code(codeText)),
    context('On your other platform (or in the console) type `link ' + codeText + '` within 10 minutes. Your practice there joins this one: one streak, one review queue.'),
  ]);
}

/**
 * Counts a try at a code, before and outside the command's transaction: a
 * wrong code rolls the transaction back, and the count must survive that, or
 * guessing would be free.
 */
export async function countLinkAttempt(deps: CoreDeps, identityKey: string): Promise<void> {
  const now = deps.clock.now();
  const attempts = await deps.store.identities.attemptsSince(identityKey, new Date(now.getTime() - 3_600_000));
  if (attempts >= ATTEMPTS_PER_HOUR) throw new UserError(`Too many link attempts in the last hour (${ATTEMPTS_PER_HOUR}); please wait before trying again.`);
  await deps.store.identities.recordAttempt(identityKey, now);
}

/** Joins `identityKey` into the learner who made the code; the attempt was counted by countLinkAttempt. */
export async function useLinkCode(ctx: CommandContext, identityKey: string, codeText: string): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const now = clock.now();
  const found = await store.identities.findCode(await hashCode(codeText));
  if (!found) throw new UserError('That code is not one I gave out. Check it, or make a new one with `link` on your other platform.');
  if (found.usedAt) throw new UserError('That code was already used. Make a new one with `link` on your other platform.');
  if (found.expiresAt.getTime() <= now.getTime()) throw new UserError('That code has expired (codes last 10 minutes). Make a new one with `link`.');
  const learner = ctx.actor.userKey;
  if (found.learnerKey === learner) throw new UserError(identityKey === learner ? 'That is your own code: type it on your other platform, not here.' : 'These identities are already linked.');
  const mine = await store.identities.identitiesOf(learner);
  if (mine.length > 1) throw new UserError('This identity is already linked with others. `unlink` it first, then link it here.');
  if (!(await store.identities.useCode(await hashCode(codeText), identityKey, now))) throw new UserError('That code was already used.');
  await store.identities.link(identityKey, found.learnerKey, now);
  const streak = await recomputeStreak({ ...ctx.deps }, found.learnerKey);
  ctx.deps.boards.clear();
  const text = `Linked. You now practise as one learner everywhere: ${streakLine(streak.current, streak.longest)}.`;
  return privateReply(text, [paragraph(`🔗 ${text}`), context('`unlink` here separates this identity again.')]);
}

export async function unlinkIdentity(ctx: CommandContext, identityKey: string): Promise<Reply> {
  const { store, clock } = ctx.deps;
  const learner = ctx.actor.userKey;
  if (identityKey === learner) {
    const others = (await store.identities.identitiesOf(learner)).filter((k) => k !== learner);
    if (others.length === 0) throw new UserError('This identity is not linked to any other.');
    throw new UserError('This is the identity the others joined. Type `unlink` on the platform you want to separate.');
  }
  await store.identities.unlink(identityKey, learner, clock.now());
  await recomputeStreak(ctx.deps, learner);
  await recomputeStreak(ctx.deps, identityKey);
  ctx.deps.boards.clear();
  const text = 'Unlinked. Grades you made here went back with this identity; the rest stays with the other.';
  return privateReply(text, [paragraph(text)]);
}
