/**
 * Bolt, the Web API client and Socket Mode log through this bridge into the
 * app's structured logger, which scrubs secrets from every line. Their
 * messages are free text that can quote whatever a stranger sent (an unknown
 * 16 KB request path), so each is cut to MAX_MESSAGE characters first.
 *
 * Bolt's constructors call setLevel() with their `logLevel` option (INFO when
 * absent), so the app passes its level to every Bolt constructor as well.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.js';

const SEVERITY: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

export const MAX_MESSAGE = 500;

function toText(parts: unknown[]): string {
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return p.message;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (${text.length} characters)` : text;
}

export class BoltLoggerBridge implements BoltLogger {
  private name = 'bolt';

  constructor(
    private readonly target: Logger,
    private level: LogLevel = LogLevel.WARN,
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
