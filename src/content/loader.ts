/**
 * Reads content/aws/*.yaml into validated questions. A broken file stops the
 * load with the file, the entry's id (or index), the field and what was
 * expected, so a content author can fix it without reading code.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
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

/**
 * The validated bank as JSON, named by the hash of the content files and of
 * this loader's and the schema's code, so a changed file or a changed rule
 * never reads a stale copy. Parsing 1.3 MB of YAML costs about 1.5 s at
 * start-up; reading this file, about 30 ms.
 */
function cacheName(version: string): string {
  const here = fileURLToPath(import.meta.url);
  const code = createHash('sha256');
  for (const file of [here, join(dirname(here), `schema${extname(here)}`)]) if (existsSync(file)) code.update(readFileSync(file));
  return `bank-${version}-${code.digest('hex').slice(0, 8)}.json`;
}

/**
 * loadBank with a cache: the first of `readFrom` holding this bank's JSON is
 * used; otherwise the YAML is parsed and validated, and the JSON written to
 * `writeTo` (when it is writable — a read-only image simply parses).
 */
export function loadBankCached(opts: { dir?: string; readFrom: readonly (string | undefined)[]; writeTo?: string | undefined }): QuestionBank {
  const dir = opts.dir ?? CONTENT_DIR;
  const version = bankVersion(dir);
  const name = cacheName(version);
  for (const folder of opts.readFrom) {
    if (!folder) continue;
    try {
      const questions = JSON.parse(readFileSync(join(folder, name), 'utf8')) as unknown;
      if (Array.isArray(questions) && questions.length > 0) return new QuestionBank(questions as Question[], TOPICS, version);
    } catch {
      // Missing or unreadable: parse instead.
    }
  }
  const bank = loadBank(dir);
  if (opts.writeTo) {
    try {
      mkdirSync(opts.writeTo, { recursive: true });
      const tmp = join(opts.writeTo, `${name}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(bank.questions));
      renameSync(tmp, join(opts.writeTo, name));
      // Earlier editions' copies are of no further use.
      for (const old of readdirSync(opts.writeTo)) if (/^bank-.*\.json$/.test(old) && old !== name) rmSync(join(opts.writeTo, old), { force: true });
    } catch {
      // A read-only folder: the next start parses again, nothing worse.
    }
  }
  return bank;
}
