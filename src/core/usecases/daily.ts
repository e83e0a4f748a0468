/**
 * "Today's question" for a channel: chosen once per (channel, local date) and
 * recorded, so every member, the scheduler's post and `answer` agree on it.
 */
import type { BankFilter } from '../bank.js';
import type { CoreDeps } from '../context.js';
import { localDate } from '../dates.js';
import type { LocalDate, Question } from '../model.js';
import { pickForDay } from '../rotation.js';

export function dailyQuestion(
  deps: CoreDeps,
  channelKey: string,
  date: LocalDate,
  filter: BankFilter = {},
): Question | null {
  const { store, bank } = deps;
  return store.transaction(() => {
    const existing = store.getDaily(channelKey, date);
    const known = existing && bank.get(existing.questionId);
    if (known) return known;
    let candidates = bank.filter(filter).map((q) => q.id);
    if (candidates.length === 0) candidates = bank.questions.map((q) => q.id);
    const pick = pickForDay(candidates, channelKey, date, store.dailyHistory(channelKey));
    if (!pick) return null;
    const stands = store.putDailyIfAbsent(channelKey, date, pick);
    return bank.get(stands.questionId) ?? null;
  });
}


export function todaysQuestionForChannel(deps: CoreDeps, channelKey: string): Question | null {
  const sub = deps.store.getSubscriptionByChannel(channelKey);
  const zone = sub?.timezone ?? deps.defaultZone ?? 'UTC';
  const filter: BankFilter = sub ? { topics: sub.topics, level: sub.level } : {};
  return dailyQuestion(deps, channelKey, localDate(deps.clock.now(), zone), filter);
}
