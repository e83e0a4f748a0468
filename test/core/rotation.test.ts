import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.js';
import { pickForDay, stableHash } from '../../src/core/rotation.js';
import { dailyQuestion } from '../../src/core/usecases/daily.js';
import { makeDeps } from '../support/core.js';

const ids = ['a-one', 'b-two', 'c-three', 'd-four', 'e-five'];

describe('pickForDay', () => {
  it('is deterministic for (channel, date, history)', () => {
    const h = { cycle: 0, used: new Set<string>() };
    expect(pickForDay(ids, 'slack:T:C1', '2026-03-01', h)).toEqual(pickForDay(ids, 'slack:T:C1', '2026-03-01', h));
  });

  it('differs between channels or dates (for this bank)', () => {
    const h = { cycle: 0, used: new Set<string>() };
    const picks = new Set(
      ['C1', 'C2', 'C3', 'C4'].flatMap((c) =>
        ['2026-03-01', '2026-03-02'].map((d) => pickForDay(ids, `slack:T:${c}`, d, h)!.questionId),
      ),
    );
    expect(picks.size).toBeGreaterThan(1);
  });

  it('starts a new cycle only when every candidate is used', () => {
    const used = new Set(ids);
    expect(pickForDay(ids, 'x', '2026-03-01', { cycle: 3, used })!.cycle).toBe(4);
    expect(pickForDay(ids, 'x', '2026-03-01', { cycle: 3, used: new Set(['a-one']) })!.cycle).toBe(3);
  });

  it('returns null for an empty bank', () => {
    expect(pickForDay([], 'x', '2026-03-01', { cycle: 0, used: new Set() })).toBeNull();
  });

  it('stableHash is stable', () => {
    expect(stableHash('abc')).toBe(0x1a47e90b);
  });
});

describe('dailyQuestion (recorded per channel)', () => {
  it('never repeats in a channel until the bank is exhausted, then starts over', () => {
    const deps = makeDeps();
    const size = deps.bank.size;
    const seen: string[] = [];
    for (let i = 0; i < size * 2; i++) seen.push(dailyQuestion(deps, 'discord:G:C', addDays('2026-03-01', i))!.id);
    expect(new Set(seen.slice(0, size)).size).toBe(size);
    expect(new Set(seen.slice(size)).size).toBe(size);
  });

  it('asking twice on one day gives the same question; channels are independent', () => {
    const deps = makeDeps();
    const a = dailyQuestion(deps, 'c1', '2026-03-01')!.id;
    expect(dailyQuestion(deps, 'c1', '2026-03-01')!.id).toBe(a);
    // c2's history does not affect c1's next pick.
    for (let i = 0; i < 4; i++) dailyQuestion(deps, 'c2', addDays('2026-03-01', i));
    expect(dailyQuestion(deps, 'c1', '2026-03-01')!.id).toBe(a);
  });

  it('respects a topic filter and cycles within it', () => {
    const deps = makeDeps();
    const picks = [0, 1, 2, 3].map((i) => dailyQuestion(deps, 'c', addDays('2026-03-01', i), { topics: ['iam'] })!);
    expect(picks.every((q) => q.topic === 'iam')).toBe(true);
    expect(new Set(picks.slice(0, 2).map((q) => q.id)).size).toBe(2);
  });
});

describe('pickForDay ordering', () => {
  it('picks the candidate with the smallest stableHash of (channel, date, id)', () => {
    const expected = [...ids].sort((a, b) => stableHash(`c|2026-03-01|${a}`) - stableHash(`c|2026-03-01|${b}`))[0];
    expect(pickForDay(ids, 'c', '2026-03-01', { cycle: 0, used: new Set() })!.questionId).toBe(expected);
  });
});
