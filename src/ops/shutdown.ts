/**
 * Graceful shutdown on SIGTERM (docker stop, Kubernetes, systemd) and SIGINT
 * (Ctrl-C): run the steps in order — report "stopping" on /healthz, stop
 * accepting new work, let work in flight finish — within one overall budget,
 * then always close the database cleanly (WAL checkpoint) and exit.
 *
 * Exit codes: 0 when everything finished in time; 1 when a step failed or the
 * budget ran out (work still in flight is abandoned; the scheduler's claims
 * make an abandoned post retry after a restart, never post twice). A second
 * signal while stopping exits at once with 130, for a person who means it.
 *
 * The budget must fit inside the orchestrator's kill timeout: Docker waits
 * 10 s by default before SIGKILL, so docker-compose.yml sets
 * stop_grace_period: 20s and the budget is 10 s.
 */
import type { Logger } from '../core/ports/logger.js';

export const SHUTDOWN_GRACE_MS = 10_000;

export interface ShutdownStep {
  name: string;
  run: () => unknown;
}

export interface ShutdownOptions {
  logger: Logger;
  steps: ShutdownStep[];
  /** Runs last and always, even when the budget ran out: close the database here. */
  finish: () => void | Promise<void>;
  /** Overall budget for `steps`. */
  graceMs?: number;
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** Idempotent: a second call returns the first call's promise. */
  (reason: string, code?: number): Promise<void>;
  readonly started: boolean;
}

export function createShutdown(opts: ShutdownOptions): Shutdown {
  const { logger } = opts;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;

  const run = async (reason: string, code: number): Promise<void> => {
    const startedAt = Date.now();
    const deadline = startedAt + (opts.graceMs ?? SHUTDOWN_GRACE_MS);
    logger.info({ reason }, 'shutting down');
    let clean = true;
    for (const step of opts.steps) {
      const result = await withDeadline(step.run, deadline);
      if (result === 'timeout') {
        clean = false;
        logger.warn({ step: step.name, graceMs: opts.graceMs ?? SHUTDOWN_GRACE_MS }, 'shutdown step did not finish in time; moving on');
      } else if (result !== 'done') {
        clean = false;
        logger.error({ step: step.name, err: result.error }, 'shutdown step failed');
      }
    }
    try {
      await opts.finish();
    } catch (err) {
      clean = false;
      logger.error({ err }, 'final shutdown step failed');
    }
    logger.info({ reason, ms: Date.now() - startedAt, clean }, 'stopped');
    exit(clean ? code : 1);
  };

  const shutdown = ((reason: string, code = 0) => (running ??= run(reason, code))) as Shutdown;
  Object.defineProperty(shutdown, 'started', { get: () => running !== null });
  return shutdown;
}

async function withDeadline(fn: () => unknown, deadline: number): Promise<'done' | 'timeout' | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
  const work = Promise.resolve()
    .then(fn)
    .then(
      () => 'done' as const,
      (error: unknown) => ({ error }),
    );
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM and SIGINT start the shutdown; a second one while stopping exits immediately. */
export function onStopSignals(shutdown: Shutdown, logger: Logger, exit: (code: number) => void = (c) => process.exit(c)): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!shutdown.started) {
        void shutdown(signal);
        return;
      }
      logger.warn({ signal }, 'second stop signal: exiting without waiting');
      exit(130);
    });
  }
}
