/**
 * Bolt, the Web API client and Socket Mode log through this bridge into the
 * app's structured logger. Their messages are free text (at debug level they
 * include request bodies), so anything shaped like a Slack token is scrubbed
 * before it is written: secrets are never logged.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

const SEVERITY: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

/** xoxb-/xoxp-/xoxa-/xapp- tokens and Bearer headers. */
const TOKEN_PATTERN = /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]+|Bearer\s+[A-Za-z0-9._-]+/g;

export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '[redacted]');
}

function toText(parts: unknown[]): string {
  return scrubSecrets(
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if (p instanceof Error) return p.message;
        try {
          return JSON.stringify(p);
        } catch {
          return String(p);
        }
      })
      .join(' '),
  );
}

export class BoltLoggerBridge implements BoltLogger {
  private name = 'bolt';

  constructor(
    private readonly target: Logger,
    private level: LogLevel = LogLevel.INFO,
  ) {}

  private emit(level: LogLevel, parts: unknown[]): void {
    if (SEVERITY[level] < SEVERITY[this.level]) return;
    this.target[level]({ component: this.name }, toText(parts));
  }

  debug(...msg: unknown[]): void {
    this.emit(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.emit(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.emit(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.emit(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }
}
