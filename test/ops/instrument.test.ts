/** One log line and the metrics per command and per post; in-flight draining; the shutdown sequence. */
import { describe, expect, it } from 'vitest';
import { paragraph, privateReply } from '../../src/core/messages.js';
import type { ChatPort, PostOutcome } from '../../src/core/ports/chat.js';
import { Heartbeat } from '../../src/ops/health.js';
import { InFlight, instrumentChatPort, instrumentCron, timedHandle } from '../../src/ops/instrument.js';
import { createOps } from '../../src/ops/ops.js';
import { createShutdown } from '../../src/ops/shutdown.js';
import type { CronSchedule } from '../../src/jobs/cron.js';
import { makeDeps, memoryLogger, press, run } from '../support/core.js';

const reply = privateReply('hello', [paragraph('hello')]);
const metricLine = async (ops: ReturnType<typeof createOps>, prefix: string) =>
  (await ops.metrics.render()).split('\n').filter((l) => l.startsWith(prefix));

describe('timedHandle', () => {
  it('logs one line per command with latency and outcome (never the text) and counts reveals and grades', async () => {
    const logger = memoryLogger();
    const ops = createOps(logger, { defaultMetrics: false });
    const deps = makeDeps();
    const fields = { platform: 'console', user: 'test:alice' };
    await timedHandle(ops, fields, () => run(deps, 'answer vpc-basics'));
    await timedHandle(ops, fields, () => run(deps, 'knew'));
    await timedHandle(ops, fields, () => run(deps, 'dance my-secret-words'));
    await timedHandle(ops, fields, () => press(deps, 'reveal:iam-roles'));
    expect(ops.inFlight.size).toBe(0);

    const lines = logger.lines.filter((l) => l.msg === 'command handled');
    expect(lines.map((l) => l.obj)).toEqual([
      expect.objectContaining({ platform: 'console', user: 'test:alice', command: 'answer', outcome: 'ok', ms: expect.any(Number) }),
      expect.objectContaining({ command: 'grade', outcome: 'ok' }),
      expect.objectContaining({ command: 'unknown', outcome: 'user_error' }),
      expect.objectContaining({ command: 'reveal', outcome: 'ok' }),
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('my-secret-words');
    expect(await metricLine(ops, 'awsbot_reveals_total')).toEqual(['awsbot_reveals_total{platform="console"} 2']);
    expect(await metricLine(ops, 'awsbot_grades_total')).toEqual(['awsbot_grades_total{platform="console"} 1']);
    expect(await metricLine(ops, 'awsbot_commands_total{platform="console",command="unknown"')).toEqual([
      'awsbot_commands_total{platform="console",command="unknown",outcome="user_error"} 1',
    ]);
    expect(await metricLine(ops, 'awsbot_command_duration_seconds_count')).toEqual(['awsbot_command_duration_seconds_count{platform="console"} 4']);
  });
});

describe('instrumentChatPort', () => {
  it('logs and counts every send: sent, failed, rate-limited, thrown', async () => {
    const logger = memoryLogger();
    const ops = createOps(logger, { defaultMetrics: false });
    const outcomes: (PostOutcome | Error)[] = [
      { ok: true, messageId: 'm1' },
      { ok: false, kind: 'permanent', reason: 'no_access', detail: 'Missing Access' },
      { ok: false, kind: 'transient', reason: 'rate_limited', detail: '429', retryAfterMs: 2500 },
      new Error('socket hang up'),
    ];
    const port: ChatPort = {
      platform: 'discord',
      async postToChannel() {
        const next = outcomes.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      async sendDirect() {
        return { ok: true, messageId: 'dm1' };
      },
    };
    const wrapped = instrumentChatPort(port, ops);
    expect(wrapped.platform).toBe('discord');
    expect(await wrapped.postToChannel('C1', reply, { idempotencyKey: 'daily-1-20260310' })).toEqual({ ok: true, messageId: 'm1' });
    expect((await wrapped.postToChannel('C2', reply)).ok).toBe(false);
    expect((await wrapped.postToChannel('C3', reply)).ok).toBe(false);
    await expect(wrapped.postToChannel('C4', reply)).rejects.toThrow('socket hang up');
    expect(await wrapped.sendDirect!('discord:42', reply)).toEqual({ ok: true, messageId: 'dm1' });

    expect(logger.lines.filter((l) => l.msg === 'post').map((l) => l.obj)).toEqual([
      expect.objectContaining({ what: 'post', target: 'C1', key: 'daily-1-20260310', outcome: 'sent', messageId: 'm1', ms: expect.any(Number) }),
      expect.objectContaining({ target: 'C2', outcome: 'failed', kind: 'permanent', reason: 'no_access' }),
      expect.objectContaining({ target: 'C3', outcome: 'failed', reason: 'rate_limited' }),
      expect.objectContaining({ what: 'direct', target: 'discord:42', outcome: 'sent' }),
    ]);
    expect(await metricLine(ops, 'awsbot_posts_sent_total')).toEqual(['awsbot_posts_sent_total{platform="discord"} 2']);
    expect(await metricLine(ops, 'awsbot_posts_failed_total')).toEqual([
      'awsbot_posts_failed_total{platform="discord",kind="permanent",reason="no_access"} 1',
      'awsbot_posts_failed_total{platform="discord",kind="transient",reason="rate_limited"} 1',
      'awsbot_posts_failed_total{platform="discord",kind="transient",reason="unknown"} 1',
    ]);
    expect(await metricLine(ops, 'awsbot_rate_limit_wait')).toEqual([
      'awsbot_rate_limit_waits_total{platform="discord"} 1',
      'awsbot_rate_limit_wait_seconds_total{platform="discord"} 2.5',
    ]);
  });

  it('keeps a port without direct messages without them', () => {
    const port: ChatPort = { platform: 'slack', postToChannel: async () => ({ ok: true, messageId: 'x' }) };
    expect(instrumentChatPort(port, createOps(memoryLogger(), { defaultMetrics: false })).sendDirect).toBeUndefined();
  });
});

describe('instrumentCron', () => {
  it('beats the scheduler heartbeat and records the tick lag on every tick', async () => {
    const ops = createOps(memoryLogger(), { defaultMetrics: false });
    let fire: () => void = () => {};
    const fake: CronSchedule = (_expr, fn) => {
      fire = fn;
      return { stop() {}, destroy() {} };
    };
    let now = 0;
    const heartbeat = new Heartbeat(1000, () => now);
    let ticks = 0;
    instrumentCron(ops, heartbeat, fake)('* * * * *', () => ticks++, {});
    now = 5000;
    expect(heartbeat.check()).toMatchObject({ ok: false });
    fire();
    expect(ticks).toBe(1);
    expect(heartbeat.check()).toEqual({ ok: true });
    expect(await metricLine(ops, 'awsbot_scheduler_ticks_total')).toEqual(['awsbot_scheduler_ticks_total 1']);
    const [lag] = await metricLine(ops, 'awsbot_scheduler_lag_seconds');
    expect(Number(lag!.split(' ')[1])).toBeLessThan(60);
  });
});

describe('InFlight', () => {
  it('drains what is in flight, bounded', async () => {
    const inFlight = new InFlight();
    let finish!: () => void;
    void inFlight.track(new Promise<void>((r) => (finish = r)));
    void inFlight.track(Promise.reject(new Error('failed work still settles')).catch(() => {}));
    expect(await inFlight.drain(20)).toBe(false);
    setTimeout(finish, 10);
    expect(await inFlight.drain(1000)).toBe(true);
    expect(inFlight.size).toBe(0);
  });
});

describe('createShutdown', () => {
  it('runs the steps in order, then finish, and exits 0', async () => {
    const done: string[] = [];
    const codes: number[] = [];
    const shutdown = createShutdown({
      logger: memoryLogger(),
      steps: [
        { name: 'a', run: () => void done.push('a') },
        { name: 'b', run: async () => void done.push('b') },
      ],
      finish: () => void done.push('db closed'),
      exit: (c) => void codes.push(c),
    });
    expect(shutdown.started).toBe(false);
    const first = shutdown('SIGTERM');
    expect(shutdown('SIGINT')).toBe(first); // idempotent
    await first;
    expect(done).toEqual(['a', 'b', 'db closed']);
    expect(codes).toEqual([0]);
  });

  it('still closes the database and exits 1 when a step hangs past the budget or fails', async () => {
    const logger = memoryLogger();
    const done: string[] = [];
    const codes: number[] = [];
    const started = Date.now();
    await createShutdown({
      logger,
      graceMs: 100,
      steps: [
        { name: 'hangs', run: () => new Promise(() => {}) },
        {
          name: 'fails',
          run: () => {
            throw new Error('boom');
          },
        },
      ],
      finish: () => void done.push('db closed'),
      exit: (c) => void codes.push(c),
    })('SIGTERM');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(done).toEqual(['db closed']);
    expect(codes).toEqual([1]);
    expect(logger.lines.map((l) => l.msg)).toEqual([
      'shutting down',
      'shutdown step did not finish in time; moving on',
      'shutdown step failed',
      'stopped',
    ]);
  });
});
