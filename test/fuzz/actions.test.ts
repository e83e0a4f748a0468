/**
 * Button and form ids are user-controlled (a click or a submitted form can be
 * forged, and the durable inbox replays stored JSON): arbitrary strings and
 * values at the decoders and through the core's entry point, on a real store.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ACTION_ID_LENGTH, decodeAction, decodeForm, encodeAction, encodeForm } from '../../src/core/actions.js';
import { handleEvent } from '../../src/core/inbound/handle.js';
import type { Outcome } from '../../src/core/ports/inbound.js';
import { buttonEvent, formEvent, makeDeps, tableCounts } from '../support/core.js';
import { actionId, formId, formValues } from './arbitraries.js';

const questionId = fc.stringMatching(/^[a-z0-9]{3,10}(-[a-z0-9]{1,10}){0,3}$/);

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
    const source = fc.constantFrom('d', 'r', 'm1', 'm123456789');
    const action = fc.oneof(
      fc.record({ type: fc.constant('reveal' as const), questionId }),
      fc.record({ type: fc.constant('reveal' as const), questionId, source }),
      fc.record({ type: fc.constant('grade' as const), questionId, grade: fc.constantFrom('knew' as const, 'partly' as const, 'missed' as const), source }),
      fc.record({ type: fc.constant('write' as const), questionId, source }),
      fc.record({ type: fc.constant('report' as const), questionId }),
      fc.record({ type: fc.constant('practise' as const), questionId }),
      fc.constant({ type: 'forget' as const, confirm: true as const }),
    );
    fc.assert(fc.property(action, (a) => void expect(decodeAction(encodeAction(a))).toEqual({ ok: true, action: a })));
  });
});

describe('decodeForm with arbitrary input', () => {
  it('never throws; what it accepts is exactly the canonical encoding', () => {
    fc.assert(
      fc.property(fc.oneof(formId, fc.anything()), (raw) => {
        const decoded = decodeForm(raw);
        if (decoded.ok) expect(encodeForm(decoded.form)).toBe(raw);
        else expect(decoded.reason.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: 2000 },
    );
  });
});

function expectCleanRefusal(o: Outcome, before: Record<string, number>, after: Record<string, number>): void {
  expect(o.status).not.toBe('error'); // 'error' means an exception reached the entry point: a bug
  if (o.status === 'ok') return;
  expect(o.delivery).toBe('private');
  expect(o.reply.fallbackText.trim().length).toBeGreaterThan(0);
  expect(o.reply.fallbackText.length).toBeLessThanOrEqual(300);
  expect(after).toEqual(before);
}

describe('button presses with arbitrary ids, on a real store', () => {
  it('never throws; failures are private, clear, and change nothing', async () => {
    const deps = makeDeps();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: actionId }, { weight: 1, arbitrary: fc.anything() }), fc.boolean(), async (raw, onPrivate) => {
        const before = tableCounts(deps.store);
        // A replayed inbox entry is parsed JSON: the id may not even be a string.
        const o = await handleEvent(buttonEvent(raw as string, {}, onPrivate), deps);
        expectCleanRefusal(o, before, tableCounts(deps.store));
      }),
      { numRuns: 500 },
    );
    expect(deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('submitted forms with arbitrary ids and values, on a real store', () => {
  it('never throws; failures are private, clear, and change nothing', async () => {
    const deps = makeDeps();
    await fc.assert(
      fc.asyncProperty(formId, formValues, async (id, values) => {
        const before = tableCounts(deps.store);
        const o = await handleEvent(formEvent(id, values), deps);
        expectCleanRefusal(o, before, tableCounts(deps.store));
      }),
      { numRuns: 300 },
    );
    expect(deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
