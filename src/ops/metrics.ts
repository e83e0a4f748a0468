/**
 * Prometheus metrics for operators, on prom-client. The rest of the app sees
 * only the small `Metrics` interface (record this, record that), so adapters
 * and the job wrappers can record without knowing prom-client, and core/
 * stays free of it.
 *
 * Label values come from closed sets only (platform, command name, outcome,
 * failure reason): never from user text, so a user cannot blow up the number
 * of series.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  /** One command or button press handled (see instrument.ts `timedHandle`). */
  commandHandled(e: { platform: string; command: string; outcome: string; seconds: number }): void;
  /** An answer revealed / a self-grade recorded (counted when the command succeeded). */
  revealed(platform: string): void;
  graded(platform: string): void;
  /** One message sent to a platform (daily post, reminder DM), with how long the call took. */
  postSent(platform: string, seconds: number): void;
  postFailed(platform: string, e: { kind: string; reason: string; seconds: number }): void;
  /** How late a scheduler tick started after its minute boundary. */
  schedulerTick(lagSeconds: number): void;
  /** A platform told us to wait (HTTP 429 / library rate-limit queue). */
  rateLimitWait(platform: string, seconds: number): void;
  /** A person hit one of our own limits (command budget, public-post cooldown). */
  limited(kind: string): void;
}

export interface PrometheusMetrics extends Metrics {
  /** Publishes the configured limits as gauges. */
  setLimits(settings: { commandsPerMinute: number; publicCooldownSeconds: number }): void;
  readonly registry: Registry;
  /** The text exposition format, for GET /metrics. */
  render(): Promise<string>;
  readonly contentType: string;
}


/** Interactions should feel instant; anything past 3 s misses Slack's and Discord's ack windows. */
const COMMAND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Posts include the platform's rate-limit queue, so they may legitimately take seconds. */
const POST_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC). On by default; tests may turn them off. */
  defaultMetrics?: boolean;
}

export function createMetrics(opts: MetricsOptions = {}): PrometheusMetrics {
  // Our own registry, not prom-client's global one: two apps in one test process stay apart.
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const commands = new Counter({
    name: 'awsbot_commands_total',
    help: 'Commands and button presses handled, by platform, command and outcome (ok, user_error, denied, error).',
    labelNames: ['platform', 'command', 'outcome'] as const,
    registers,
  });
  const commandSeconds = new Histogram({
    name: 'awsbot_command_duration_seconds',
    help: 'Time to handle a command or button press, by platform.',
    labelNames: ['platform'] as const,
    buckets: COMMAND_BUCKETS,
    registers,
  });
  const reveals = new Counter({
    name: 'awsbot_reveals_total',
    help: 'Answers revealed, by platform.',
    labelNames: ['platform'] as const,
    registers,
  });
  const grades = new Counter({
    name: 'awsbot_grades_total',
    help: 'Self-grades recorded, by platform.',
    labelNames: ['platform'] as const,
    registers,
  });
  const postsSent = new Counter({
    name: 'awsbot_posts_sent_total',
    help: 'Messages the bot sent on its own (daily posts, reminders), by platform.',
    labelNames: ['platform'] as const,
    registers,
  });
  const postsFailed = new Counter({
    name: 'awsbot_posts_failed_total',
    help: 'Messages the platform refused or that timed out, by platform, kind (permanent, transient) and reason.',
    labelNames: ['platform', 'kind', 'reason'] as const,
    registers,
  });
  const postSeconds = new Histogram({
    name: 'awsbot_post_duration_seconds',
    help: 'Time for one message send including rate-limit queueing, by platform.',
    labelNames: ['platform'] as const,
    buckets: POST_BUCKETS,
    registers,
  });
  const schedulerLag = new Gauge({
    name: 'awsbot_scheduler_lag_seconds',
    help: 'How late the last scheduler tick started after its minute boundary (a busy event loop shows here).',
    registers,
  });
  const schedulerTicks = new Counter({ name: 'awsbot_scheduler_ticks_total', help: 'Scheduler ticks run.', registers });
  const schedulerLastTick = new Gauge({
    name: 'awsbot_scheduler_last_tick_timestamp_seconds',
    help: 'Unix time of the last scheduler tick; alert when it stops moving.',
    registers,
  });
  const rateLimitWaits = new Counter({
    name: 'awsbot_rate_limit_waits_total',
    help: 'Times a platform asked us to wait (429 / rate-limit queue), by platform.',
    labelNames: ['platform'] as const,
    registers,
  });
  const rateLimitSeconds = new Counter({
    name: 'awsbot_rate_limit_wait_seconds_total',
    help: 'Seconds the platforms asked us to wait in total, by platform.',
    labelNames: ['platform'] as const,
    registers,
  });

  const limitedTotal = new Counter({
    name: 'awsbot_limited_total',
    help: 'Requests refused by our own per-person limits, by kind (commands = the per-minute budget, public_posts = the channel cooldown).',
    labelNames: ['kind'] as const,
    registers,
  });
  const limitSettings = new Gauge({
    name: 'awsbot_limit_setting',
    help: 'The configured per-person limits: commands per minute, public-post cooldown in seconds.',
    labelNames: ['limit'] as const,
    registers,
  });

  return {
    registry,
    setLimits(settings: { commandsPerMinute: number; publicCooldownSeconds: number }) {
      limitSettings.set({ limit: 'commands_per_minute' }, settings.commandsPerMinute);
      limitSettings.set({ limit: 'public_cooldown_seconds' }, settings.publicCooldownSeconds);
    },
    contentType: registry.contentType,
    render: () => registry.metrics(),
    commandHandled({ platform, command, outcome, seconds }) {
      commands.inc({ platform, command, outcome });
      commandSeconds.observe({ platform }, seconds);
    },
    revealed: (platform) => reveals.inc({ platform }),
    graded: (platform) => grades.inc({ platform }),
    postSent(platform, seconds) {
      postsSent.inc({ platform });
      postSeconds.observe({ platform }, seconds);
    },
    postFailed(platform, { kind, reason, seconds }) {
      postsFailed.inc({ platform, kind, reason });
      postSeconds.observe({ platform }, seconds);
    },
    schedulerTick(lagSeconds) {
      schedulerLag.set(lagSeconds);
      schedulerTicks.inc();
      schedulerLastTick.set(Date.now() / 1000);
    },
    rateLimitWait(platform, seconds) {
      rateLimitWaits.inc({ platform });
      if (seconds > 0) rateLimitSeconds.inc({ platform }, seconds);
    },
    limited: (kind) => limitedTotal.inc({ kind }),
  };
}
