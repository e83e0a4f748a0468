import { describe, expect, it } from 'vitest';
import { gradeAction, revealAction } from '../../src/core/actions.js';
import { handleAction, handleCommand, handleText } from '../../src/core/dispatch.js';
import { inlineToPlain, type Reply } from '../../src/core/messages.js';
import { makeActor, makeContext, makeDeps, tableCounts, expectRejectedUnchanged } from '../support/core.js';

const text = (r: Reply) =>
  r.blocks
    .map((b) => (b.kind === 'text' ? inlineToPlain(b.text) : 'text' in b ? String(b.text) : JSON.stringify(b)))
    .join('\n');

describe('a practice round', () => {
  it('question → answer (the last shown) → grade → streak', async () => {
    const deps = makeDeps();
    const ctx = makeContext(deps);
    const q = await handleText('/aws question iam lead', ctx);
    expect(q.outcome).toBe('ok');
    expect(q.reply.visibility).toBe('channel');
    expect(text(q.reply)).toContain('iam-boundaries');

    const a = await handleText('answer', ctx);
    expect(a.reply.visibility).toBe('private');
    expect(text(a.reply)).toContain('iam-boundaries is a test answer');
    const buttons = a.reply.blocks.find((b) => b.kind === 'actions');
    expect(buttons).toMatchObject({ buttons: [{ action: 'grade:iam-boundaries:knew' }, {}, {}] });

    const g = await handleText('2', ctx);
    expect(g.reply.fallbackText).toBe('Recorded: Partly. 🔥 1-day streak (longest 1)');
    const s = await handleText('streak', ctx);
    expect(text(s.reply)).toContain('Questions graded');
    expect(deps.store.getStreak('console:alice')).toMatchObject({ current: 1, totalDays: 1 });
  });

  it('answer without an id and nothing shown reveals today’s channel question', async () => {
    const deps = makeDeps();
    const ctx = makeContext(deps, { channelKey: 'slack:T1:C9' });
    const a = await handleText('answer', ctx);
    const daily = deps.store.getDaily('slack:T1:C9', '2026-03-10');
    expect(daily).not.toBeNull();
    expect(a.reply.fallbackText).toContain(`${daily!.questionId} is a test answer`);
  });

  it('a grade on a new day extends the streak; the same day again counts once', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    const ctx = makeContext(deps);
    await handleAction(gradeAction('vpc-basics', 'knew'), ctx);
    const again = await handleAction(gradeAction('vpc-basics', 'knew'), ctx);
    expect(again.reply.fallbackText).toMatch(/^Already graded today/);
    expect(deps.store.countAttempts('console:alice')).toBe(1);
    deps.clock.set('2026-03-11T10:00:00Z');
    const next = await handleAction(gradeAction('vpc-basics', 'missed'), ctx);
    expect(next.reply.fallbackText).toContain('2-day streak');
  });

  it('reveal button shows the answer privately', async () => {
    const deps = makeDeps();
    const r = await handleAction(revealAction('s3-versioning', 'd'), makeContext(deps));
    expect(r.outcome).toBe('ok');
    expect(r.reply.visibility).toBe('private');
    expect(r.reply.blocks.some((b) => b.kind === 'links')).toBe(true);
  });

  it('leaderboard ranks current streaks in the scope, ties by days practised', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    const as = (user: string, scope = 'slack:T1') => makeContext(deps, { actor: makeActor(user, false, user), scope });
    await handleAction(gradeAction('vpc-basics', 'knew'), as('ann'));
    await handleAction(gradeAction('vpc-basics', 'knew'), as('bob'));
    await handleAction(gradeAction('vpc-basics', 'knew'), as('eve', 'slack:T2'));
    deps.clock.set('2026-03-11T10:00:00Z');
    await handleAction(gradeAction('iam-roles', 'knew'), as('bob'));
    const lb = await handleText('leaderboard', as('ann'));
    const body = text(lb.reply);
    expect(body.indexOf('bob')).toBeLessThan(body.indexOf('ann'));
    expect(body).not.toContain('eve');
    // Three days later nobody has a live streak.
    deps.clock.set('2026-03-14T10:00:00Z');
    expect(text((await handleText('leaderboard', as('ann'))).reply)).toContain('No one here has a streak yet');
  });

  it('timezone sets the user’s day boundary', async () => {
    const deps = makeDeps();
    const r = await handleText('timezone Asia/Kolkata', makeContext(deps));
    expect(r.outcome).toBe('ok');
    expect(deps.store.getUser('console:alice')?.timezone).toBe('Asia/Kolkata');
  });

  it('subscribe (admin) then schedule shows it; unsubscribe removes it', async () => {
    const deps = makeDeps();
    const ctx = makeContext(deps, { actor: makeActor('console:alice', true) });
    const s = await handleText('subscribe 9:00 Europe/Berlin networking,iam mon-fri', ctx);
    expect(s.outcome).toBe('ok');
    expect(deps.store.getSubscriptionByChannel('console:local')).toMatchObject({
      time: '09:00',
      timezone: 'Europe/Berlin',
      days: [1, 2, 3, 4, 5],
      topics: ['networking', 'iam'],
    });
    expect(text((await handleText('schedule', ctx)).reply)).toContain('09:00 Europe/Berlin, mon-fri');
    expect((await handleText('unsubscribe', ctx)).reply.fallbackText).toMatch(/^Unsubscribed/);
    expect(deps.store.getSubscriptionByChannel('console:local')).toBeNull();
  });

  it('typed options (as from Discord) go through the same schema', async () => {
    const deps = makeDeps();
    const r = await handleCommand('question', { topic: 'storage' }, makeContext(deps));
    expect(text(r.reply)).toContain('s3-versioning');
  });

  it('help lists every command', async () => {
    const r = await handleText('', makeContext(makeDeps()));
    for (const name of ['question', 'answer', 'grade', 'streak', 'leaderboard', 'topics', 'timezone', 'subscribe', 'schedule']) {
      expect(text(r.reply)).toContain(name);
    }
  });
});

describe('bad input gets a clear private reply and changes nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown command', 'frobnicate', /I don't know the command "frobnicate"\. Commands: question/],
    ['unknown question id', 'answer no-such-question', /There is no question with id "no-such-question"/],
    ['unknown topic', 'question netwrking', /There is no topic "netwrking"\. Topics: networking/],
    ['invalid IANA time zone', 'timezone Mars/Olympus_Mons', /not a time zone I know\. Use an IANA time zone name/],
    ['malformed grade', 'grade vpc-basics sorta', /Grade with `knew`, `partly` or `missed`/],
    ['grade with too many words', 'grade a b c', /Grade with `knew`/],
    ['bad level', 'question networking expert', /I did not understand "expert"/],
    ['subscribe bad time', 'subscribe 25:00 Europe/Berlin', /"25:00" is not a 24-hour time/],
    ['subscribe bad zone', 'subscribe 09:00 Europe/Atlantis', /not an IANA time zone/],
    ['subscribe bad topic', 'subscribe 09:00 UTC nosuch', /There is no topic "nosuch"/],
    ['over-long input', `question ${'x'.repeat(2000)}`, /too long/],
  ];

  it.each(cases)('%s', async (_name, input, expected) => {
    const deps = makeDeps();
    const ctx = makeContext(deps, { actor: makeActor('console:alice', true) });
    await handleText('question', ctx); // some state to protect
    await expectRejectedUnchanged(deps, () => handleText(input, ctx), expected);
  });

  it('grade before any reveal explains what to do', async () => {
    const deps = makeDeps();
    const r = await handleText('knew', makeContext(deps));
    expect(r.reply.fallbackText).toMatch(/Reveal an answer first/);
    expect(tableCounts(deps.store).attempts).toBe(0);
  });

  it('a non-admin cannot subscribe', async () => {
    const deps = makeDeps();
    const r = await handleText('subscribe 09:00 UTC', makeContext(deps));
    expect(r.outcome).toBe('denied');
    expect(r.reply.fallbackText).toMatch(/Only channel admins/);
    expect(tableCounts(deps.store).subscriptions).toBe(0);
  });

  it.each([
    ['unknown button type', 'explode:vpc-basics'],
    ['tampered grade', 'grade:vpc-basics:aced'],
    ['injection attempt', "grade:vpc-basics';DROP TABLE attempts;--:knew"],
    ['question not in bank', 'reveal:no-such-question'],
    ['not a string', 42],
  ])('%s button id is refused politely', async (_name, id) => {
    const deps = makeDeps();
    const before = tableCounts(deps.store);
    const r = await handleAction(id, makeContext(deps));
    expect(r.outcome).toBe('user_error');
    expect(r.reply.visibility).toBe('private');
    expect(tableCounts(deps.store)).toEqual(before);
  });
});
