/**
 * Reads content/aws/*.yaml into validated questions. A broken file stops the
 * load with the file, the entry's id (or index), the field and what was
 * expected, so a content author can fix it without reading code.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { QuestionBank } from '../core/bank.js';
import type { Question } from '../core/model.js';
import { questionSchema } from './schema.js';
import { TOPICS } from './topics.js';

export const CONTENT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../content/aws');

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The question bank has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ContentError';
  }
}

export interface LoadedEntry {
  file: string;
  question: Question;
}

/** Loads every file and returns all problems at once rather than the first. */
export function loadEntries(dir = CONTENT_DIR): LoadedEntry[] {
  const problems: string[] = [];
  const entries: LoadedEntry[] = [];
  const seen = new Map<string, string>();
  const topicIds = new Set(TOPICS.map((t) => t.id));
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch (err) {
    throw new ContentError([`${dir}: cannot read the content folder (${(err as NodeJS.ErrnoException).code ?? err})`]);
  }
  for (const name of files) {
    const file = join(dir, name);
    const stem = basename(name).replace(/\.ya?ml$/, '');
    const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push(`${name}: YAML error: ${e.message.split('\n')[0]}`);
      continue;
    }
    const data: unknown = doc.toJS();
    if (!Array.isArray(data)) {
      problems.push(`${name}: expected a YAML list of questions at the top level`);
      continue;
    }
    if (!topicIds.has(stem)) problems.push(`${name}: "${stem}" is not a known topic (src/content/topics.ts)`);
    data.forEach((raw: unknown, index: number) => {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const label = `${name}: entry ${typeof rawId === 'string' ? `"${rawId}"` : `#${index + 1}`}`;
      const parsed = questionSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push(`${label}: field "${issue.path.join('.') || '(entry)'}": ${issue.message}`);
        }
        return;
      }
      const q = parsed.data;
      if (q.topic !== stem) problems.push(`${label}: field "topic": expected "${stem}" (the file name), got "${q.topic}"`);
      const other = seen.get(q.id);
      if (other) problems.push(`${label}: field "id": duplicate of an entry in ${other}`);
      seen.set(q.id, name);
      entries.push({ file: name, question: q as Question });
    });
  }
  if (problems.length > 0) throw new ContentError(problems);
  return entries;
}

/** The bank's edition: a hash of its files, recorded with each problem report. */
export function bankVersion(dir = CONTENT_DIR): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  return hash.digest('hex').slice(0, 12);
}

export function loadBank(dir = CONTENT_DIR): QuestionBank {
  return new QuestionBank(
    loadEntries(dir).map((e) => e.question),
    TOPICS,
    bankVersion(dir),
  );
}
