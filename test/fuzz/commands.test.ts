/**
 * Arbitrary text at the command parser and the dispatcher, on a real SQLite
 * store: nothing throws, every failure is a short private message, and a
 * failure leaves the database exactly as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleCommand, handleText, type Handled } from '../../src/core/dispatch.js';
import { MAX_COMMAND_TEXT, parseCommandText } from '../../src/core/parser.js';
import { makeActor, makeContext, makeDeps, tableCounts } from '../support/core.js';
import { COMMAND_NAMES, anyText, commandText, optionMap } from './arbitraries.js';

const RUNS = { numRuns: 400 };
/** Longer than any honest error message; short enough that no input is echoed back in bulk. */
const MAX_ERROR_TEXT = 1200;

function expectCleanFailure(handled: Handled): void {
  expect(handled.outcome).not.toBe('error'); // 'error' means an exception reached the dispatcher: a bug
  if (handled.outcome === 'ok') return;
  expect(handled.reply.visibility).toBe('private');
  expect(handled.reply.fallbackText.trim().length).toBeGreaterThan(0);
  expect(handled.reply.fallbackText.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
  expect(JSON.stringify(handled.reply)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
}

/** One store for all runs of a property: earlier successes make later inputs meet a richer state. */
function world() {
  const deps = makeDeps();
  const contexts = [makeContext(deps), makeContext(deps, { actor: makeActor('slack:T1:U1', true, 'admin'), platform: 'slack', channelKey: 'slack:T1:C1', channelRef: 'C1', scope: 'slack:T1' })];
  return { deps, contexts };
}

describe('parseCommandText with arbitrary text', () => {
  it('never throws; a refusal is a short message', () => {
    fc.assert(
      fc.property(fc.oneof(commandText, anyText(2000)), (text) => {
        const parsed = parseCommandText(text);
        if (!parsed.ok) {
          expect(parsed.error.length).toBeGreaterThan(0);
          expect(parsed.error.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
        }
        if (text.length > MAX_COMMAND_TEXT) expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('too long') });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses oversized text before tokenising it (a megabyte returns at once)', () => {
    const started = performance.now();
    expect(parseCommandText(`question ${'"a '.repeat(400_000)}`).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('handleText with arbitrary text, on a real store', () => {
  it('never throws; failures are private, clear, and change nothing', async () => {
    const { deps, contexts } = world();
    await fc.assert(
      fc.asyncProperty(commandText, fc.nat(contexts.length - 1), async (text, who) => {
        const before = tableCounts(deps.store);
        const handled = await handleText(text, contexts[who]!);
        expectCleanFailure(handled);
        if (handled.outcome !== 'ok') expect(tableCounts(deps.store)).toEqual(before);
      }),
      RUNS,
    );
    expect(deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('handleCommand (Discord options) with arbitrary option maps', () => {
  it('never throws; failures are private, bounded, and change nothing', async () => {
    const { deps, contexts } = world();
    const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...COMMAND_NAMES) }, { weight: 1, arbitrary: anyText(50) });
    await fc.assert(
      fc.asyncProperty(name, optionMap, fc.nat(contexts.length - 1), async (command, options, who) => {
        const before = tableCounts(deps.store);
        const handled = await handleCommand(command, options, contexts[who]!);
        expectCleanFailure(handled);
        if (handled.outcome !== 'ok') expect(tableCounts(deps.store)).toEqual(before);
      }),
      RUNS,
    );
    expect(deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
