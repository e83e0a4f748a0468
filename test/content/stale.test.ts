import { describe, expect, it } from 'vitest';
import { staleEntries } from '../../src/content/checks.js';
import { fixtureQuestion } from '../support/core.js';

describe('staleEntries (content:check --stale N)', () => {
  const q = (id: string, verified?: string, volatile?: boolean) => ({ ...fixtureQuestion(id, 'iam'), ...(verified ? { verified } : {}), ...(volatile ? { volatile } : {}) });
  const bank = [q('checked-nov', '2026-11'), q('volatile-nov', '2026-11', true), q('never-checked')];

  it('an entry is stale once more than N whole months have passed since the month it was verified', () => {
    expect(staleEntries(bank, 12, new Date('2027-11-30T23:00:00Z')).map((s) => s.id)).toEqual(['volatile-nov', 'never-checked']);
    expect(staleEntries(bank, 12, new Date('2027-12-01T00:00:00Z'))).toEqual([
      { id: 'checked-nov', verified: '2026-11', limit: 12 },
      { id: 'volatile-nov', verified: '2026-11', limit: 6 },
      { id: 'never-checked', verified: null, limit: 12 },
    ]);
  });

  it('volatile entries go stale after half the months (rounded down)', () => {
    expect(staleEntries(bank, 12, new Date('2027-05-31T12:00:00Z')).map((s) => s.id)).toEqual(['never-checked']);
    expect(staleEntries(bank, 12, new Date('2027-06-01T00:00:00Z')).map((s) => s.id)).toEqual(['volatile-nov', 'never-checked']);
    expect(staleEntries(bank, 3, new Date('2027-01-15T00:00:00Z')).map((s) => [s.id, s.limit])).toEqual([
      ['volatile-nov', 1],
      ['never-checked', 3],
    ]);
  });

  it('an entry never verified is always listed', () => {
    expect(staleEntries([q('never-checked')], 1200, new Date('2026-11-01T00:00:00Z'))).toEqual([{ id: 'never-checked', verified: null, limit: 1200 }]);
  });
});
