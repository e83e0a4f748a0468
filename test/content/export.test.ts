import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/content/loader.js';
import { codeFence, escapeMarkdown, githubAnchor, markdownLink, questionMarkdown } from '../../src/core/markdown.js';
import { fixtureQuestion } from '../support/core.js';

const ROOT = resolve(import.meta.dirname, '../..');
const bank = loadBank();

function exportBank(...args: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'out');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export.ts', ...args, '--out', out], { cwd: ROOT, encoding: 'utf8' });
  return { ...r, out, text: r.status === 0 ? readFileSync(out, 'utf8') : '' };
}

describe('Markdown escaping (concrete input → output)', () => {
  it.each([
    ['plain words stay as they are', 'plain words stay as they are'],
    ['s3:* on arn:aws:s3:::bucket/*', 's3:\\* on arn:aws:s3:::bucket/\\*'],
    ['my_bucket_name', 'my\\_bucket\\_name'],
    ['[optional] <placeholder> a|b', '\\[optional\\] \\<placeholder\\> a\\|b'],
    ['use `aws s3 ls`', 'use \\`aws s3 ls\\`'],
    ['C:\\path', 'C:\\\\path'],
    ['(parentheses) and #hash stay', '(parentheses) and #hash stay'],
  ])('escapeMarkdown(%j) = %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it('a link: the title escaped, the target made safe for parentheses and spaces', () => {
    expect(markdownLink('A [tricky] title', 'https://docs.aws.amazon.com/a_(b).html')).toBe('[A \\[tricky\\] title](https://docs.aws.amazon.com/a_%28b%29.html)');
    expect(markdownLink('Search', 'https://www.youtube.com/results?search_query=aws vpc')).toBe('[Search](https://www.youtube.com/results?search_query=aws%20vpc)');
    expect(markdownLink('Plain', 'https://docs.aws.amazon.com/vpc/')).toBe('[Plain](https://docs.aws.amazon.com/vpc/)');
  });

  it('a code fence that the code cannot close early', () => {
    expect(codeFence('x = 1\n')).toEqual(['```', 'x = 1', '```']);
    expect(codeFence('```json\n{"Action": "s3:*"}\n```')).toEqual(['~~~~', '```json\n{"Action": "s3:*"}\n```', '~~~~']);
  });

  it('GitHub heading anchors', () => {
    expect(githubAnchor('Networking (VPC)')).toBe('networking-vpc');
    expect(githubAnchor('CloudFront & caching')).toBe('cloudfront--caching');
    expect(githubAnchor('IAM')).toBe('iam');
  });

  it('a question: heading, answer, links and diagram', () => {
    const q = { ...fixtureQuestion('odd-one', 'iam'), question: 'What does s3:* mean?', diagram: 'flowchart LR\n  A --> B' };
    const md = questionMarkdown(q);
    expect(md).toContain('### What does s3:\\* mean?\n\n`odd-one` · Associate\n');
    expect(md).toContain('- [Docs page](https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html) (docs)');
    expect(md).toContain('```mermaid\nflowchart LR\n  A --> B\n```');
  });
});

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

  it('keeps links clickable, code fenced and diagrams as Mermaid blocks', () => {
    for (const q of bank.questions.slice(0, 20)) {
      for (const l of q.links) if (!/[()\s]/.test(l.url)) expect(text).toContain(`](${l.url}) (${l.type})`);
    }
    const fences = text.match(/^(```|~~~~)$/gm) ?? [];
    expect(fences.length % 2).toBe(0);
    expect(text.match(/^```mermaid$/gm)).toHaveLength(bank.questions.filter((q) => q.diagram).length);
  });

  it('filters by topic', () => {
    const dns = exportBank('--format', 'md', '--topic', 'dns');
    expect(dns.text.match(/^### /gm)).toHaveLength(bank.filter({ topics: ['dns'] }).length);
    expect(dns.text).toMatch(/^# AWS interview questions: /);
  });

  it('refuses an unknown topic', () => {
    const bad = exportBank('--format', 'md', '--topic', 'dnss');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown topic "dnss"');
  });
});

describe('npm run export -- --format anki', () => {
  it('writes one CSV note per question with HTML links and tags, and the diagrams as PNGs beside it', () => {
    // One topic keeps the drawing short.
    const topic = bank.topics().find((t) => t.count > 0 && t.count <= 15 && bank.filter({ topics: [t.id] }).some((q) => q.diagram))!.id;
    const questions = bank.filter({ topics: [topic] });
    const { text, status, out, stderr } = exportBank('--format', 'anki', '--topic', topic);
    expect(status).toBe(0);
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual(['#separator:Comma', '#html:true', '#columns:Front,Back,Tags', '#tags column:3']);
    // Every note is three quoted fields (quotes inside doubled), one per line.
    const note = /^"(?:[^"]|"")*","(?:[^"]|"")*","(?:[^"]|"")*"$/;
    expect(lines.slice(4)).toHaveLength(questions.length);
    for (const line of lines.slice(4)) expect(line).toMatch(note);
    const first = questions[0]!;
    expect(text).toContain(`<a href=""${first.links[0]!.url.replace(/&/g, '&amp;')}"">`);
    expect(text).toContain(`"aws ${first.topic} ${first.level} ${first.tags.join(' ')}"`);
    const images = [...text.matchAll(/<img src=""(aws-diagram-[0-9a-f]+\.png)"">/g)].map((m) => m[1]!);
    expect(images).toHaveLength(questions.filter((q) => q.diagram).length);
    for (const name of images) expect(readFileSync(join(dirname(out), name)).subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(dirname(out), images[0]!))).toBe(true);
    expect(stderr).toContain(`Wrote ${images.length} diagram PNGs beside the CSV`);
  });
});
