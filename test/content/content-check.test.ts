/**
 * `npm run content:check` as a process: the real bank passes; broken entries
 * fail with file, id, field and reason. The failure cases run on small
 * fixture banks (a copy of one real file, or entries written here), so each
 * run draws only a few diagrams.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const check = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

/** A folder holding copies of some real bank files. */
function copyOf(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bank-'));
  for (const f of files) copyFileSync(join(ROOT, 'content/aws', f), join(dir, f));
  return dir;
}

/** A valid entry in the second-edition shape; `over` changes fields. */
function entry(id: string, question: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    topic: 'networking',
    level: 'associate',
    question,
    answer:
      'Security groups are stateful and attach to network interfaces, so return traffic is allowed automatically. ' +
      'Network ACLs are stateless, apply to whole subnets and are evaluated in rule-number order. ' +
      'Only network ACLs can explicitly deny traffic.',
    eli5: 'A security group is a bouncer who remembers your face; a network ACL is a turnstile that checks every ticket both ways.',
    example: 'A web tier allows 443 in its security group, and the subnet ACL denies a noisy IP range for the whole subnet.',
    followups: ['Why must an ACL allow ephemeral ports outbound?'],
    links: [
      { title: 'Control subnet traffic with network access control lists', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html', type: 'docs' },
      { title: 'YouTube: security groups vs network ACLs', url: 'https://www.youtube.com/results?search_query=aws+security+group+vs+network+acl', type: 'video' },
    ],
    tags: ['vpc', 'security-groups'],
    keypoints: [
      { point: 'Security groups are stateful', terms: ['security group + stateful', 'return traffic'], central: true },
      { point: 'Network ACLs are stateless', terms: ['network acl + stateless', 'nacl + stateless'] },
      { point: 'Only network ACLs can deny', terms: ['explicitly deny', 'acl + deny'] },
    ],
    verified: '2026-11',
    ...over,
  };
}

function bankOf(entries: Record<string, unknown>[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bank-'));
  writeFileSync(join(dir, 'networking.yaml'), stringify(entries));
  return dir;
}

describe('npm run content:check', () => {
  // The real bank is checked by `npm test` itself (`npm run content:check` runs before vitest, and its
  // failure fails the run); here the check runs on small fixture banks, each failure drawn from a real file.
  it('prints the coverage table and the key-point and diagram counts', () => {
    const r = check('--dir', copyOf('dns.yaml'));
    expect(r.stdout).toMatch(/^topic\s+associate\s+professional\s+lead\s+total$/m);
    expect(r.stdout).toMatch(/^dns\s+\d+\s+\d+\s+\d+\s+\d+$/m);
    expect(r.stdout).toMatch(/^diagrams: \d+ · key points on \d+ · verified dates on \d+$/m);
    // A slice of the bank misses the other topics and the totals: reported as coverage, not as broken entries.
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/coverage: topic "networking" has no questions/);
    expect(r.stderr).not.toMatch(/dns\.yaml: entry/);
  }, 60_000);

  it('fails a broken entry with file, id, field and reason', () => {
    const dir = copyOf('dns.yaml');
    const file = join(dir, 'dns.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/url: "?https:\/\/docs\.aws\.amazon\.com/, 'url: "http://docs.aws.amazon.com'));
    const r = check('--dir', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dns\.yaml: entry "[a-z0-9-]+": field "links\.\d\.url": must use https:\/\//);
  });

  it('fails a question that asks the same as another', () => {
    const dir = copyOf('dns.yaml');
    const file = join(dir, 'dns.yaml');
    const text = readFileSync(file, 'utf8');
    const firstQuestion = /^ {2}question: (.+)$/m.exec(text)![1]!;
    const copy = text.split('\n- id: ')[1]!.replace(/^[a-z0-9-]+/, 'r53-copy-of-first');
    writeFileSync(file, `${text.trimEnd()}\n\n- id: ${copy.replace(/^ {2}question: .+$/m, `  question: ${firstQuestion}`)}`);
    const r = check('--dir', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dns\.yaml: entry "r53-copy-of-first": field "question": asks nearly the same as "[a-z0-9-]+" in dns\.yaml/);
  });

  it('fails a localized docs link', () => {
    const dir = copyOf('dns.yaml');
    const file = join(dir, 'dns.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('https://docs.aws.amazon.com/Route53/', 'https://docs.aws.amazon.com/de_de/Route53/'));
    const r = check('--dir', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dns\.yaml: entry "[a-z0-9-]+": field "links\.\d\.url": is a localized copy/);
  });

  it('checks key points against the bank’s own answer, and diagrams by drawing them', () => {
    const nodes = Array.from({ length: 16 }, (_, i) => `  N${i}[Step ${i}]`).join('\n');
    const dir = bankOf([
      entry('sg-nacl-good', 'How do security groups and network ACLs differ?', { diagram: 'flowchart LR\n  C[Client] --> SG[Security group]\n  SG --> EC2[Instance]' }),
      entry('sg-nacl-unfindable', 'Which VPC firewall remembers connections, and which one can block an address?', {
        keypoints: [
          { point: 'Security groups are stateful', terms: ['security group + stateful'] },
          { point: 'Prefix lists keep rules short', terms: ['prefix list'] },
          { point: 'Flow logs show rejected packets', terms: ['flow logs'] },
        ],
      }),
      entry('sg-nacl-self-contradicting', 'Where would you put a deny rule for one bad IP range in a VPC?', {
        keypoints: [
          { point: 'Security groups are stateful', terms: ['security group + stateful'], contradicts: ['network acl + stateless'] },
          { point: 'Network ACLs are stateless', terms: ['nacl + stateless', 'network acl + stateless'] },
          { point: 'Only network ACLs can deny', terms: ['explicitly deny'] },
        ],
      }),
      entry('sg-nacl-broken-diagram', 'What return traffic does a stateful firewall allow by itself?', { diagram: 'pie title Traffic\n  "allowed": 9\n  "denied": 1' }),
      entry('sg-nacl-big-diagram', 'Trace a packet from the internet to an instance in a private subnet.', { diagram: `flowchart TB\n${nodes}\n  N0 --> N1` }),
    ]);
    const r = check('--dir', dir);
    expect(r.status).toBe(1);
    const problems = r.stderr.split('\n').filter((l) => l.includes('networking.yaml'));
    expect(problems.filter((l) => l.includes('"sg-nacl-good"'))).toEqual([]);
    expect(r.stderr).toMatch(
      /networking\.yaml: entry "sg-nacl-unfindable": field "keypoints": the bank's own answer and example cover only 1 of 3 key points \(missed: 1, 2\)/,
    );
    expect(r.stderr).toMatch(/networking\.yaml: entry "sg-nacl-self-contradicting": field "keypoints\.0": the bank's own answer contradicts it/);
    expect(r.stderr).toContain('networking.yaml: entry "sg-nacl-broken-diagram": field "diagram": must start with "flowchart", "graph" or "sequenceDiagram" (got "pie")');
    expect(r.stderr).toMatch(/networking\.yaml: entry "sg-nacl-big-diagram": field "diagram": has 16 nodes; at most 15/);
    expect(r.stdout).toMatch(/^diagrams: 2 · key points on 5 · verified dates on 5$/m);
  });

  it('--stale N lists entries not verified for N months (volatile ones after N/2) and fails', () => {
    const dir = bankOf([
      entry('sg-nacl-checked-long-ago', 'How do security groups and network ACLs differ?', { verified: '2001-01' }),
      entry('sg-nacl-never-checked', 'Where would you put a deny rule for one bad IP range in a VPC?', { verified: undefined, volatile: true }),
    ]);
    const r = check('--dir', dir, '--stale', '12');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('stale (not verified for 12 months, volatile 6): 2');
    expect(r.stderr).toContain('networking.yaml: entry "sg-nacl-checked-long-ago": field "verified": last checked 2001-01, older than 12 months');
    expect(r.stderr).toContain('networking.yaml: entry "sg-nacl-never-checked": field "verified": never checked, older than 6 months');
    const bad = check('--dir', dir, '--stale', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--stale takes a whole number of months, e.g. --stale 12 (got "soon")');
  });
});
