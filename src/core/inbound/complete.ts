/**
 * Suggestions while a person types, ranked once for every platform: Discord
 * option autocomplete and the console's tab completion. Pure functions of
 * (bank, registry, typed text).
 */
import type { QuestionBank } from '../bank.js';
import { COMMANDS, findCommand } from '../commands/registry.js';
import { tokenize } from '../parser.js';

export interface Choice {
  /** What the person sees. */
  name: string;
  /** What is filled in. */
  value: string;
}

export const MAX_CHOICES = 25;

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

/** Prefix matches first (of the whole name or of a path segment), then matches anywhere; case-insensitive. */
export function ranked<T>(items: readonly T[], typed: string, keys: (item: T) => string[]): T[] {
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
    .slice(0, MAX_CHOICES)
    .map((z) => ({ name: z.replace(/_/g, ' '), value: z }));
}

/** Topics; for a comma-separated list the last item is completed and the earlier ones kept. */
export function topicChoices(bank: QuestionBank, typed: string, list = false): Choice[] {
  const parts = list ? typed.split(',') : [typed];
  const current = parts.pop() ?? '';
  const done = parts.map((p) => p.trim().toLowerCase()).filter(Boolean);
  const prefix = done.length ? `${done.join(',')},` : '';
  const topics = bank.topics().filter((t) => t.count > 0 && !done.includes(t.id));
  return ranked(topics, current, (t) => [t.id, t.title])
    .slice(0, MAX_CHOICES)
    .map((t) => ({ name: `${prefix}${t.id} — ${t.title} (${t.count})`, value: `${prefix}${t.id}` }));
}

export function questionChoices(bank: QuestionBank, typed: string): Choice[] {
  return ranked(bank.questions, typed, (q) => [q.id, q.topic])
    .slice(0, MAX_CHOICES)
    .map((q) => ({ name: `${q.id} — ${q.question}`, value: q.id }));
}

/** Suggestions for one option of one command (the option's kind comes from the registry, never the payload). */
export function optionChoices(bank: QuestionBank, commandName: string, optionName: string, typed: string): Choice[] {
  const spec = findCommand(commandName)?.options.find((o) => o.name === optionName);
  const text = typed.slice(0, 200);
  switch (spec?.autocomplete) {
    case 'timezone':
      return timeZoneChoices(text);
    case 'topic':
      return topicChoices(bank, text, spec.name === 'topics');
    case 'question':
      return questionChoices(bank, text);
    default:
      return (spec?.choices ?? []).filter((c) => c.startsWith(text.toLowerCase())).map((c) => ({ name: c, value: c }));
  }
}

/**
 * Tab completion of a typed command line (the console): the command name
 * first, then the next option's values (topics, question ids, zones, choices).
 * Returns whole-line candidates.
 */
export function completeLine(bank: QuestionBank, line: string): string[] {
  const trailingSpace = /\s$/.test(line);
  const words = tokenize(line);
  if (words.length === 0 || (words.length === 1 && !trailingSpace)) {
    const typed = (words[0] ?? '').toLowerCase();
    return COMMANDS.map((c) => c.name).filter((n) => n.startsWith(typed)).concat(['quit'].filter((n) => n.startsWith(typed) && typed !== ''));
  }
  const command = findCommand(words[0]!.toLowerCase());
  if (!command) return [];
  const done = trailingSpace ? words : words.slice(0, -1);
  const typed = trailingSpace ? '' : words[words.length - 1]!;
  const option = command.options[done.length - 1];
  if (!option) return [];
  const head = done.join(' ');
  return optionChoices(bank, command.name, option.name, typed).map((c) => `${head} ${c.value}`);
}
