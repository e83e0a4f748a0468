/** The parsed bank kept as JSON: used when it matches the files, ignored when they changed, never a reason to fail. */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank, loadBankCached } from '../../src/content/loader.js';

const REAL = resolve(import.meta.dirname, '../../content/aws');

function bankCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bank-cache-'));
  copyFileSync(join(REAL, 'dns.yaml'), join(dir, 'dns.yaml'));
  return dir;
}

describe('loadBankCached', () => {
  it('writes the validated bank once, then reads the same questions back without parsing YAML', () => {
    const dir = bankCopy();
    const cache = join(dir, 'cache');
    const first = loadBankCached({ dir, readFrom: [cache], writeTo: cache });
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^bank-[0-9a-f]{12}-[0-9a-f]{8}\.json$/);
    // Proof that the second load reads the cache: the copy there is what it returns.
    const marked = JSON.parse(readFileSync(join(cache, files[0]!), 'utf8')) as { id: string; question: string }[];
    marked[0]!.question = 'read from the cache';
    writeFileSync(join(cache, files[0]!), JSON.stringify(marked));
    const second = loadBankCached({ dir, readFrom: [cache] });
    expect(second.questions[0]!.question).toBe('read from the cache');
    expect(second.questions.map((q) => q.id)).toEqual(first.questions.map((q) => q.id));
    expect(second.version).toBe(first.version);
    expect(first.questions).toEqual(loadBank(dir).questions);
  });

  it('a changed content file is parsed again (its hash names another cache file), and the old copy goes', () => {
    const dir = bankCopy();
    const cache = join(dir, 'cache');
    loadBankCached({ dir, readFrom: [cache], writeTo: cache });
    const text = readFileSync(join(dir, 'dns.yaml'), 'utf8');
    writeFileSync(join(dir, 'dns.yaml'), text.replace(/question: (.+)/, 'question: $1 (edited)'));
    const bank = loadBankCached({ dir, readFrom: [cache], writeTo: cache });
    expect(bank.questions[0]!.question).toMatch(/\(edited\)$/);
    expect(readdirSync(cache)).toHaveLength(1);
  });

  it('a broken cache file or a read-only cache folder changes nothing but speed', () => {
    const dir = bankCopy();
    const cache = join(dir, 'cache');
    loadBankCached({ dir, readFrom: [cache], writeTo: cache });
    const [name] = readdirSync(cache);
    writeFileSync(join(cache, name!), '{ not json');
    expect(loadBankCached({ dir, readFrom: [cache] }).size).toBe(loadBank(dir).size);
    const readOnly = join(dir, 'ro');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    expect(() => loadBankCached({ dir, readFrom: [readOnly], writeTo: join(readOnly, 'sub') })).not.toThrow();
  });
});
