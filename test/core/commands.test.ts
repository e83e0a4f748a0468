import { describe, expect, it } from 'vitest';
import { gradeAction, revealAction } from '../../src/core/actions.js';
import { inlineToPlain, type Reply } from '../../src/core/messages.js';
import { expectRejectedUnchanged, makeDeps, press, run, runNamed, tableCounts } from '../support/core.js';

const text = (r: Reply) => r.blocks.map((b) => (b.kind === 'text' ? inlineToPlain(b.text) : 'text' in b ? String(b.text) : JSON.stringify(b))).join('\n');
const admin = { admin: true };

describe('a practice round', () => {
  it('question → answer (the last shown) → grade → streak', async () => {
    const deps = makeDeps();
    const q = await run(deps, '/aws question iam lead');
    expect(q.status).toBe('ok');
    expect(q.delivery).toBe('channel');
    expect(text(q.reply)).toContain('iam-boundaries');

    const a = await run(deps, 'answer');
    expect(a.delivery).toBe('private');
    expect(text(a.reply)).toContain('iam-boundaries is a test answer');
    const buttons = a.reply.blocks.find((b) => b.kind === 'actions');
    expect(buttons).toMatchObject({ buttons: [{ action: 'grade:iam-boundaries:knew' }, {}, {}] });

    const g = await run(deps, '2');
    expect(g.reply.fallbackText).toBe('Recorded: Partly. 🔥 1-day streak (longest 1)');
    const s = await run(deps, 'streak');
    expect(text(s.reply)).toContain('Questions graded');
    expect(await deps.store.people.getStreak('test:alice')).toMatchObject({ current: 1, totalDays: 1 });
  });

  it('answer without an id and nothing shown reveals today’s channel question', async () => {
    const deps = makeDeps();
    const a = await run(deps, 'answer', { place: { channelKey: 'test:C9', channelRef: 'C9' } });
    const daily = await deps.store.channels.getDaily('test:C9', '2026-03-10');
    expect(daily).not.toBeNull();
    expect(a.reply.fallbackText).toContain(`${daily!.questionId} is a test answer`);
  });

  it('answer without an id reveals the question last shown in the channel to anyone', async () => {
    const deps = makeDeps();
    const posted = await run(deps, 'question storage', { user: 'test:bob', name: 'bob' });
    expect(text(posted.reply)).toContain('s3-versioning');
    // Another member, who never saw a question here, asks for the answer under it.
    const a = await run(deps, 'answer', { user: 'test:carol', name: 'carol' });
    expect(a.reply.fallbackText).toContain('s3-versioning is a test answer');
  });

  it('a grade on a new day extends the streak; the same day again counts once and shows what was recorded', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    await press(deps, gradeAction('vpc-basics', 'knew'));
    const again = await press(deps, gradeAction('vpc-basics', 'missed'));
    expect(again.reply.fallbackText).toMatch(/^Already graded today \(Knew it\)/);
    expect(await deps.store.practice.countAttempts('test:alice')).toBe(1);
    deps.clock.set('2026-03-11T10:00:00Z');
    const next = await press(deps, gradeAction('vpc-basics', 'missed'));
    expect(next.reply.fallbackText).toContain('2-day streak');
  });

  it('a grade on the private answer replaces it in place and keeps the answer on screen', async () => {
    const deps = makeDeps();
    const g = await press(deps, gradeAction('vpc-basics', 'knew'), {}, true);
    expect(g.delivery).toBe('replace');
    expect(text(g.reply)).toContain('vpc-basics is a test answer');
    expect(g.reply.blocks.some((b) => b.kind === 'actions' && b.buttons.some((x) => x.action.startsWith('grade:')))).toBe(false);
  });

  it('reveal button shows the answer privately', async () => {
    const deps = makeDeps();
    const r = await press(deps, revealAction('s3-versioning', 'd'));
    expect(r.status).toBe('ok');
    expect(r.delivery).toBe('private');
    expect(r.reply.blocks.some((b) => b.kind === 'links')).toBe(true);
  });

  it('leaderboard ranks current streaks in the scope, ties by days practised', async () => {
    const deps = makeDeps({ now: '2026-03-10T10:00:00Z' });
    const as = (user: string, scope = 'test:S1') => ({ user: `test:${user}`, name: user, place: { scope } });
    await press(deps, gradeAction('vpc-basics', 'knew'), as('ann'));
    await press(deps, gradeAction('vpc-basics', 'knew'), as('bob'));
    await press(deps, gradeAction('vpc-basics', 'knew'), as('eve', 'test:S2'));
    deps.clock.set('2026-03-11T10:00:00Z');
    await press(deps, gradeAction('iam-roles', 'knew'), as('bob'));
    const body = text((await run(deps, 'leaderboard', as('ann'))).reply);
    expect(body.indexOf('bob')).toBeLessThan(body.indexOf('ann'));
    expect(body).not.toContain('eve');
    // Three days later nobody has a live streak.
    deps.clock.set('2026-03-14T10:00:00Z');
    expect(text((await run(deps, 'leaderboard', as('ann'))).reply)).toContain('No one here has a streak yet');
  });

  it('timezone sets the person’s day boundary, spelt as IANA spells it', async () => {
    const deps = makeDeps();
    const r = await run(deps, 'timezone asia/kathmandu');
    expect(r.status).toBe('ok');
    expect((await deps.store.people.get('test:alice'))?.timezone).toBe('Asia/Kathmandu');
  });

  it('subscribe (admin) then schedule shows it in the channel’s local time; unsubscribe removes it', async () => {
    const deps = makeDeps();
    const s = await run(deps, 'subscribe 9:00 Europe/Berlin networking, iam mon-fri', admin);
    expect(s.status).toBe('ok');
    expect(s.reply.fallbackText).toBe('Subscribed: 09:00 Europe/Berlin, mon-fri, topics networking, iam');
    expect(text(s.reply)).toContain('Next post: Wed 11 Mar 09:00 Europe/Berlin');
    expect(await deps.store.channels.getSubscription('test:C1')).toMatchObject({ time: '09:00', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], topics: ['networking', 'iam'] });
    expect(text((await run(deps, 'schedule', admin)).reply)).toContain('09:00 Europe/Berlin, mon-fri');
    expect((await run(deps, 'unsubscribe', admin)).reply.fallbackText).toMatch(/^Unsubscribed/);
    expect(await deps.store.channels.getSubscription('test:C1')).toBeNull();
  });

  it('typed options (as from Discord) go through the same schema', async () => {
    const deps = makeDeps();
    const r = await runNamed(deps, 'question', { topic: 'storage' });
    expect(text(r.reply)).toContain('s3-versioning');
  });

  it('help lists every command once, admins’ in their own section', async () => {
    const r = await run(makeDeps(), '');
    const body = text(r.reply);
    for (const name of ['question', 'answer', 'grade', 'streak', 'leaderboard', 'topics', 'timezone', 'subscribe', 'schedule', 'pause', 'skip', 'digest', 'link', 'mydata', 'forget-me']) {
      expect(body).toContain(name);
    }
    expect(body).not.toMatch(/\(admins\).*\(admins\)|\(channel admins\)\./);
  });
});

describe('bad input gets a clear private reply and changes nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown command', 'frobnicate', /I don't know the command "frobnicate"\. Commands: question/],
    ['unknown question id', 'answer no-such-question', /There is no question with id "no-such-question"/],
    ['unknown topic', 'question netwrking', /There is no topic "netwrking"\. Topics: networking/],
    ['invalid time zone', 'timezone Mars/Olympus_Mons', /"Mars\/Olympus_Mons" is not a time zone I know/],
    ['a zone abbreviation', 'timezone EST', /"EST" is a time-zone abbreviation, not a place.*America\/New_York/],
    ['malformed grade', 'grade vpc-basics sorta', /Grade with `knew`, `partly` or `missed`/],
    ['grade with too many words', 'grade a b c', /Grade with `knew`/],
    ['bad level', 'question networking expert', /I did not understand "expert"/],
    ['subscribe bad time', 'subscribe 25:00 Europe/Berlin', /"25:00" is not a 24-hour time/],
    ['subscribe bad zone', 'subscribe 09:00 Europe/Atlantis', /"Europe\/Atlantis" is not a time zone I know/],
    ['subscribe bad topic', 'subscribe 09:00 UTC nosuch', /There is no topic "nosuch"/],
    ['subscribe with a word that is not a day', 'subscribe 09:00 UTC networking monkey', /I did not understand "monkey"/],
    ['over-long input', `question ${'x'.repeat(2000)}`, /too long/],
    ['over-long zone, in plain words', `timezone ${'Europe/Berlin'.repeat(6)}`, /that is too long \(at most 64 characters\)/],
  ];

  it.each(cases)('%s', async (_name, input, expected) => {
    const deps = makeDeps();
    await run(deps, 'question', admin); // some state to protect
    await expectRejectedUnchanged(deps, () => run(deps, input, admin), expected);
  });

  it('a bare grade before any reveal explains what to do', async () => {
    const deps = makeDeps();
    const r = await run(deps, 'knew');
    expect(r.reply.fallbackText).toMatch(/Reveal an answer first/);
    expect(tableCounts(deps.store).attempts).toBe(0);
  });

  it('a bare 1/2/3 after only seeing the question (not its answer) does not grade', async () => {
    const deps = makeDeps();
    await run(deps, 'question storage');
    const r = await run(deps, '1');
    expect(r.reply.fallbackText).toMatch(/Reveal an answer first/);
    expect(tableCounts(deps.store).attempts).toBe(0);
    await run(deps, 'answer');
    expect((await run(deps, '1')).reply.fallbackText).toMatch(/^Recorded: Knew it/);
  });

  it('a non-admin cannot subscribe', async () => {
    const deps = makeDeps();
    const r = await run(deps, 'subscribe 09:00 UTC');
    expect(r.status).toBe('denied');
    expect(r.reply.fallbackText).toMatch(/Only channel admins/);
    expect(tableCounts(deps.store).subscriptions).toBe(0);
  });

  it.each([
    ['unknown button type', 'explode:vpc-basics'],
    ['tampered grade', 'grade:vpc-basics:aced'],
    ['injection attempt', "grade:vpc-basics';DROP TABLE attempts;--:knew"],
    ['question not in bank', 'reveal:no-such-question'],
    ['prototype key', '__proto__:vpc-basics'],
  ])('%s button id is refused politely', async (_name, id) => {
    const deps = makeDeps();
    const before = tableCounts(deps.store);
    const r = await press(deps, id);
    expect(r.status).toBe('user_error');
    expect(r.delivery).toBe('private');
    expect(tableCounts(deps.store)).toEqual(before);
  });
});
