import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadBank, loadEntries } from '../../src/content/loader.js';

const good = `
- id: vpc-what-is
  topic: networking
  level: associate
  question: What is a VPC?
  answer: >-
    A VPC is your own logically isolated network in an AWS Region. You choose its IP ranges, subnets and routing.
  eli5: A VPC is like a fenced garden inside a huge public park, with your own gates.
  example: A shop puts web servers in public subnets and its database in private ones.
  links:
    - { title: What is Amazon VPC?, url: "https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html", type: docs }
    - { title: VPC video search, url: "https://www.youtube.com/results?search_query=aws+vpc", type: video }
  tags: [vpc]
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problems(files: Record<string, string>): string[] {
  try {
    loadEntries(dirWith(files));
  } catch (err) {
    if (err instanceof ContentError) return err.problems;
    throw err;
  }
  return [];
}

describe('content loader', () => {
  it('loads a valid file', () => {
    const entries = loadEntries(dirWith({ 'networking.yaml': good }));
    expect(entries.map((e) => e.question.id)).toEqual(['vpc-what-is']);
    expect(entries[0]!.question.followups).toEqual([]);
  });

  it('names the file, the entry id, the field and what was expected', () => {
    const broken = good.replace('level: associate', 'level: expert').replace('https://docs', 'http://docs');
    expect(problems({ 'networking.yaml': broken })).toEqual([
      expect.stringMatching(/^networking\.yaml: entry "vpc-what-is": field "level": .*associate.*professional.*lead/),
      expect.stringMatching(/^networking\.yaml: entry "vpc-what-is": field "links\.0\.url": must use https/),
    ]);
  });

  it('requires a docs.aws.amazon.com docs link and a video link', () => {
    const noDocs = good.replace('type: docs', 'type: article');
    expect(problems({ 'networking.yaml': noDocs })).toEqual([
      expect.stringMatching(/field "links": needs at least one type: docs link on docs\.aws\.amazon\.com/),
    ]);
  });

  it('uses the index when an entry has no id', () => {
    expect(problems({ 'networking.yaml': good.replace('- id: vpc-what-is\n  ', '- ') })).toEqual([
      expect.stringMatching(/^networking\.yaml: entry #1: field "id": .*expected string/),
    ]);
  });

  it('reports YAML syntax errors, wrong topics, unknown fields and duplicates', () => {
    expect(problems({ 'networking.yaml': '- id: [unclosed' })[0]).toMatch(/^networking\.yaml: YAML error/);
    expect(problems({ 'dns.yaml': good })).toEqual([expect.stringMatching(/field "topic": expected "dns"/)]);
    expect(problems({ 'networking.yaml': good + '  colour: blue\n' })[0]).toMatch(/Unrecognized key.*colour/);
    expect(problems({ 'networking.yaml': good + good.replace('- id', '- id') })).toEqual([
      expect.stringMatching(/field "id": duplicate of an entry in networking\.yaml/),
    ]);
    expect(problems({ 'nonsense.yaml': '[]' })).toEqual([expect.stringMatching(/"nonsense" is not a known topic/)]);
    expect(problems({ 'networking.yaml': 'id: x' })).toEqual(['networking.yaml: expected a YAML list of questions at the top level']);
  });

  it('rejects links to hosts off the allow-list and over-long answers', () => {
    const offHost = good.replace('https://www.youtube.com/results?search_query=aws+vpc', 'https://example.com/video');
    expect(problems({ 'networking.yaml': offHost })[0]).toMatch(/links\.1\.url": host must be one of/);
    const long = good.replace(/A VPC is your own.*routing\./, 'Long sentence. '.repeat(60).trim());
    expect(problems({ 'networking.yaml': long }).join('\n')).toMatch(/field "answer": Too big/);
  });

  it('the real bank loads with at least 15 questions in the full shape', () => {
    const bank = loadBank();
    expect(bank.size).toBeGreaterThanOrEqual(15);
    for (const q of bank.questions) {
      expect(q.links.some((l) => l.type === 'docs')).toBe(true);
      expect(q.links.some((l) => l.type === 'video')).toBe(true);
    }
  });
});
