/**
 * Arbitrary text at the command parser and through the core's entry point,
 * on a real SQLite store: nothing throws, every failure is a short private
 * message, and a failure leaves the database exactly as it was.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_COMMAND_TEXT, parseCommandText } from '../../src/core/parser.js';
import type { Outcome } from '../../src/core/ports/inbound.js';
import { makeDeps, run, runNamed, tableCounts, type Who } from '../support/core.js';
import { COMMAND_NAMES, anyText, commandText, optionMap } from './arbitraries.js';

const RUNS = { numRuns: 400 };
/** Longer than any honest error message; short enough that no input is echoed back in bulk. */
const MAX_ERROR_TEXT = 1200;

function expectCleanFailure(o: Outcome): void {
  expect(o.status).not.toBe('error'); // 'error' means an exception reached the entry point: a bug
  if (o.status === 'ok') return;
  expect(o.delivery).toBe('private');
  expect(o.reply.visibility).toBe('private');
  expect(o.reply.fallbackText.trim().length).toBeGreaterThan(0);
  expect(o.reply.fallbackText.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
  expect(JSON.stringify(o.reply)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
}

/**
 * A failure changes nothing, with one intended exception: a wrong `link` code
 * is counted (link_attempts), so guessing codes is limited.
 */
function expectUnchanged(before: Record<string, number>, after: Record<string, number>): void {
  const { link_attempts: tried = 0, ...rest } = after;
  const { link_attempts: triedBefore = 0, ...restBefore } = before;
  expect(rest).toEqual(restBefore);
  expect(tried - triedBefore).toBeGreaterThanOrEqual(0);
  expect(tried - triedBefore).toBeLessThanOrEqual(1);
}

/** One store for all runs of a property: earlier successes make later inputs meet a richer state. */
function world() {
  const deps = makeDeps();
  const people: Who[] = [{}, { user: 'slack:T1:U1', name: 'admin', admin: true, platform: 'slack', place: { scope: 'slack:T1', channelKey: 'slack:C1', channelRef: 'C1' } }];
  return { deps, people };
}

afterEach(() => vi.restoreAllMocks());

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

  it('refuses oversized text before tokenising it (a megabyte is never scanned)', () => {
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    const trim = vi.spyOn(String.prototype, 'trim');
    expect(parseCommandText(`question ${'"a '.repeat(400_000)}`)).toMatchObject({ ok: false, error: expect.stringContaining('too long') });
    expect(exec).not.toHaveBeenCalled();
    expect(trim).not.toHaveBeenCalled();
    // The premise: a normal command is tokenised with the regular expression.
    expect(parseCommandText('question iam').ok).toBe(true);
    expect(exec).toHaveBeenCalled();
  });
});

describe('typed commands with arbitrary text, on a real store', () => {
  it('never throws; failures are private, clear, and change nothing', async () => {
    const { deps, people } = world();
    await fc.assert(
      fc.asyncProperty(commandText, fc.nat(people.length - 1), async (text, who) => {
        const before = tableCounts(deps.store);
        const o = await run(deps, text, people[who]);
        expectCleanFailure(o);
        if (o.status !== 'ok') expectUnchanged(before, tableCounts(deps.store));
      }),
      RUNS,
    );
    expect(deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('commands by name (Discord options) with arbitrary option maps', () => {
  it('never throws; failures are private, bounded, and change nothing', async () => {
    const { deps, people } = world();
    const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...COMMAND_NAMES) }, { weight: 1, arbitrary: anyText(50) });
    await fc.assert(
      fc.asyncProperty(name, optionMap, fc.nat(people.length - 1), async (command, options, who) => {
        const before = tableCounts(deps.store);
        const o = await runNamed(deps, command, options, people[who]);
        expectCleanFailure(o);
        if (o.status !== 'ok') expectUnchanged(before, tableCounts(deps.store));
      }),
      RUNS,
    );
    expect(deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
