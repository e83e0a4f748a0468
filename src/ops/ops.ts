/**
 * Everything operations needs, created once in main.ts and handed to compose():
 * the metrics registry, the health checks, the in-flight tracker, the logger.
 * Components receive this object (or the narrower `Instruments`) rather than
 * importing globals, so tests can build their own.
 */
import type { Logger } from '../core/ports/logger.js';
import { HealthRegistry, Heartbeat } from './health.js';
import { InFlight, type Instruments } from './instrument.js';
import { createMetrics, type MetricsOptions, type PrometheusMetrics } from './metrics.js';

export interface Ops extends Instruments {
  metrics: PrometheusMetrics;
  health: HealthRegistry;
}

export function createOps(logger: Logger, opts: MetricsOptions = {}): Ops {
  return { logger, metrics: createMetrics(opts), health: new HealthRegistry(), inFlight: new InFlight() };
}

/**
 * The scheduler ticks every minute; three silent minutes mean its timer is
 * dead (or the event loop is stuck), which a restart fixes.
 */
export const SCHEDULER_MAX_SILENCE_MS = 3 * 60_000;

/** A heartbeat registered as the `scheduler` health check. */
export function schedulerHeartbeat(ops: Pick<Ops, 'health'>): Heartbeat {
  const heartbeat = new Heartbeat(SCHEDULER_MAX_SILENCE_MS);
  ops.health.register('scheduler', heartbeat.check);
  return heartbeat;
}
