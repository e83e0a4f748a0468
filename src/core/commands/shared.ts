/** Small helpers several commands share. */
import type { QuestionBank } from '../bank.js';
import { UserError } from '../errors.js';

export function topicError(bank: QuestionBank, topic: string): UserError {
  const known = bank
    .topics()
    .map((t) => t.id)
    .join(', ');
  return new UserError(`There is no topic "${topic.slice(0, 40)}". Topics: ${known}.`);
}

/** Accepts `knew|partly|missed`, the console's `1|2|3` and a few friendly synonyms. */
export function normaliseGrade(raw: string): string {
  const w = raw.trim().toLowerCase();
  const aliases: Record<string, string> = {
    '1': 'knew',
    '2': 'partly',
    '3': 'missed',
    knew: 'knew',
    'knew-it': 'knew',
    yes: 'knew',
    partly: 'partly',
    partial: 'partly',
    missed: 'missed',
    no: 'missed',
    "didn't": 'missed',
  };
  return aliases[w] ?? w;
}
