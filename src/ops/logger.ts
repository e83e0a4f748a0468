/**
 * pino, with secrets kept out of every line (see redact.ts for the layers).
 * JSON lines in production (one object per line, ready for any log shipper);
 * human-readable with pino-pretty in development on a terminal.
 */
import pino from 'pino';
import type { Logger } from '../core/ports/logger.js';
import { REDACTED, REDACT_PATHS, safeErrorSerializer, scrubSecrets } from './redact.js';

export { REDACT_PATHS } from './redact.js';

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
  /** Exact secret values (tokens, signing secret) to scrub wherever they appear; see secretValues(config). */
  secrets?: readonly string[];
}

export function createLogger(opts: LoggerOptions = {}): Logger & pino.Logger {
  const secrets = [...(opts.secrets ?? [])];
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    base: { app: 'aws-interview-bot' },
    serializers: { err: (e) => safeErrorSerializer(e), error: (e) => safeErrorSerializer(e) },
    // The last pass over the finished line: whatever got past the paths and the serializer.
    hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
  };
  if (opts.destination) return pino(options, opts.destination);
  if (opts.pretty) {
    // pino-pretty is a dev dependency: only development uses it (the Docker image never sets LOG_PRETTY).
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  // Logs go to stderr so the console mode's stdout stays the conversation.
  return pino(options, pino.destination(2));
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
