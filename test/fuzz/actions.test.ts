/**
 * Button ids are user-controlled (a click can be forged): arbitrary strings
 * and values at the decoder and at handleAction, on a real store.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ACTION_ID_LENGTH, decodeAction, encodeAction } from '../../src/core/actions.js';
import { handleAction } from '../../src/core/dispatch.js';
import { makeContext, makeDeps, tableCounts } from '../support/core.js';
import { actionId } from './arbitraries.js';

describe('decodeAction with arbitrary input', () => {
  it('never throws; what it accepts is exactly the canonical encoding; refusals are short', () => {
    fc.assert(
      fc.property(fc.oneof(actionId, fc.anything()), (raw) => {
        const decoded = decodeAction(raw);
        if (decoded.ok) {
          expect(typeof raw).toBe('string');
          expect(encodeAction(decoded.action)).toBe(raw);
        } else {
          expect(decoded.reason.length).toBeGreaterThan(0);
          expect(decoded.reason.length).toBeLessThanOrEqual(100);
        }
        if (typeof raw === 'string' && raw.length > MAX_ACTION_ID_LENGTH) expect(decoded.ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips every action it encodes', () => {
    const action = fc.oneof(
      fc.record({ type: fc.constant('reveal' as const), questionId: fc.stringMatching(/^[a-z0-9]{3,10}(-[a-z0-9]{1,10}){0,3}$/) }),
      fc.record({
        type: fc.constant('grade' as const),
        questionId: fc.stringMatching(/^[a-z0-9]{3,10}(-[a-z0-9]{1,10}){0,3}$/),
        grade: fc.constantFrom('knew' as const, 'partly' as const, 'missed' as const),
        source: fc.constantFrom('d', 'r', 'm1', 'm123456789'),
      }),
    );
    fc.assert(fc.property(action, (a) => void expect(decodeAction(encodeAction(a))).toEqual({ ok: true, action: a })));
  });
});

describe('handleAction with arbitrary ids, on a real store', () => {
  it('never throws; failures are private, clear, and change nothing', async () => {
    const deps = makeDeps();
    const ctx = makeContext(deps);
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: actionId }, { weight: 1, arbitrary: fc.anything() }), async (raw) => {
        const before = tableCounts(deps.store);
        const handled = await handleAction(raw, ctx);
        expect(handled.outcome).not.toBe('error');
        if (handled.outcome === 'ok') return;
        expect(handled.reply.visibility).toBe('private');
        expect(handled.reply.fallbackText.trim().length).toBeGreaterThan(0);
        expect(handled.reply.fallbackText.length).toBeLessThanOrEqual(300);
        expect(tableCounts(deps.store)).toEqual(before);
      }),
      { numRuns: 500 },
    );
    expect(deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
