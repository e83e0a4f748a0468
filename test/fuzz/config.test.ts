/**
 * Arbitrary environments at the config loader: it returns a config or throws
 * ConfigError — nothing else — and every problem names its variable and
 * never repeats a value (values may be secrets).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../../src/config.js';
import { anyText } from './arbitraries.js';

const KEYS = Object.keys(configSchema.shape);
/** Every generated value that could leak carries this marker, so a leak is unmistakable. */
const MARK = 'QZX7';

const validValues: Record<string, string[]> = {
  NODE_ENV: ['development', 'production', 'test'],
  PORT: ['0', '3000', '65535'],
  LOG_LEVEL: ['info', 'debug', 'silent'],
  CONSOLE: ['auto', 'on', 'off'],
  HEALTH_SERVER: ['auto', 'on', 'off'],
  DEFAULT_TIMEZONE: ['UTC', 'Europe/Berlin'],
  DISCORD_APPLICATION_ID: ['109876543210987654'],
  DISCORD_SHARDS: ['auto', '2'],
  SLACK_ADMIN_USER_IDS: ['U012ABCDEF,W0123'],
  SLACK_API_URL: ['http://127.0.0.1:9/api/'],
};

const markedValue = fc.oneof(
  anyText(40).map((s) => `${MARK}${s}`),
  anyText(40).map((s) => `${s}${MARK}`),
  fc.constantFrom('xoxb-', 'xapp-', 'https://', 'http://', '<script>', '9'.repeat(30)).chain((p) => anyText(20).map((s) => `${p}${MARK}${s}`)),
  fc.integer({ min: 10_000, max: 100_000 }).map((n) => `${MARK}${'x'.repeat(n)}`),
);

const envValue = (key: string) =>
  fc.oneof(
    { weight: 3, arbitrary: markedValue },
    { weight: 2, arbitrary: fc.constantFrom(...(Object.hasOwn(validValues, key) ? validValues[key]! : ['', ' ', 'x'])) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\n', '0', '-1', 'NaN', 'Infinity', '1e99', 'true') },
  );

const env = fc
  .uniqueArray(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), { maxLength: 10 })
  .chain((keys) => fc.tuple(...keys.map((k) => envValue(k).map((v) => [k, v] as const))))
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);

describe('loadConfig with arbitrary environments', () => {
  it('throws nothing but ConfigError; each problem names a variable; no value is echoed', () => {
    fc.assert(
      fc.property(env, (e) => {
        let error: unknown;
        try {
          loadConfig(e);
          return;
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const { problems, message } = error as ConfigError;
        expect(problems.length).toBeGreaterThan(0);
        for (const problem of problems) expect(KEYS, problem).toContain(problem.split(' ')[0]);
        expect(message).not.toContain(MARK);
        expect(message.length).toBeLessThan(4000);
      }),
      { numRuns: 1500 },
    );
  });
});
