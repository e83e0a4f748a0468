import { describe, expect, it } from 'vitest';
import type { KeyPoint } from '../../../src/core/model.js';
import { phraseStems, tokenize } from '../../../src/core/scoring/normalise.js';
import { scoreAnswer } from '../../../src/core/scoring/score.js';

const SG_NACL: KeyPoint[] = [
  { point: 'Security groups are stateful', terms: ['security group + stateful', 'security group + return traffic'], contradicts: ['security group + stateless'], central: true },
  { point: 'Network ACLs are stateless', terms: ['nacl + stateless', 'nacl + both directions'], contradicts: ['nacl + stateful'], central: true },
  { point: 'Security groups attach to ENIs, NACLs to subnets', terms: ['security group + eni', 'nacl + subnet'] },
  { point: 'NACLs can deny, in rule-number order', terms: ['nacl + deny', 'rule number'] },
];

describe('normalising text', () => {
  it('spells out abbreviations, opens contractions and reduces word forms', () => {
    expect(tokenize('SGs aren\'t routing').map((t) => t.word)).toEqual(['security', 'groups', 'are', 'not', 'routing']);
    expect(phraseStems('routing')).toEqual(phraseStems('routes'));
    expect(phraseStems('NACL')).toEqual(phraseStems('network access control list'));
    expect(phraseStems('multi-AZ')).toEqual(['multi', ...phraseStems('availability zone')]);
  });

  it('counts sentences and clauses: commas and contrast words start a clause', () => {
    const t = tokenize('SGs are stateful, NACLs are stateless. Unlike NACLs, SGs allow only');
    const sentence = (w: string) => t.find((x) => x.word === w)!.sentence;
    expect(sentence('stateful')).toBe(sentence('stateless'));
    expect(t.find((x) => x.word === 'stateful')!.clause).not.toBe(t.find((x) => x.word === 'stateless')!.clause);
    expect(sentence('allow')).toBeGreaterThan(sentence('stateless'));
  });
});

describe('"and" between two statements', () => {
  it('splits them, so a correct pair is not read as a misconception; "and" joining subjects does not', () => {
    const correct = scoreAnswer(SG_NACL, 'Security groups are stateful and NACLs are stateless.');
    expect(correct.points.filter((p) => p.status === 'contradicted')).toEqual([]);
    const wrong = scoreAnswer(SG_NACL, 'Security groups and NACLs are stateless, so both need return rules.');
    expect(wrong.points[0]!.status).toBe('contradicted');
    expect(wrong.suggested).toBe('missed');
  });
});

describe('scoring a written answer against key points', () => {
  it('a strong answer in other words covers every point and is suggested "knew"', () => {
    const r = scoreAnswer(
      SG_NACL,
      'Security groups are stateful, so return traffic is let back in automatically. Network ACLs are stateless and you need rules in both directions. A security group is attached to an ENI, while a NACL sits on the subnet. NACLs can deny and are evaluated in rule number order.',
    );
    expect(r.points.map((p) => p.status)).toEqual(['covered', 'covered', 'covered', 'covered']);
    expect(r.suggested).toBe('knew');
  });

  it('a stated misconception contradicts its point, and a central one means "missed"', () => {
    const r = scoreAnswer(SG_NACL, 'NACLs are stateful so they remember the connection. Security groups are stateful too and attach to an ENI.');
    expect(r.points[1]).toMatchObject({ status: 'contradicted', evidence: 'network access control lists are stateful' });
    expect(r.suggested).toBe('missed');
  });

  it('a denied misconception is no contradiction; a negated fact is', () => {
    expect(scoreAnswer(SG_NACL, 'NACLs are not stateful: they are stateless.').points[1]!.status).toBe('covered');
    expect(scoreAnswer(SG_NACL, 'NACLs are not stateless.').points[1]!.status).toBe('contradicted');
  });

  it('"+" ties a fact to its subject within a sentence: the other subject’s fact does not count', () => {
    const r = scoreAnswer(SG_NACL, 'Security groups are stateless. NACLs use rule numbers.');
    expect(r.points[0]!.status).toBe('contradicted');
    expect(r.points[1]!.status).toBe('missed');
  });

  it('a list of buzzwords is never "knew", even when every term is there', () => {
    const r = scoreAnswer(SG_NACL, 'SG stateful return traffic; NACL stateless both directions; SG ENI; NACL subnet; NACL deny; rule number');
    expect(r.covered).toBe(4);
    expect(r.suggested).not.toBe('knew');
  });

  it('about half of the points is "partly"; less is "missed"', () => {
    expect(scoreAnswer(SG_NACL, 'Security groups are stateful and a security group attaches to an ENI of the instance.').suggested).toBe('partly');
    expect(scoreAnswer(SG_NACL, 'They are firewalls in AWS that control traffic to the instance.').suggested).toBe('missed');
  });

  it('is deterministic and bounded: 3,000 characters of noise score the same twice', () => {
    const noise = 'a-b '.repeat(750);
    expect(scoreAnswer(SG_NACL, noise)).toEqual(scoreAnswer(SG_NACL, noise));
  });
});
