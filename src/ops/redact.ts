/**
 * Keeping secrets out of the logs, in three layers:
 *   1. pino `redact` paths for the places secrets live in objects we log
 *      (config, headers, option objects);
 *   2. an error serializer that keeps what helps debugging (type, message,
 *      stack, codes, status) and drops what HTTP clients attach to errors
 *      (request config with its Authorization header, the raw request, the
 *      response object);
 *   3. a last pass over every finished log line that replaces anything shaped
 *      like a Slack or Discord token, a Bearer header, a capability URL
 *      (Slack response_url, Discord interaction webhook) and the exact values
 *      of the configured secrets.
 * Layer 3 catches what 1 and 2 cannot foresee: a token inside a message
 * string, a library's error text, a field name nobody thought of.
 */
import pino from 'pino';

export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'DISCORD_TOKEN',
  'TOKEN_ENCRYPTION_KEY',
  'DATABASE_URL',
  'OPS_TOKEN',
] as const;
const SECRET_FIELDS = ['token', 'botToken', 'appToken', 'signingSecret', 'clientSecret', 'password', 'secret', 'authorization', 'Authorization', 'cookie'];

export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'headers.authorization',
  'headers.Authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  'req.headers.authorization',
  'request.headers.authorization',
];

/** The secret values of a configuration, for the literal pass of `scrubSecrets`. */
export function secretValues(config: Partial<Record<(typeof SECRET_KEYS)[number], string | undefined>>): string[] {
  return SECRET_KEYS.map((k) => config[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/**
 * Every pattern is linear in the input: each starts at a fixed literal or at
 * the start of a run of token characters (a lookbehind), so no position is
 * scanned more than a constant number of times — a log line may quote a
 * 16 KB URL that anyone on the internet sent (test/ops/linear-regex.test.ts).
 */
export const TOKEN_PATTERNS: [RegExp, string][] = [
  // Slack: bot/user/app tokens, rotating (xoxe.) tokens, refresh tokens.
  [/(?<![A-Za-z0-9-])(?:xox[abeoprs](?:\.xox[abeoprs])?|xapp)-[A-Za-z0-9-]+/g, REDACTED],
  // Discord bot tokens: base64(user id) . timestamp . HMAC — matched only from the start of a run.
  [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{18,}\.[A-Za-z0-9_-]{5,7}\.[A-Za-z0-9_-]{25,}/g, REDACTED],
  // Authorization header values.
  [/\b(Bearer|Bot)\s+[A-Za-z0-9._~+/=-]{16,}/gi, `$1 ${REDACTED}`],
  // Capability URLs: whoever holds them can post as the bot.
  [/(hooks\.slack\.com\/(?:actions|commands|services|workflows|triggers)\/)[^\s"'\\]+/g, `$1${REDACTED}`],
  [/(\/webhooks\/\d+\/)[A-Za-z0-9_.-]+/g, `$1${REDACTED}`],
  // Discord interaction callbacks carry the interaction's token in the path.
  [/(\/interactions\/\d+\/)[A-Za-z0-9_.-]+/g, `$1${REDACTED}`],
  // A database URL's password.
  [/(postgres(?:ql)?:\/\/[^:/@\s]{0,100}:)[^@\s]{1,200}@/g, `$1${REDACTED}@`],
];

/** Secret values shorter than this are not replaced literally (they would match ordinary words). */
const MIN_LITERAL = 8;

export function scrubSecrets(text: string, literals: readonly string[] = []): string {
  let out = text;
  for (const secret of literals) if (secret.length >= MIN_LITERAL) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Fields of an error worth keeping; everything else (config, request, response, headers …) is dropped. */
const ERROR_FIELDS = ['type', 'message', 'stack', 'code', 'errno', 'syscall', 'status', 'statusCode', 'method', 'url', 'data', 'rawError', 'retryAfter', 'reason'];
const MAX_ERROR_DEPTH = 3;

export function safeErrorSerializer(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const full = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ERROR_FIELDS) if (full[key] !== undefined) out[key] = full[key];
  if (depth < MAX_ERROR_DEPTH) {
    // Slack's WebAPIRequestError wraps the HTTP client's error in `original`.
    for (const key of ['cause', 'original'] as const) {
      const inner = (err as unknown as Record<string, unknown>)[key];
      if (inner instanceof Error) out[key] = safeErrorSerializer(inner, depth + 1);
    }
  }
  return out;
}
