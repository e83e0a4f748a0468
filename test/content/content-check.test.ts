import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const check = (dir?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', ...(dir ? ['--dir', dir] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
  });

/** A copy of the real bank to break on purpose. */
function bankCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bank-'));
  cpSync(join(ROOT, 'content/aws'), dir, { recursive: true });
  return dir;
}

describe('npm run content:check', () => {
  it('passes on the real bank and prints the coverage table', () => {
    const r = check();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^topic\s+associate\s+professional\s+lead\s+total$/m);
    expect(r.stdout).toMatch(/^networking\s+\d+\s+\d+\s+\d+\s+\d+$/m);
    expect(r.stdout).toMatch(/content:check OK: \d+ questions in 18 files/);
  });

  it('fails a broken entry with file, id, field and reason', () => {
    const dir = bankCopy();
    const file = join(dir, 'dns.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/url: "?https:\/\/docs\.aws\.amazon\.com/, 'url: "http://docs.aws.amazon.com'));
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dns\.yaml: entry "[a-z0-9-]+": field "links\.\d\.url": must use https:\/\//);
  });

  it('fails a question that asks the same as another', () => {
    const dir = bankCopy();
    const file = join(dir, 'dns.yaml');
    const text = readFileSync(file, 'utf8');
    const firstQuestion = /^ {2}question: (.+)$/m.exec(text)![1]!;
    const copy = text.split('\n- id: ')[1]!.replace(/^[a-z0-9-]+/, 'r53-copy-of-first');
    writeFileSync(file, `${text.trimEnd()}\n\n- id: ${copy.replace(/^ {2}question: .+$/m, `  question: ${firstQuestion}`)}`);
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/entry "r53-copy-of-first": field "question": asks nearly the same as/);
  });

  it('fails a localized docs link', () => {
    const dir = bankCopy();
    const file = join(dir, 'iam.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('https://docs.aws.amazon.com/IAM/', 'https://docs.aws.amazon.com/de_de/IAM/'));
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/iam\.yaml: entry "[a-z0-9-]+": field "links\.\d\.url": is a localized copy/);
  });
});
