/**
 * Input generators for the property tests: raw noise, and noise shaped like
 * the real thing (command words, option values, action ids), so the
 * properties reach deep into each command rather than stopping at "unknown
 * command".
 */
import fc from 'fast-check';
import { MAX_COMMAND_TEXT } from '../../src/core/parser.js';
import { COMMANDS } from '../../src/core/commands/registry.js';
import { GRADES, LEVELS } from '../../src/core/model.js';

export const COMMAND_NAMES = COMMANDS.map((c) => c.name);
export const OPTION_NAMES = [...new Set(COMMANDS.flatMap((c) => c.options.map((o) => o.name)))];
/** Ids in test/support/core.ts fixtureBank, plus near misses. */
export const QUESTION_IDS = ['vpc-basics', 'vpc-peering-edge', 'iam-roles', 'iam-boundaries', 's3-versioning', 'vpc', 'VPC-BASICS', 'no-such-question'];

/** Every kind of character, including controls, lone surrogates and astral planes. */
export const anyText = (maxLength = 200) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
  );

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...COMMAND_NAMES, 'aws', '/aws', 'AWS', 'Question', 'knew', '1', '2', '3', 'help') },
  { weight: 3, arbitrary: fc.constantFrom(...QUESTION_IDS, 'networking', 'iam', 'storage', 'Networking', ...LEVELS, ...GRADES) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'on', 'off', 'Europe/Berlin', 'America/New_York', 'UTC', 'Mars/Base', 'Etc/GMT+14', '09:00', '9:00', '24:00', '23:59',
      '00:00', '99:99', 'mon,tue', 'mon-fri', 'weekdays', 'sun', 'networking,iam', '0', '-1', '5', '999999999999', '1e3', 'NaN',
      '<@U123|alex>', '<@U123>', '<#C123>', '@everyone', '"', "'", '""', '`', '\\', '*', '%s', '${x}', '__proto__', 'constructor',
    ),
  },
  { weight: 2, arbitrary: anyText(30) },
);

/** Text typed into `/aws …` or the console: command-like word salad, noise, and oversize. */
const commandWord = fc.constantFrom(...COMMAND_NAMES, ...COMMAND_NAMES.map((n) => `/aws ${n}`), ...COMMAND_NAMES.map((n) => n.toUpperCase()));

export const commandText = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(commandWord, fc.array(word, { maxLength: 5 })).map(([c, w]) => [c, ...w].join(' ')) },
  { weight: 3, arbitrary: fc.array(word, { maxLength: 7 }).map((w) => w.join(' ')) },
  { weight: 2, arbitrary: fc.array(word, { maxLength: 7 }).chain((w) => fc.constantFrom(' ', '\t', '  ', '\n', '"', "'").map((sep) => w.join(sep))) },
  { weight: 2, arbitrary: anyText() },
  { weight: 1, arbitrary: fc.integer({ min: MAX_COMMAND_TEXT - 5, max: MAX_COMMAND_TEXT * 20 }).map((n) => `question ${'x'.repeat(n)}`) },
);

/** Button ids: forged variations of the real encoding, and noise. */
export const actionId = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom('reveal', 'grade', 'write', 'report', 'practise', 'forget', 'Reveal', 'delete', ''),
        fc.constantFrom(...QUESTION_IDS, 'confirm', '', 'a'.repeat(61), '../etc'),
        fc.constantFrom(...GRADES, 'd', 'r', 'm1', 'm999999999', 'm1234567890', 'KNEW', ''),
        fc.constantFrom(undefined, 'd', 'r', 'm7', 'x', ''),
        fc.constantFrom(undefined, 'extra'),
      )
      .map((parts) => parts.filter((p) => p !== undefined).join(':')),
  },
  { weight: 3, arbitrary: anyText(120) },
  { weight: 1, arbitrary: fc.integer({ min: 95, max: 5000 }).map((n) => `reveal:${'a'.repeat(n)}`) },
);

/** Discord-style typed options, including values a forged or buggy payload could carry. */
export const optionMap = fc.dictionary(
  fc.oneof(fc.constantFrom(...OPTION_NAMES), fc.string({ maxLength: 12 })),
  fc.oneof(word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ minLength: 1000, maxLength: 7000 }), fc.array(fc.string(), { maxLength: 3 })),
  { maxKeys: 5 },
);

/** Form ids: forged variations of the real encoding, and noise. */
export const formId = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom('answer', 'report', 'Answer', 'write', ''),
        fc.constantFrom(...QUESTION_IDS, '', 'a'.repeat(61)),
        fc.constantFrom(undefined, 'd', 'r', 'm7', 'x', ''),
        fc.constantFrom(undefined, 'extra'),
      )
      .map((parts) => parts.filter((p) => p !== undefined).join(':')),
  },
  { weight: 2, arbitrary: anyText(120) },
);

/** What a submitted form carries: the expected field names and others, with any text. */
export const formValues = fc.dictionary(fc.oneof(fc.constantFrom('answer', 'report'), fc.string({ maxLength: 12 })), fc.oneof(word, anyText(200), fc.string({ minLength: 2900, maxLength: 5000 })), {
  maxKeys: 3,
});
