import { describe, expect, it } from 'vitest';
import { Limits, type LimitKind } from '../../src/core/limits.js';
import { FakeClock } from '../support/core.js';

const setup = (settings = { commandsPerMinute: 3, publicCooldownSeconds: 60 }) => {
  const clock = new FakeClock(new Date('2026-03-10T12:00:00Z'));
  const limited: LimitKind[] = [];
  return { clock, limited, limits: new Limits(settings, clock, (k) => limited.push(k)) };
};

describe('per-person limits', () => {
  it('a full budget, then a refusal that says when, refilled evenly over the minute', () => {
    const { clock, limited, limits } = setup();
    expect([1, 2, 3].map(() => limits.takeCommand('a').ok)).toEqual([true, true, true]);
    expect(limits.takeCommand('a')).toEqual({ ok: false, retryInSeconds: 20 });
    expect(limits.takeCommand('b').ok).toBe(true); // nobody else is slowed down
    clock.advance(20_000);
    expect(limits.takeCommand('a').ok).toBe(true);
    expect(limited).toEqual(['commands']);
  });

  it('a clock stepped backwards does not lock anyone out', () => {
    const { clock, limits } = setup();
    limits.takeCommand('a');
    clock.advance(-9 * 86_400_000);
    expect(limits.takeCommand('a').ok).toBe(true);
    limits.takeCommand('a');
    expect(limits.takeCommand('a')).toEqual({ ok: false, retryInSeconds: 20 });
    clock.advance(20_000);
    expect(limits.takeCommand('a').ok).toBe(true);
  });

  it('one public post per person and channel per cooldown; a backwards clock step does not block', () => {
    const { clock, limited, limits } = setup();
    expect(limits.takePublic('a', 'c1').ok).toBe(true);
    expect(limits.takePublic('a', 'c1')).toEqual({ ok: false, nextAt: new Date('2026-03-10T12:01:00Z') });
    expect(limits.takePublic('a', 'c2').ok).toBe(true);
    expect(limits.takePublic('b', 'c1').ok).toBe(true);
    clock.advance(60_000);
    expect(limits.takePublic('a', 'c1').ok).toBe(true);
    clock.advance(-86_400_000);
    expect(limits.takePublic('a', 'c1').ok).toBe(true);
    expect(limited).toEqual(['public_posts']);
  });

  it('zero turns a limit off', () => {
    const { limits } = setup({ commandsPerMinute: 0, publicCooldownSeconds: 0 });
    for (let i = 0; i < 100; i++) expect(limits.takeCommand('a').ok && limits.takePublic('a', 'c').ok).toBe(true);
  });
});
