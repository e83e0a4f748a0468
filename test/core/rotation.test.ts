import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.js';
import { pickForDay, stableHash } from '../../src/core/rotation.js';
import { dailyQuestion } from '../../src/core/usecases/daily.js';
import type { Question } from '../../src/core/model.js';
import { makeDeps } from '../support/core.js';

const ids = ['a-one', 'b-two', 'c-three', 'd-four', 'e-five'];

describe('pickForDay', () => {
  it('is deterministic for (channel, date, history)', () => {
    const h = { cycle: 0, used: new Set<string>() };
    expect(pickForDay(ids, 'slack:C1', '2026-03-01', h)).toEqual(pickForDay(ids, 'slack:C1', '2026-03-01', h));
  });

  it('differs between channels or dates (for this bank)', () => {
    const h = { cycle: 0, used: new Set<string>() };
    const picks = new Set(
      ['C1', 'C2', 'C3', 'C4'].flatMap((c) =>
        ['2026-03-01', '2026-03-02'].map((d) => pickForDay(ids, `slack:${c}`, d, h)!.questionId),
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
  it('never repeats in a channel until the bank is exhausted, then starts over', async () => {
    const deps = makeDeps();
    const size = deps.bank.size;
    const seen: string[] = [];
    for (let i = 0; i < size * 2; i++) seen.push((await dailyQuestion(deps, 'discord:C', addDays('2026-03-01', i)))!.id);
    expect(new Set(seen.slice(0, size)).size).toBe(size);
    expect(new Set(seen.slice(size)).size).toBe(size);
  });

  it('asking twice on one day gives the same question; channels are independent', async () => {
    const deps = makeDeps();
    const a = (await dailyQuestion(deps, 'c1', '2026-03-01'))!.id;
    expect((await dailyQuestion(deps, 'c1', '2026-03-01'))!.id).toBe(a);
    // c2's history does not affect c1's next pick.
    const c1Next = pickForDay(deps.bank.questions.map((q) => q.id), 'c1', '2026-03-02', await deps.store.channels.dailyHistory('c1'))!.questionId;
    for (let i = 0; i < 4; i++) await dailyQuestion(deps, 'c2', addDays('2026-03-01', i));
    expect((await dailyQuestion(deps, 'c1', '2026-03-01'))!.id).toBe(a);
    expect((await dailyQuestion(deps, 'c1', '2026-03-02'))!.id).toBe(c1Next);
  });

  it('respects a topic filter and cycles within it', async () => {
    const deps = makeDeps();
    const picks: Question[] = [];
    for (const i of [0, 1, 2, 3]) picks.push((await dailyQuestion(deps, 'c', addDays('2026-03-01', i), { topics: ['iam'] }))!);
    expect(picks.every((q) => q.topic === 'iam')).toBe(true);
    expect(new Set(picks.slice(0, 2).map((q) => q.id)).size).toBe(2);
  });
});

describe('pickForDay ordering', () => {
  it('picks the candidate with the smallest stableHash of (channel, date, id)', () => {
    // FNV-1a of `c|2026-03-01|<id>`, computed once and written down:
    // a-one ce070590, b-two 34cb154f, c-three d39008ca, d-four 1503a04d, e-five fc7e57e8.
    expect(stableHash('c|2026-03-01|d-four')).toBe(0x1503a04d);
    expect(pickForDay(ids, 'c', '2026-03-01', { cycle: 0, used: new Set() })!.questionId).toBe('d-four');
    expect(pickForDay(ids, 'c', '2026-03-01', { cycle: 0, used: new Set(['d-four']) })!.questionId).toBe('b-two');
  });
});
