import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction, gradeAction, revealAction } from '../../src/core/actions.js';

describe('action id codec', () => {
  it('round-trips every action shape', () => {
    for (const a of [
      { type: 'reveal', questionId: 'vpc-basics' },
      { type: 'reveal', questionId: 'vpc-basics', source: 'r' },
      { type: 'grade', questionId: 'vpc-basics', grade: 'partly' },
      { type: 'grade', questionId: 'vpc-basics', grade: 'missed', source: 'm42' },
    ] as const) {
      expect(decodeAction(encodeAction(a))).toEqual({ ok: true, action: a });
    }
  });

  it('encodes compactly', () => {
    expect(revealAction('vpc-basics', 'd')).toBe('reveal:vpc-basics:d');
    expect(gradeAction('vpc-basics', 'knew')).toBe('grade:vpc-basics:knew');
  });

  it('keeps the longest id within Discord’s 100-character custom_id', () => {
    expect(gradeAction('a'.repeat(60), 'partly', 'm999999999').length).toBeLessThanOrEqual(100);
  });

  it.each([
    'grade:vpc-basics',
    'grade:vpc-basics:aced',
    'grade:VPC:knew',
    'reveal:vpc-basics:x',
    'reveal:vpc-basics:d:extra',
    'grade:vpc-basics:knew:d:extra',
    'delete:vpc-basics',
    '',
    ':::',
    'reveal:' + 'a'.repeat(200),
  ])('refuses %j', (raw) => {
    expect(decodeAction(raw).ok).toBe(false);
  });
});
