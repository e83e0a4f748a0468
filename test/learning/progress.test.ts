import { describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { GRID_WEEKS, progressFor } from '../../src/core/usecases/progress.js';
import { makeDeps, press } from '../support/core.js';

describe('progressFor', () => {
  it('draws 12 weeks Mon..Sun ending with the current week: practised, missed and future days', async () => {
    const deps = makeDeps({ now: '2026-02-15T12:00:00Z' });
    // Tuesday 10 March 2026 is "today"; practise on Mon 9 Mar, Tue 10 Mar and Sun 15 Feb.
    for (const [at, id] of [
      ['2026-02-15T12:00:00Z', 'vpc-basics'],
      ['2026-03-09T12:00:00Z', 'iam-roles'],
      ['2026-03-10T12:00:00Z', 's3-versioning'],
    ] as const) {
      deps.clock.set(at);
      await press(deps, gradeAction(id, 'knew'));
    }
    const p = await progressFor(deps, 'test:alice', '2026-03-10', 'UTC');
    expect(p.grid).toHaveLength(GRID_WEEKS);
    const last = p.grid[GRID_WEEKS - 1]!;
    expect(last).toEqual([true, true, null, null, null, null, null]); // Mon 9, Tue 10, then the future
    expect(p.grid[GRID_WEEKS - 5]![6]).toBe(true); // Sun 15 Feb ends the week of Mon 9 Feb, four weeks earlier
    expect(p.grid.flat().filter((c) => c === true)).toHaveLength(3);
    expect(p.grid.flat().filter((c) => c === null)).toHaveLength(5);
    expect(p.grid[0]![0]).toBe(false); // Mon 22 Dec 2025: the grid's first day, not practised
    expect(p).toMatchObject({ today: '2026-03-10', current: 2, attempts: 3 });
  });
});
