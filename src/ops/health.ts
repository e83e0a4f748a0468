/**
 * Health checks behind GET /healthz. Each component registers a named check
 * when it starts (the store, each chat adapter, the scheduler); the report is
 * healthy when every check passes. A check answers quickly and never throws:
 * a throw, a false or a check slower than CHECK_TIMEOUT_MS counts as failing.
 *
 * The report is served on a public port, so details stay short and generic:
 * which component failed and an error code, never configuration or payloads.
 */

export interface CheckResult {
  ok: boolean;
  /** A short reason, shown in the /healthz body. */
  detail?: string;
}

export type HealthCheck = () => CheckResult | boolean | Promise<CheckResult | boolean>;

export interface HealthReport {
  status: 'ok' | 'failing' | 'stopping';
  checks: Record<string, CheckResult>;
}

export const CHECK_TIMEOUT_MS = 2000;
const MAX_DETAIL = 200;

export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private stopping = false;

  constructor(private readonly timeoutMs = CHECK_TIMEOUT_MS) {}

  /** Adds (or replaces) a named check; returns a function that removes it. */
  register(name: string, check: HealthCheck): () => void {
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) this.checks.delete(name);
    };
  }

  /** From now on /healthz answers 503 "stopping", so load balancers and Docker stop sending work. */
  markStopping(): void {
    this.stopping = true;
  }

  get names(): string[] {
    return [...this.checks.keys()];
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await runCheck(check, this.timeoutMs)] as const));
    const checks = Object.fromEntries(entries);
    if (this.stopping) return { status: 'stopping', checks };
    return { status: entries.every(([, r]) => r.ok) ? 'ok' : 'failing', checks };
  }
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const answered = Promise.resolve().then(check).then(normalise, (err: unknown) => ({ ok: false, detail: errorDetail(err) }));
    return await Promise.race([answered, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function normalise(r: CheckResult | boolean): CheckResult {
  if (typeof r === 'boolean') return { ok: r };
  return r.detail ? { ok: r.ok, detail: r.detail.slice(0, MAX_DETAIL) } : { ok: r.ok };
}

function errorDetail(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return (typeof code === 'string' ? `${code}: ${message}` : message).slice(0, MAX_DETAIL);
}

/**
 * "Still alive" for periodic work such as the scheduler's per-minute tick:
 * `beat()` on every run; the check fails once nothing happened for `maxSilenceMs`
 * (counted from creation until the first beat).
 */
export class Heartbeat {
  private last: number;

  constructor(
    private readonly maxSilenceMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
  }

  beat(): void {
    this.last = this.now();
  }

  get lastBeatAt(): Date {
    return new Date(this.last);
  }

  readonly check: HealthCheck = () => {
    const silentMs = this.now() - this.last;
    return silentMs <= this.maxSilenceMs ? { ok: true } : { ok: false, detail: `no run for ${Math.round(silentMs / 1000)} s` };
  };
}
