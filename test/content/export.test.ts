import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/content/loader.js';
import { githubAnchor } from '../../src/core/markdown.js';

const ROOT = resolve(import.meta.dirname, '../..');
const bank = loadBank();

function exportBank(...args: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'out');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export.ts', ...args, '--out', out], { cwd: ROOT, encoding: 'utf8' });
  return { ...r, text: r.status === 0 ? readFileSync(out, 'utf8') : '' };
}

describe('npm run export -- --format md (the real bank)', () => {
  const { text, status } = exportBank('--format', 'md');

  it('writes every question, each answer in a collapsible block', () => {
    expect(status).toBe(0);
    expect(text.match(/^### /gm)).toHaveLength(bank.size);
    expect(text.match(/^<details>$/gm)).toHaveLength(bank.size);
    expect(text.match(/^<\/details>$/gm)).toHaveLength(bank.size);
    // GitHub renders Markdown inside <details> only after a blank line.
    expect(text).toContain('<summary>Show answer</summary>\n\n');
  });

  it('has a table of contents whose anchors match the topic headings', () => {
    const toc = [...text.matchAll(/^- \[(.+)\]\(#([^)]+)\) \((\d+)\)$/gm)];
    expect(toc.length).toBe(bank.topics().filter((t) => t.count > 0).length);
    for (const [, title, anchor, count] of toc) {
      expect(text).toContain(`\n## ${title}\n`);
      expect(anchor).toBe(githubAnchor(title!));
      expect(Number(count)).toBe(bank.topics().find((t) => t.title === title)!.count);
    }
  });

  it('keeps links clickable and code fenced', () => {
    const q = bank.questions.find((x) => x.code)!;
    expect(text).toContain(`- [${q.links[0]!.title.replace(/([\\`*_[\]<>|])/g, '\\$1')}](${q.links[0]!.url}) (${q.links[0]!.type})`);
    const fences = text.match(/^(```|~~~~)$/gm) ?? [];
    expect(fences.length % 2).toBe(0);
  });

  it('filters by topic and refuses an unknown one', () => {
    const dns = exportBank('--format', 'md', '--topic', 'dns');
    expect(dns.text.match(/^### /gm)).toHaveLength(bank.filter({ topics: ['dns'] }).length);
    const bad = exportBank('--format', 'md', '--topic', 'dnss');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown topic "dnss"');
  });
});

describe('npm run export -- --format anki', () => {
  it('writes one CSV note per question with HTML links and tags', () => {
    const { text, status } = exportBank('--format', 'anki');
    expect(status).toBe(0);
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual(['#separator:Comma', '#html:true', '#columns:Front,Back,Tags', '#tags column:3']);
    // Every note is three quoted fields (quotes inside doubled), one per line.
    const note = /^"(?:[^"]|"")*","(?:[^"]|"")*","(?:[^"]|"")*"$/;
    expect(lines.slice(4)).toHaveLength(bank.size);
    for (const line of lines.slice(4)) expect(line).toMatch(note);
    const first = bank.questions[0]!;
    expect(text).toContain(`<a href=""${first.links[0]!.url.replace(/&/g, '&amp;')}"">`);
    expect(text).toContain(`"aws ${first.topic} ${first.level} ${first.tags.join(' ')}"`);
  });
});
