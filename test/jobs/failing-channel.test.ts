/**
 * A channel the bot lost access to, through the real Slack and Discord ports
 * against the loopback fakes: marked failing, visible in `schedule` and the
 * logs, not retried, and every other channel still gets its post.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Deliveries } from '../../src/jobs/deliveries.js';
import { makeDeps, run } from '../support/core.js';
import { MINUTE, subscribe, subscribeMany } from './support/harness.js';
import { RIGS, startRig, type PlatformRig } from './support/platforms.js';

let rig: PlatformRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** What each platform answers for a channel the bot cannot see, as the real port reports it. */
const LOST_ERROR = {
  slack: /^no_access: not_in_channel: the bot is not a member/,
  discord: /^no_access: Missing Access \(50001\): the bot cannot see channel \d+/,
};
const GONE_ERROR = {
  slack: /^channel_not_found: channel_not_found/,
  discord: /^channel_not_found: Unknown Channel \(10003\)/,
};

describe.each(RIGS)('%s: a channel the bot lost access to', (platform) => {
  it('is marked failing and reported, while every other channel gets its post', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    rig = await startRig(platform, deps.logger);
    deps.chat.add(rig.port);
    const subs = await subscribeMany(deps.store, 12, { platform, scope: rig.scope }, rig.channelName);
    const LOST = subs[0]!; // first in line, with one worker: it must not hold the others up
    rig.fail(LOST.channelRef, { kind: 'no_access' }, 1000);
    const deliveries = new Deliveries({ deps, concurrency: 1 });

    expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ due: 12, sent: 11, failed: 1 });
    for (let i = 0; i < 30; i++) {
      deps.clock.advance(MINUTE);
      await deliveries.runDue(deps.clock.now());
    }
    expect(rig.requestsTo(LOST.channelRef)).toBe(1); // the failing channel is not retried
    expect(rig.accepted().map((p) => p.channel).sort()).toEqual(subs.slice(1).map((s) => s.channelRef).sort());

    const lost = (await deps.store.channels.getSubscription(LOST.channelKey))!;
    expect(lost).toMatchObject({ status: 'failing', lastErrorReason: 'no_access' });
    expect(lost.lastError).toMatch(LOST_ERROR[platform]);
    const logged = deps.logger.lines.find((l) => l.level === 'error' && /failed permanently/.test(l.msg ?? ''));
    expect(logged?.obj).toMatchObject({ subscriptionId: LOST.id, reason: 'no_access' });

    // `schedule` in that channel: the admin sees the platform's words, a member plain ones.
    const place = { scope: LOST.scope, channelKey: LOST.channelKey, channelRef: LOST.channelRef };
    const forAdmin = JSON.stringify((await run(deps, 'schedule', { platform, admin: true, place })).reply.blocks);
    expect(forAdmin).toContain('failing: no_access: ');
    expect(forAdmin).toContain('failed 2026-03-10: no_access: ');
    expect(forAdmin).toContain('paused while failing');
    const forMember = JSON.stringify((await run(deps, 'schedule', { platform, place })).reply.blocks);
    expect(forMember).toContain('failed 2026-03-10: the bot is not a member of this channel or cannot see it');
    expect(forMember).not.toMatch(/not_in_channel|50001/);

    const ok = subs[1]!;
    const okPlace = { scope: ok.scope, channelKey: ok.channelKey, channelRef: ok.channelRef };
    const okShown = JSON.stringify((await run(deps, 'schedule', { platform, admin: true, place: okPlace })).reply.blocks);
    const okMessage = rig.accepted().find((p) => p.channel === ok.channelRef)!.messageId;
    expect(okShown).toContain(`sent 2026-03-10 at 2026-03-10 09:00 UTC (message ${okMessage})`);
  });

  it('a deleted channel stops too; subscribing again resumes it from the next post time', async () => {
    const deps = makeDeps({ now: '2026-03-10T09:00:00Z' });
    rig = await startRig(platform, deps.logger);
    deps.chat.add(rig.port);
    const channel = rig.channelName(1);
    rig.fail(channel, { kind: 'not_found' }); // once: a second request would find the channel
    const sub = await subscribe(deps.store, { channel, platform, scope: rig.scope });
    const deliveries = new Deliveries({ deps });
    expect(await deliveries.runDue(deps.clock.now())).toMatchObject({ failed: 1 });
    expect((await deps.store.channels.getSubscription(sub.channelKey))!.lastError).toMatch(GONE_ERROR[platform]);
    deps.clock.set('2026-03-11T09:00:00Z');
    expect((await deliveries.runDue(deps.clock.now())).due).toBe(0); // still failing: paused
    expect(rig.requestsTo(channel)).toBe(1);

    deps.clock.set('2026-03-11T12:00:00Z');
    const again = await subscribe(deps.store, { channel, platform, scope: rig.scope }, deps.clock.now()); // the admin fixed it
    expect(again.status).toBe('ok');
    expect((await deliveries.runDue(deps.clock.now())).due).toBe(0); // 09:00 had passed: not caught up
    deps.clock.set('2026-03-12T09:00:00Z');
    expect((await deliveries.runDue(deps.clock.now())).sent).toBe(1);
    expect(rig.accepted().map((p) => p.channel)).toEqual([channel]);
  });
});
