/**
 * Suggestions while a user types an option: topics, IANA time zones and
 * question ids. Pure functions of (bank, typed text); at most 25 choices,
 * names and values within 100 characters, as Discord requires.
 */
import type { QuestionBank } from '../../core/bank.js';
import { findCommand } from '../../core/commands/registry.js';
import type { OptionSpec } from '../../core/commands/types.js';
import { AUTOCOMPLETE_CHOICES_LIMIT, CHOICE_NAME_LIMIT, CHOICE_VALUE_LIMIT, truncate } from './limits.js';

export interface Choice {
  name: string;
  value: string;
}

/** Shown before anything is typed: the zones most study groups live in. */
const POPULAR_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

let zones: readonly string[] | null = null;
function allZones(): readonly string[] {
  // Intl lists canonical zones and may omit plain "UTC", which people type most.
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

const choice = (name: string, value: string): Choice => ({
  name: truncate(name, CHOICE_NAME_LIMIT),
  value: value.slice(0, CHOICE_VALUE_LIMIT),
});

/** Prefix matches first, then matches anywhere; case-insensitive. */
function ranked<T>(items: readonly T[], typed: string, keys: (item: T) => string[]): T[] {
  const needle = typed.trim().toLowerCase();
  if (!needle) return [...items];
  const starts: T[] = [];
  const contains: T[] = [];
  for (const item of items) {
    const hay = keys(item).map((k) => k.toLowerCase());
    if (hay.some((h) => h.startsWith(needle) || h.includes(`/${needle}`))) starts.push(item);
    else if (hay.some((h) => h.includes(needle))) contains.push(item);
  }
  return [...starts, ...contains];
}

export function timeZoneChoices(typed: string): Choice[] {
  const pool = typed.trim() ? allZones() : POPULAR_ZONES;
  return ranked(pool, typed.replace(/ /g, '_'), (z) => [z])
    .slice(0, AUTOCOMPLETE_CHOICES_LIMIT)
    .map((z) => choice(z.replace(/_/g, ' '), z));
}

/**
 * Topics. For a comma-separated list (`subscribe … topics:`) the last item is
 * completed and the earlier ones are kept in the value.
 */
export function topicChoices(bank: QuestionBank, typed: string, list = false): Choice[] {
  const parts = list ? typed.split(',') : [typed];
  const current = parts.pop() ?? '';
  const done = parts.map((p) => p.trim().toLowerCase()).filter(Boolean);
  const prefix = done.length ? `${done.join(',')},` : '';
  const topics = bank.topics().filter((t) => t.count > 0 && !done.includes(t.id));
  return ranked(topics, current, (t) => [t.id, t.title])
    .filter((t) => (prefix + t.id).length <= CHOICE_VALUE_LIMIT)
    .slice(0, AUTOCOMPLETE_CHOICES_LIMIT)
    .map((t) => choice(`${prefix}${t.id} — ${t.title} (${t.count})`, `${prefix}${t.id}`));
}

export function questionChoices(bank: QuestionBank, typed: string): Choice[] {
  return ranked(bank.questions, typed, (q) => [q.id, q.topic])
    .slice(0, AUTOCOMPLETE_CHOICES_LIMIT)
    .map((q) => choice(`${q.id} — ${q.question}`, q.id));
}

/** The option being completed, looked up in the core registry (never trusted from the payload). */
export function optionSpecFor(commandName: string, optionName: string): OptionSpec | undefined {
  return findCommand(commandName)?.options.find((o) => o.name === optionName);
}

export function autocompleteChoices(bank: QuestionBank, commandName: string, optionName: string, typed: string): Choice[] {
  const spec = optionSpecFor(commandName, optionName);
  const text = typed.slice(0, 200);
  switch (spec?.autocomplete) {
    case 'timezone':
      return timeZoneChoices(text);
    case 'topic':
      return topicChoices(bank, text, spec.name === 'topics');
    case 'question':
      return questionChoices(bank, text);
    default:
      return [];
  }
}
