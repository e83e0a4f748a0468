/**
 * "Today's question" for a channel: chosen once per (channel, local date) and
 * recorded, so every member, the scheduled post and `answer` agree on it.
 */
import type { BankFilter } from '../bank.js';
import type { CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import type { LocalDate, Question } from '../model.js';
import { pickForDay } from '../rotation.js';

export async function dailyQuestion(deps: CoreDeps, channelKey: string, date: LocalDate, filter: BankFilter = {}): Promise<Question | null> {
  const { bank } = deps;
  return deps.store.transaction(async (tx) => {
    const existing = await tx.channels.getDaily(channelKey, date);
    const known = existing && bank.get(existing.questionId);
    if (known) return known;
    let candidates = bank.filter(filter).map((q) => q.id);
    if (candidates.length === 0) candidates = bank.questions.map((q) => q.id);
    const pick = pickForDay(candidates, channelKey, date, await tx.channels.dailyHistory(channelKey));
    if (!pick) return null;
    const stands = await tx.channels.putDailyIfAbsent(channelKey, date, pick);
    return bank.get(stands.questionId) ?? null;
  });
}

/** The channel's question today: in the subscription's zone, else the default zone. */
export async function todaysQuestionForChannel(deps: CoreDeps, channelKey: string): Promise<Question | null> {
  const sub = await deps.store.channels.getSubscription(channelKey);
  const zone = sub?.timezone ?? deps.defaultZone;
  const filter: BankFilter = sub ? { topics: sub.topics, level: sub.level } : {};
  return dailyQuestion(deps, channelKey, localDate(deps.clock.now(), zone), filter);
}
