/**
 * Starts what the configuration asks for, on one store and one question bank:
 * Slack and/or Discord when their tokens are set, the scheduler when any chat
 * platform runs, and the console practice mode when no platform is configured
 * (or CONSOLE=on). Returns a stop function for graceful shutdown.
 */
import type { Readable, Writable } from 'node:stream';
import { discordEnabled, slackMode, type Config } from './config.js';
import type { CoreDeps } from './core/context.js';
import type { ChatPort, Logger } from './core/ports.js';
import { runConsole } from './adapters/console/session.js';

export interface Running {
  /** Resolves when the app ends by itself (console EOF); never for servers. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  deps: CoreDeps;
  logger: Logger;
  stdin?: Readable;
  stdout?: Writable;
}

export async function startApp(opts: StartOptions): Promise<Running> {
  const { config, deps } = opts;
  const stops: (() => Promise<void>)[] = [];
  const chatPorts: ChatPort[] = [];

  // --- slack (issue 4) -------------------------------------------------------
  if (slackMode(config)) {
    opts.logger.warn({}, 'Slack tokens are set but the Slack adapter is not wired in yet');
  }

  // --- discord (issue 5) -----------------------------------------------------
  if (discordEnabled(config)) {
    opts.logger.warn({}, 'Discord tokens are set but the Discord adapter is not wired in yet');
  }

  // --- scheduler (issue 6) ---------------------------------------------------
  void chatPorts;

  // --- console ---------------------------------------------------------------
  const wantConsole = config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && !slackMode(config) && !discordEnabled(config));
  let done: Promise<void> = new Promise(() => {});
  if (wantConsole) {
    done = runConsole({ deps, input: opts.stdin ?? process.stdin, output: opts.stdout ?? process.stdout });
  }

  return {
    done,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
