/**
 * `mydata` and `forget-me` against the live schema: a learner with two linked
 * identities touches every feature that stores something about a person,
 * then erases it all. The walk reads every row of every table as text and
 * fails if either identity is still there — so a table added later that
 * keeps people's data, without being listed in PERSON_COLUMNS, fails here.
 */
import { describe, expect, it } from 'vitest';
import { QuestionBank } from '../../src/core/bank.js';
import { TOPICS } from '../../src/content/topics.js';
import { fixtureQuestion, makeDeps, press, run, type TestDeps } from '../support/core.js';

const ALICE = 'test:alice';
const ALICE_CONSOLE = 'console:alice';
const BOB = 'test:bob';

function bankWithKeypoints(): QuestionBank {
  const written = {
    ...fixtureQuestion('sg-stateful', 'networking'),
    keypoints: [
      { point: 'Security groups are stateful', terms: ['stateful'], central: true },
      { point: 'They attach to network interfaces', terms: ['network interface', 'eni'] },
    ],
  };
  return new QuestionBank([written, fixtureQuestion('vpc-basics', 'networking'), fixtureQuestion('iam-roles', 'iam')], TOPICS, 'privacy-bank');
}

/** Every row of every table, as one JSON line each, for searching. */
function everyRow(deps: TestDeps): { table: string; text: string }[] {
  const tables = deps.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return tables.flatMap(({ name }) => (deps.store.db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((row) => ({ table: name, text: JSON.stringify(row) })));
}

const mentioning = (deps: TestDeps, key: string) => everyRow(deps).filter((r) => r.text.includes(`"${key}"`) || r.text.includes(`\\"${key}\\"`));
const tablesMentioning = (deps: TestDeps, key: string) => [...new Set(mentioning(deps, key).map((r) => r.table))].sort();

async function ok(deps: TestDeps, text: string, w: Parameters<typeof run>[2]): Promise<void> {
  const r = await run(deps, text, w);
  expect(r.status, `${text}: ${r.reply.fallbackText}`).toBe('ok');
}

async function useEverything(deps: TestDeps, user: string): Promise<void> {
  const w = { user, name: user.split(':')[1]!, admin: true };
  await ok(deps, 'subscribe 09:00 Europe/Berlin', w);
  await ok(deps, 'question', w);
  await ok(deps, 'answer sg-stateful', w);
  await ok(deps, 'grade knew sg-stateful', w);
  await ok(deps, 'timezone Europe/Berlin', w);
  await ok(deps, 'notes on', w);
  await ok(deps, 'remind on', w);
  await ok(deps, 'leaderboard on', w);
  await ok(deps, 'write sg-stateful Security groups are stateful and sit on the network interface', w);
  await ok(deps, 'report vpc-basics The second link points at the wrong guide', w);
  await ok(deps, 'mock networking 2', w);
  await ok(deps, 'skip 2026-12-25', w);
  // An interaction the Slack or Discord adapter accepted durably.
  const event = JSON.stringify({ kind: 'command', platform: 'test', actor: { userKey: user, displayName: null }, place: { scope: 'test:S1', channelKey: 'test:C1', channelRef: 'C1' }, text: 'streak' });
  await deps.store.inbox.accept({ platform: 'test', externalId: `x-${user}`, event, replyTo: null, at: deps.clock.now() });
}

async function linkConsoleIdentity(deps: TestDeps): Promise<void> {
  const made = await run(deps, 'link', { user: ALICE_CONSOLE, platform: 'console' });
  const code = /link code: ([A-Z0-9]+)/.exec(made.reply.fallbackText)?.[1];
  expect(code).toBeDefined();
  expect((await run(deps, 'question', { user: ALICE_CONSOLE, platform: 'console' })).status).toBe('ok');
  // A wrong code first, so link_attempts has a row of Alice's.
  expect((await run(deps, 'link WRONGCODE2', { user: ALICE })).status).toBe('user_error');
  expect((await run(deps, `link ${code}`, { user: ALICE })).status).toBe('ok');
}

describe('privacy: mydata and forget-me against every table', () => {
  it('erases every row that names either linked identity, and nothing of anyone else', async () => {
    const deps = makeDeps({ bank: bankWithKeypoints() });
    await useEverything(deps, ALICE);
    await useEverything(deps, BOB);
    await linkConsoleIdentity(deps);

    // Linking merged test:alice into the learner console:alice: her rows carry either key now.
    const aliceTables = [...new Set([...tablesMentioning(deps, ALICE), ...tablesMentioning(deps, ALICE_CONSOLE)])].sort();
    // The walk is only as good as the data it walks: Alice really is in the feature tables.
    for (const table of ['attempts', 'streaks', 'users', 'review_cards', 'written_answers', 'reports', 'mock_sessions', 'identities', 'link_codes', 'subscriptions', 'schedule_changes', 'inbox'])
      expect(aliceTables, table).toContain(table);
    const bobBefore = mentioning(deps, BOB).length;

    // mydata hands over a row from every one of those tables.
    const exported = await run(deps, 'mydata', { user: ALICE });
    const data = JSON.parse(exported.reply.attachment!.content) as { identities: string[]; tables: Record<string, unknown[]> };
    expect(data.identities.sort()).toEqual([ALICE_CONSOLE, ALICE].sort());
    for (const table of aliceTables) expect(data.tables[table]?.length ?? 0, `mydata misses ${table}`).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain(BOB);

    // Asking is not erasing.
    const asked = await run(deps, 'forget-me', { user: ALICE });
    expect(asked.reply.fallbackText).toMatch(/cannot be undone/);
    expect([...new Set([...tablesMentioning(deps, ALICE), ...tablesMentioning(deps, ALICE_CONSOLE)])].sort()).toEqual(aliceTables);

    const erased = await run(deps, 'forget-me confirm', { user: ALICE });
    expect(erased.status).toBe('ok');
    expect(erased.reply.fallbackText).toMatch(/^Erased \d+ rows about you\.$/);

    expect(mentioning(deps, ALICE)).toEqual([]);
    expect(mentioning(deps, ALICE_CONSOLE)).toEqual([]);
    // Bob keeps everything; the channel keeps the subscription Alice created, without her name on it.
    expect(mentioning(deps, BOB).length).toBe(bobBefore);
    const subscriptions = deps.store.db.prepare('SELECT channel_key, created_by FROM subscriptions').all();
    expect(subscriptions).toEqual([{ channel_key: 'test:C1', created_by: null }]);
  });

  it('the confirm button erases too, and a second forget-me finds nothing', async () => {
    const deps = makeDeps({ bank: bankWithKeypoints() });
    await useEverything(deps, ALICE);
    const asked = await run(deps, 'forget-me', { user: ALICE });
    const button = asked.reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : [])).find((b) => /erase/i.test(b.label));
    expect(button).toBeDefined();
    const pressed = await press(deps, button!.action, { user: ALICE });
    expect(pressed.reply.fallbackText).toMatch(/^Erased/);
    expect(mentioning(deps, ALICE)).toEqual([]);
    const again = await run(deps, 'forget-me confirm', { user: ALICE });
    expect(again.reply.fallbackText).toBe('There was nothing stored about you.');
  });
});
