/**
 * The durable inbox, in process: a transport whose processing never runs
 * (the process "died" right after acknowledging) leaves accepted
 * interactions pending; a fresh transport's recover() applies each exactly
 * once and replies through its response URL while that URL still works
 * (30 minutes). test/slack/durable-inbox.test.ts does the same with a real
 * SIGKILL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RESPONSE_URL_TTL_MS } from '../../src/adapters/slack/transport.js';
import type { InboundPort } from '../../src/adapters/contract.js';
import { tableCounts } from '../support/core.js';
import { startHttpHarness, textOf, type HttpHarness } from './harness.js';

/** Accepts (the inbox write happens in the transport) but never processes: what a crash after the ack leaves. */
const neverProcess = (port: InboundPort): InboundPort => ({ ...port, handle: () => new Promise(() => {}) });

const inbox = (h: HttpHarness) => h.deps.store.db.prepare('SELECT external_id AS externalId, state, outcome FROM inbox ORDER BY id').all() as { externalId: string; state: string; outcome: string | null }[];
const attempts = (h: HttpHarness) => h.deps.store.db.prepare('SELECT user_key AS user, question_id AS id, grade FROM attempts ORDER BY user_key').all();

let first: HttpHarness | undefined;
let second: HttpHarness | undefined;
afterEach(async () => {
  await first?.stop();
  await second?.close();
  first = second = undefined;
});

async function crashAfterAccepting(users: string[]) {
  first = await startHttpHarness({ inbound: neverProcess });
  for (const user of users) {
    const res = await first.click('grade:vpc-basics:knew', user, `g-${user}`, { ephemeral: true });
    expect(res.status).toBe(200);
  }
  const pending = inbox(first);
  expect(pending.map((e) => e.state)).toEqual(users.map(() => 'pending'));
  expect(tableCounts(first.deps.store).attempts).toBe(0);
  await first.stop();
  return first;
}

describe('Slack durable inbox: recover() after a crash', () => {
  it('applies every accepted click once and replies through its response URL', async () => {
    const users = ['U0ANN', 'U0BEN', 'U0CAT'];
    const crashed = await crashAfterAccepting(users);
    crashed.deps.clock.advance(10 * 60_000);

    second = await startHttpHarness({ fake: crashed.fake, deps: crashed.deps });
    expect(await second.slack.recover()).toEqual({ finished: 3, replied: 3 });
    expect(attempts(second)).toEqual(users.map((u) => ({ user: `slack:T0FAKE01:${u}`, id: 'vpc-basics', grade: 'knew' })));
    expect(inbox(second).map((e) => [e.state, e.outcome])).toEqual(users.map(() => ['done', 'ok']));
    for (const user of users) {
      const replies = second.fake.respondsTo(`g-${user}`);
      expect(replies).toHaveLength(1);
      // A new private message: the one the button sat on may be long gone.
      expect(replies[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(textOf(replies[0]!.body)).toContain('Recorded: Knew it');
    }

    // A second recovery finds nothing left to do.
    expect(await second.slack.recover()).toEqual({ finished: 0, replied: 0 });
    expect(tableCounts(second.deps.store).attempts).toBe(3);
  });

  it('applies the effect but does not reply once the response URL has expired', async () => {
    const crashed = await crashAfterAccepting(['U0LATE']);
    crashed.deps.clock.advance(RESPONSE_URL_TTL_MS + 60_000);
    second = await startHttpHarness({ fake: crashed.fake, deps: crashed.deps });
    expect(await second.slack.recover()).toEqual({ finished: 1, replied: 0 });
    expect(attempts(second)).toHaveLength(1);
    expect(second.fake.respondsTo('g-U0LATE')).toEqual([]);
    expect(second.deps.logger.lines.some((l) => l.msg === 'finished an interaction accepted before a restart; its reply window had passed')).toBe(true);
  });

  it('recovers an accepted slash command too', async () => {
    first = await startHttpHarness({ inbound: neverProcess });
    expect((await first.command('report vpc-basics the limit changed in 2025', 'U0ANN', 'rep')).status).toBe(200);
    await first.stop();
    second = await startHttpHarness({ fake: first.fake, deps: first.deps });
    expect(await second.slack.recover()).toEqual({ finished: 1, replied: 1 });
    expect(tableCounts(second.deps.store).reports).toBe(1);
    expect(textOf(second.fake.respondsTo('rep')[0]!.body)).toContain('was recorded for the maintainers');
  });

  it('does not replay an interaction that was already done before the crash', async () => {
    first = await startHttpHarness();
    await first.click('grade:vpc-basics:knew', 'U0ANN', 'done', { ephemeral: true });
    await first.fake.waitFor(() => first!.fake.respondsTo('done'));
    await first.stop();
    second = await startHttpHarness({ fake: first.fake, deps: first.deps });
    expect(await second.slack.recover()).toEqual({ finished: 0, replied: 0 });
    expect(first.fake.respondsTo('done')).toHaveLength(1);
  });
});
