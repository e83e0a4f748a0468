/**
 * One learner everywhere: `link` on one platform, `link <code>` on another.
 * Through the core's entry point, as every adapter sends events.
 */
import { describe, expect, it } from 'vitest';
import { CODE_TTL_MS } from '../../src/core/usecases/link.js';
import { makeDeps, run, tableCounts, type TestDeps, type Who } from '../support/core.js';

const CONSOLE: Who = { user: 'console:ada', platform: 'console', name: 'ada', place: { scope: 'console:local', channelKey: 'console:local', channelRef: 'local' } };
const SLACK: Who = { user: 'test:ada', name: 'ada' };
const MALLORY: Who = { user: 'test:mallory', name: 'mallory' };

async function codeFor(deps: TestDeps, who: Who): Promise<string> {
  const r = await run(deps, 'link', who);
  expect(r.status, r.reply.fallbackText).toBe('ok');
  return /link code: ([A-Z0-9]+)/.exec(r.reply.fallbackText)![1]!;
}

/** Shows a question, reveals and grades it; the day counts in the person's zone. */
async function practise(deps: TestDeps, who: Who, at: string, id = 'vpc-basics', grade = 'knew'): Promise<void> {
  deps.clock.set(at);
  for (const text of [`answer ${id}`, `grade ${id} ${grade}`]) {
    const r = await run(deps, text, who);
    expect(r.status, `${text}: ${r.reply.fallbackText}`).toBe('ok');
  }
}

/** Runs `text` and checks it is refused with `expected`, changing no row except the attempt counter. */
async function refused(deps: TestDeps, text: string, who: Who, expected: RegExp): Promise<void> {
  const { link_attempts: attemptsBefore, ...before } = tableCounts(deps.store);
  const r = await run(deps, text, who);
  expect(r.status).toBe('user_error');
  expect(r.delivery).toBe('private');
  expect(r.reply.fallbackText).toMatch(expected);
  const { link_attempts: attemptsAfter, ...after } = tableCounts(deps.store);
  expect(after).toEqual(before);
  expect(attemptsAfter! - attemptsBefore!).toBeLessThanOrEqual(1);
}

describe('link', () => {
  it('gives a one-time code of at least 8 unambiguous characters, valid 10 minutes', async () => {
    const deps = makeDeps();
    const code = await codeFor(deps, CONSOLE);
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8,}$/);
    expect(CODE_TTL_MS).toBe(10 * 60_000);
    // Stored only as a hash.
    expect(JSON.stringify(deps.store.db.prepare('SELECT * FROM link_codes').all())).not.toContain(code);
  });

  it('joins practice as one learner: days are the union (so the streak is recomputed, not added), the latest card wins', async () => {
    const deps = makeDeps({ now: '2026-03-09T10:00:00Z' });
    // The console practised Monday and Tuesday; Slack Tuesday (the same day again) and Wednesday.
    await practise(deps, CONSOLE, '2026-03-09T10:00:00Z', 'vpc-basics', 'missed');
    await practise(deps, CONSOLE, '2026-03-10T10:00:00Z', 'iam-roles');
    await practise(deps, SLACK, '2026-03-10T11:00:00Z', 'iam-roles');
    await practise(deps, SLACK, '2026-03-11T10:00:00Z', 'vpc-basics', 'knew');
    expect((await run(deps, 'streak', CONSOLE)).reply.fallbackText).toMatch(/2-day streak/);
    expect((await run(deps, 'streak', SLACK)).reply.fallbackText).toMatch(/2-day streak/);

    const code = await codeFor(deps, CONSOLE);
    const linked = await run(deps, `link ${code}`, SLACK);
    expect(linked.status, linked.reply.fallbackText).toBe('ok');
    expect(linked.reply.fallbackText).toMatch(/^Linked\. .*3-day streak/);

    // Either identity now speaks for the one learner: three days (9, 10, 11 March), not four.
    for (const who of [CONSOLE, SLACK]) expect((await run(deps, 'streak', who)).reply.fallbackText).toMatch(/3-day streak/);
    // The vpc-basics card reviewed last (Slack's "knew" on Wednesday) won over the console's "missed" on Monday.
    const cards = deps.store.db.prepare("SELECT user_key, question_id, last_review FROM review_cards WHERE question_id = 'vpc-basics'").all() as { user_key: string; last_review: number }[];
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ user_key: 'console:ada' });
    expect(new Date(cards[0]!.last_review).toISOString()).toMatch(/^2026-03-11/);
    // The attempts are kept in history under the learner, each remembering which identity made it. The one
    // question both graded on the same day (iam-roles on Tuesday) stays one grade, as on a single platform.
    const attempts = deps.store.db.prepare('SELECT user_key, identity_key, question_id, local_date FROM attempts ORDER BY graded_at').all();
    expect(attempts).toEqual([
      { user_key: 'console:ada', identity_key: 'console:ada', question_id: 'vpc-basics', local_date: '2026-03-09' },
      { user_key: 'console:ada', identity_key: 'console:ada', question_id: 'iam-roles', local_date: '2026-03-10' },
      { user_key: 'console:ada', identity_key: 'test:ada', question_id: 'vpc-basics', local_date: '2026-03-11' },
    ]);
  });

  it("the workspace's leaderboard shows the learner's joined streak", async () => {
    const deps = makeDeps({ now: '2026-03-09T10:00:00Z' });
    await practise(deps, CONSOLE, '2026-03-09T10:00:00Z');
    await practise(deps, CONSOLE, '2026-03-10T10:00:00Z');
    await practise(deps, SLACK, '2026-03-11T10:00:00Z');
    expect((await run(deps, 'leaderboard', SLACK)).reply.fallbackText).toMatch(/ada — 🔥 1\b/);
    expect((await run(deps, `link ${await codeFor(deps, CONSOLE)}`, SLACK)).status).toBe('ok');
    expect((await run(deps, 'leaderboard', SLACK)).reply.fallbackText).toMatch(/ada — 🔥 3\b/);
  });

  it('linking keeps the more private choice: someone off the boards on one platform stays off everywhere', async () => {
    const deps = makeDeps({ now: '2026-03-09T10:00:00Z' });
    await practise(deps, SLACK, '2026-03-09T10:00:00Z');
    expect((await run(deps, 'leaderboard off', SLACK)).status).toBe('ok');
    await practise(deps, CONSOLE, '2026-03-09T11:00:00Z', 'iam-roles');
    expect((await run(deps, `link ${await codeFor(deps, CONSOLE)}`, SLACK)).status).toBe('ok');
    expect((await run(deps, 'leaderboard', MALLORY)).reply.fallbackText).not.toContain('ada');
    expect(deps.store.db.prepare("SELECT on_boards FROM users WHERE user_key = 'console:ada'").get()).toEqual({ on_boards: 0 });
  });

  it('after unlink the learner leaves the boards of workspaces only the departing identity practised in', async () => {
    const deps = makeDeps({ now: '2026-03-09T10:00:00Z' });
    await practise(deps, CONSOLE, '2026-03-09T10:00:00Z');
    expect((await run(deps, `link ${await codeFor(deps, CONSOLE)}`, SLACK)).status).toBe('ok');
    await practise(deps, SLACK, '2026-03-10T10:00:00Z', 'iam-roles');
    expect((await run(deps, 'unlink', SLACK)).status).toBe('ok');
    const members = deps.store.db.prepare('SELECT scope, user_key FROM memberships ORDER BY scope, user_key').all();
    expect(members).toEqual([
      { scope: 'console:local', user_key: 'console:ada' },
      { scope: 'test:S1', user_key: 'test:ada' },
    ]);
  });

  it('unlink separates them again: grades made here go back with this identity', async () => {
    const deps = makeDeps({ now: '2026-03-09T10:00:00Z' });
    await practise(deps, CONSOLE, '2026-03-09T10:00:00Z');
    expect((await run(deps, `link ${await codeFor(deps, CONSOLE)}`, SLACK)).status).toBe('ok');
    await practise(deps, SLACK, '2026-03-10T10:00:00Z', 'iam-roles');
    await practise(deps, SLACK, '2026-03-11T10:00:00Z', 'iam-roles');
    expect((await run(deps, 'streak', CONSOLE)).reply.fallbackText).toMatch(/3-day streak/);

    const out = await run(deps, 'unlink', SLACK);
    expect(out.status, out.reply.fallbackText).toBe('ok');
    // The console keeps Monday; Slack takes back Tuesday and Wednesday.
    expect((await run(deps, 'streak', CONSOLE)).reply.fallbackText).toMatch(/1-day streak|no streak|0/i);
    expect((await run(deps, 'streak', SLACK)).reply.fallbackText).toMatch(/2-day streak/);
    expect(deps.store.db.prepare('SELECT COUNT(*) AS n FROM identities').get()).toEqual({ n: 0 });
    // Unlinking again, or from the identity the others joined, is explained.
    await refused(deps, 'unlink', SLACK, /not linked to any other/);
  });

  it('refuses, with a clear message and no change: own code, wrong code, expired code, a used code, linking twice', async () => {
    const deps = makeDeps();
    const own = await codeFor(deps, CONSOLE);
    await refused(deps, `link ${own}`, CONSOLE, /your own code/);
    await refused(deps, 'link ABCDEFGHJK', SLACK, /not one I gave out/);

    const stale = await codeFor(deps, CONSOLE);
    deps.clock.advance(CODE_TTL_MS + 1000);
    await refused(deps, `link ${stale}`, SLACK, /expired/);

    const fresh = await codeFor(deps, CONSOLE);
    expect((await run(deps, `link ${fresh}`, SLACK)).status).toBe('ok');
    // The same code again, by a third person: single use.
    await refused(deps, `link ${fresh}`, MALLORY, /already used/);
    // Linking an identity that is already linked.
    await refused(deps, `link ${await codeFor(deps, CONSOLE)}`, SLACK, /already linked/);
    await refused(deps, 'unlink', CONSOLE, /the identity the others joined/);
    await refused(deps, 'link this-is-not-a-code-at-all-it-is-far-too-long-to-be-one', SLACK, /too long/);
  });

  it('allows at most 5 codes and 5 attempts per person per hour', async () => {
    const deps = makeDeps();
    for (let i = 0; i < 5; i++) await codeFor(deps, CONSOLE);
    await refused(deps, 'link', CONSOLE, /5 link codes in the last hour/);
    const good = await codeFor(deps, { ...CONSOLE, user: 'console:other' });
    for (let i = 0; i < 5; i++) await refused(deps, `link WRONGCODE${i}`, MALLORY, /not one I gave out/);
    // The sixth try is refused even with a good code: guessing is slow.
    await refused(deps, `link ${good}`, MALLORY, /Too many link attempts/);
    deps.clock.advance(3_600_000 + 1000);
    expect((await run(deps, 'link', CONSOLE)).status).toBe('ok');
  });
});
