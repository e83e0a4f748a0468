/** A channel that answers "Missing Access": marked failing, visible in `schedule` and the logs, others unaffected. */
import { afterEach, describe, expect, it } from 'vitest';
import { handleText } from '../../src/core/dispatch.js';
import { DailyPoster } from '../../src/scheduler/daily-poster.js';
import { ChatSink, SinkChatPort } from '../fakes/chat-sink.js';
import { makeContext, makeDeps } from '../support/core.js';
import { MINUTE, subscribe, subscribeMany } from './support/harness.js';

let sink: ChatSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('a channel the bot lost access to', () => {
  it('is marked failing and reported, while every other channel gets its post', async () => {
    const LOST = 'C00000'; // first in line, with one worker: it must not hold the others up
    sink = await ChatSink.start({
      fault: ({ channel }) => (channel === LOST ? { status: 403, message: 'Missing Access' } : null),
    });
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    const subs = subscribeMany(deps.store, 12);
    const poster = new DailyPoster({ deps, posts: deps.store, ports: [new SinkChatPort(sink.url)], concurrency: 1 });

    expect(await poster.runDue(deps.clock.now())).toMatchObject({ due: 12, sent: 11, failed: 1 });
    for (let i = 0; i < 30; i++) {
      deps.clock.advance(MINUTE);
      await poster.runDue(deps.clock.now());
    }
    expect(sink.requests).toBe(12); // the failing channel is not retried
    expect(new Set(sink.messages.map((m) => m.channel))).toEqual(new Set(subs.slice(1).map((s) => s.channelRef)));

    const lost = deps.store.getSubscriptionByChannel(`discord:${LOST}`)!;
    expect(lost).toMatchObject({ status: 'failing', lastError: 'no_access: Missing Access' });
    const logged = deps.logger.lines.find((l) => l.level === 'error' && /failed permanently/.test(l.msg ?? ''));
    expect(logged?.obj).toMatchObject({ channelKey: `discord:${LOST}`, reason: 'no_access', detail: 'Missing Access' });

    const ctx = makeContext(deps, { platform: 'discord', channelKey: `discord:${LOST}`, channelRef: LOST, scope: 'discord:S1' });
    const shown = JSON.stringify((await handleText('schedule', ctx)).reply.blocks);
    expect(shown).toContain('failing: no_access: Missing Access');
    expect(shown).toContain('failed 2026-03-10: no_access: Missing Access');
    expect(shown).toContain('paused while failing');

    const okCtx = makeContext(deps, { platform: 'discord', channelKey: subs[1]!.channelKey, channelRef: subs[1]!.channelRef });
    expect(JSON.stringify((await handleText('schedule', okCtx)).reply.blocks)).toMatch(/sent 2026-03-10 at 2026-03-10 09:00 UTC \(message m\d+\)/);
  });

  it('subscribing again resumes it from the next post time', async () => {
    let deleted = true;
    sink = await ChatSink.start({ fault: () => (deleted ? { status: 404, message: 'Unknown Channel' } : null) });
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    subscribe(deps.store, { channel: 'C1' });
    const poster = new DailyPoster({ deps, posts: deps.store, ports: [new SinkChatPort(sink.url)] });
    await poster.runDue(deps.clock.now());
    deps.clock.set('2026-03-11T09:00:00Z');
    expect((await poster.runDue(deps.clock.now())).due).toBe(0); // still failing: paused

    deps.clock.set('2026-03-11T12:00:00Z');
    deleted = false;
    const sub = subscribe(deps.store, { channel: 'C1' }, deps.clock.now()); // the admin fixed access
    expect(sub.status).toBe('ok');
    expect((await poster.runDue(deps.clock.now())).due).toBe(0); // 09:00 had passed: not caught up
    deps.clock.set('2026-03-12T09:00:00Z');
    expect((await poster.runDue(deps.clock.now())).sent).toBe(1);
  });
});
