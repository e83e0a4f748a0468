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
  return Object.hasOwn(aliases, w) ? aliases[w]! : w;
}

/** Topics typed as `networking, iam` or `networking,iam`. */
export function splitTopics(raw: string): string[] {
  return raw
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

/** `on` / `off` for the preference commands. */
export function onOff(raw: string | undefined, form: string): boolean | undefined {
  if (raw === undefined) return undefined;
  const w = raw.trim().toLowerCase();
  if (w === 'on') return true;
  if (w === 'off') return false;
  throw new UserError(form);
}
