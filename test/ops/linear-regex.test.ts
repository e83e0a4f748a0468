/**
 * Every regex that sees input from the internet runs in linear time: fed
 * 64 KB of adversarial text, each finishes within a budget measured against a
 * trivially linear baseline in the same run (splitting the same input into
 * characters, times 200, at least FLOOR_MS). A pattern that backtracks
 * quadratically on 64 KB takes seconds, far beyond it; the first test shows
 * the yardstick does catch one.
 *
 * This is the one place the suite measures time (the issue asks for it). Each
 * figure is the best of a few runs, after a warm-up, so a GC pause or a busy
 * neighbour process does not decide the outcome.
 */
import { describe, expect, it } from 'vitest';
import { escapeText } from '../../src/adapters/discord/markdown.js';
import { MAX_FALLBACK_TEXT, MAX_SECTION_TEXT } from '../../src/adapters/slack/limits.js';
import { escapeMrkdwn, truncateEscaped } from '../../src/adapters/slack/mrkdwn.js';
import { decodeAction } from '../../src/core/actions.js';
import { canonicalZone } from '../../src/core/dates.js';
import { tokenize as parseWords } from '../../src/core/parser.js';
import { tokenize as scoringTokens } from '../../src/core/scoring/normalise.js';
import { scrubSecrets, TOKEN_PATTERNS } from '../../src/ops/redact.js';

const FACTOR = 200;
const FLOOR_MS = 50;

/** 64 KB shapes that make backtracking patterns blow up: long runs, near-misses repeated, separators. */
const INPUTS: [string, string][] = [
  ["'a-' × 32768", 'a-'.repeat(32_768)],
  ["'a.' × 32768", 'a.'.repeat(32_768)],
  ["65536 spaces + 'x'", `${' '.repeat(65_536)}x`],
  ["'postgres://a:b' × 5000", 'postgres://a:b'.repeat(5_000)],
  ["'[a](b)' × 11000", '[a](b)'.repeat(11_000)],
  ["'_*' × 32768", '_*'.repeat(32_768)],
  ["'A' × 65536", 'A'.repeat(65_536)],
  ["'xoxb-' × 13108", 'xoxb-'.repeat(13_108)],
  ['Discord-token near-misses', `${'a'.repeat(18)}.${'b'.repeat(6)}.`.repeat(2_520)],
  ["'Bearer ' × 9362", 'Bearer '.repeat(9_362)],
  ["'hooks.slack.com/actions/' × 2730", 'hooks.slack.com/actions/'.repeat(2_730)],
  ["'/webhooks/1/' × 5461", '/webhooks/1/'.repeat(5_461)],
  ["'/interactions/1/' × 4096", '/interactions/1/'.repeat(4_096)],
  ['65536 double quotes', '"'.repeat(65_536)],
  ["\"can't \" × 10922", "can't ".repeat(10_922)],
  ["' \\t-\\n' × 16384", ' \t-\n'.repeat(16_384)],
  ["'&<>' × 21845", '&<>'.repeat(21_845)],
  ["'reveal:' × 9362", 'reveal:'.repeat(9_362)],
  ["'Europe/' × 9362", 'Europe/'.repeat(9_362)],
];

/** Everything input-facing that runs a regex over what people or platforms send. */
const TARGETS: [string, (input: string) => unknown][] = [
  ...TOKEN_PATTERNS.map(([pattern, replacement], i): [string, (input: string) => unknown] => [`redact TOKEN_PATTERNS[${i}] ${pattern.source.slice(0, 40)}`, (s) => s.replace(pattern, replacement)]),
  ['redact scrubSecrets (all layers)', (s) => scrubSecrets(s, ['a-configured-secret-value'])],
  ['scoring/normalise tokenize', scoringTokens],
  ['parser tokenize', parseWords],
  ['discord/markdown escapeText', escapeText],
  ['slack/mrkdwn escapeMrkdwn', escapeMrkdwn],
  // At the limits render.ts uses it with (section and context text, the fallback text).
  ['slack/mrkdwn truncateEscaped (3000)', (s) => truncateEscaped(s, MAX_SECTION_TEXT)],
  ['slack/mrkdwn truncateEscaped (4000)', (s) => truncateEscaped(s, MAX_FALLBACK_TEXT)],
  ['dates canonicalZone', canonicalZone],
  ['actions decodeAction', decodeAction],
];

/** The best of `runs` timings, in ms. */
function best(fn: () => unknown, runs: number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

const budgetFor = (input: string) => Math.max(FLOOR_MS, best(() => input.split('').length, 5) * FACTOR);

describe('input-facing regexes are linear in their input', () => {
  it('the yardstick catches a quadratic pattern (a trailing-whitespace trim, on just 16 KB)', () => {
    const input = `${' '.repeat(16_384)}x`;
    const quadratic = /\s+$/;
    quadratic.test(input.slice(0, 100));
    expect(best(() => quadratic.test(input), 1)).toBeGreaterThan(budgetFor(input));
  });

  it('covers every redaction pattern', () => {
    expect(TARGETS.filter(([name]) => name.startsWith('redact TOKEN_PATTERNS'))).toHaveLength(TOKEN_PATTERNS.length);
    expect(TOKEN_PATTERNS.length).toBeGreaterThan(0);
  });

  it.each(TARGETS)('%s', (_name, fn) => {
    for (const [shape, input] of INPUTS) {
      fn(input.slice(0, 2_000)); // warm up (JIT, caches)
      const budget = budgetFor(input);
      const took = best(() => fn(input), 3);
      expect(took, `${shape}: ${took.toFixed(1)} ms against a budget of ${budget.toFixed(1)} ms`).toBeLessThan(budget);
    }
  });
});
