/**
 * The rest of the Discord adapter end to end, over the loopback fake:
 *   - forms: a button opens a modal (callback type 9); the modal submit is scored;
 *   - diagrams: attached as a PNG file and shown in the embed (attachment://…);
 *   - files: `export` arrives as an attached Markdown file;
 *   - the daily post opens a public thread with the invitation in it;
 *   - robustness: malformed or unsupported interactions are logged and ignored,
 *     and the next one is still answered;
 *   - admin: a user-install-shaped or foreign-guild `/aws-admin subscribe` is
 *     denied; `subscribe` where the bot lacks a permission names it.
 */
import { InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { QuestionBank } from '../../src/core/bank.js';
import type { KeyPoint } from '../../src/core/model.js';
import { TOPICS } from '../../src/content/topics.js';
import { diagramHash } from '../../src/diagrams/render.js';
import { Deliveries, THREAD_INVITATION } from '../../src/jobs/deliveries.js';
import { autocomplete, buttonPress, slashCommand, userContextCommand } from '../fakes/discord-payloads.js';
import { fixtureBank, fixtureQuestion, press, tableCounts } from '../support/core.js';
import { alice, buttonsOf, carol, embedText, startHarness, type Harness } from './harness.js';
import { loadDrawing } from '../../src/diagrams/render.js';

// Diagrams are drawn here, so the (lazily loaded) drawing libraries are needed.
beforeAll(loadDrawing);

const KEYPOINTS: KeyPoint[] = [
  { point: 'Security groups are stateful, so return traffic is allowed', terms: ['security group + stateful', 'return traffic'], central: true },
  { point: 'Network ACLs are stateless and evaluated in rule order', terms: ['nacl + stateless', 'network acl + stateless', 'rule number'], contradicts: ['nacl + stateful'] },
];
const DIAGRAM = 'flowchart LR\n  U[Users] --> A[ALB]\n  A --> E[EC2]';

/** vpc-basics can be answered in writing; s3-versioning has a diagram. */
function bank(): QuestionBank {
  const questions = fixtureBank().questions.map((q) => {
    if (q.id === 'vpc-basics') return { ...fixtureQuestion('vpc-basics', 'networking'), keypoints: KEYPOINTS };
    if (q.id === 's3-versioning') return { ...fixtureQuestion('s3-versioning', 'storage'), diagram: DIAGRAM };
    return q;
  });
  return new QuestionBank(questions, TOPICS, 'test-bank');
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ bank: bank() });
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => h.fake.overwrites.clear());

const stateCounts = () => {
  const { inbox: _inbox, ...rest } = tableCounts(h.deps.store);
  return rest;
};

interface ModalData {
  custom_id: string;
  title: string;
  components: { type: number; components: { type: number; custom_id: string; style: number; label: string; max_length: number; required: boolean }[] }[];
}

describe('forms: modals', () => {
  it('"✍️ Write my answer" opens a modal (type 9); the submitted answer is scored privately', async () => {
    const question = await h.command(alice, 'aws', 'question', { topic: 'networking', level: 'associate' });
    const write = buttonsOf(question.body).find((b) => b.label === '✍️ Write my answer');
    expect(write?.custom_id).toBe('write:vpc-basics:d');

    const opened = await h.press(alice, write!.custom_id, h.original(question.id));
    expect(opened.body.type).toBe(InteractionResponseType.Modal);
    const modal = opened.body.data as unknown as ModalData;
    expect(modal.custom_id).toBe('answer:vpc-basics:d');
    expect(modal.title).toBe('Write your answer');
    expect(modal.components).toEqual([
      { type: 1, components: [expect.objectContaining({ type: 4, custom_id: 'answer', style: 2, max_length: 3000, required: true })] },
    ]);

    const field = modal.components[0]!.components[0]!.custom_id;
    const scored = await h.submit(alice, modal.custom_id, { [field]: 'Security groups are stateful, so return traffic is allowed. NACLs are stateless and use rule numbers.' });
    expect(scored.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(scored.body.data?.flags).toBe(MessageFlags.Ephemeral);
    const text = embedText(scored.body.data?.embeds);
    expect(text).toContain('How your answer compares');
    expect(text).toContain('✅ Security groups are stateful, so return traffic is allowed');
    expect(text).toContain('Suggested grade: knew');
    expect(buttonsOf(scored.body).slice(0, 3).map((b) => b.label)).toEqual(['Knew it (suggested)', 'Partly', "Didn't know"]);
  });

  it('"⚑ Report a problem" opens a form whose submission is stored', async () => {
    const reveal = await h.press(alice, 'reveal:iam-roles:d', h.fake.state.createMessage(h.fake.ids.channelId, {}));
    const report = buttonsOf(reveal.body).find((b) => b.label === '⚑ Report a problem')!;
    const opened = await h.press(alice, report.custom_id, h.original(reveal.id));
    expect(opened.body.type).toBe(InteractionResponseType.Modal);
    const modal = opened.body.data as unknown as ModalData;
    const thanks = await h.submit(alice, modal.custom_id, { [modal.components[0]!.components[0]!.custom_id]: 'The console moved this setting.' });
    expect(embedText(thanks.body.data?.embeds)).toContain('your report about `iam-roles` was recorded');
    expect(await h.deps.store.reports.open(10)).toContainEqual(expect.objectContaining({ questionId: 'iam-roles', reporter: 'discord:610000000000000001' }));
  });

  it('refuses a forged form id politely', async () => {
    const before = stateCounts();
    const { body } = await h.submit(alice, 'answer:../etc', { answer: 'x' });
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(embedText(body.data?.embeds)).toContain('did not recognise that form');
    expect(stateCounts()).toEqual(before);
  });
});

describe('files', () => {
  it('attaches a diagram as a PNG and shows it in the embed (attachment://…)', async () => {
    const { body, callback } = await h.press(alice, 'reveal:s3-versioning:d', h.fake.state.createMessage(h.fake.ids.channelId, {}));
    const name = `diagram-${diagramHash(DIAGRAM)}.png`;
    expect(callback.files.map((f) => [f.name, f.contentType])).toEqual([[name, 'image/png']]);
    expect(callback.files[0]!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(body.data?.attachments).toEqual([{ id: 0, filename: name }]);
    expect(body.data?.embeds?.some((e) => e.image?.url === `attachment://${name}`)).toBe(true);
  });

  it('hands `export` over as an attached Markdown file', async () => {
    await press(h.deps, gradeAction('iam-boundaries', 'missed'), { platform: 'discord', user: 'discord:610000000000000001' });
    const { body, callback } = await h.command(alice, 'aws', 'export');
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(callback.files).toHaveLength(1);
    expect(callback.files[0]!.name).toBe('aws-interview-notes-2026-03-10.md');
    expect(callback.files[0]!.bytes.toString('utf8')).toContain('### What is iam-boundaries?');
    expect(body.data?.attachments).toEqual([{ id: 0, filename: 'aws-interview-notes-2026-03-10.md' }]);
  });
});

describe('the daily post', () => {
  it('opens a public thread on the post with the invitation as its first message', async () => {
    await h.command(carol, 'aws-admin', 'subscribe', { time: '12:30', timezone: 'UTC' });
    const since = h.fake.calls.length;
    const deliveries = new Deliveries({ deps: h.deps });
    const summary = await deliveries.runDue(new Date('2026-03-10T12:30:00Z'));
    expect(summary).toMatchObject({ due: 1, sent: 1 });
    const { channelId } = h.fake.ids;
    const post = h.fake.calls.slice(since).find((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`)!;
    expect(embedText((post.body as { embeds: never[] }).embeds)).toContain('What is');
    const [thread] = h.fake.threads;
    expect(thread).toMatchObject({ parentId: channelId, autoArchiveDuration: 1440 });
    expect(thread!.name).toMatch(/^Discuss: What is /);
    const threadMessage = h.fake.calls.slice(since).find((c) => c.method === 'POST' && c.path === `/channels/${thread!.id}/messages`)!;
    expect((threadMessage.body as { content: string }).content).toBe(THREAD_INVITATION.replace('*Reveal answer*', '**Reveal answer**'));
    const created = h.fake.state.messages.get(thread!.messageId)!;
    expect(created.channel_id).toBe(channelId);
    // The post's thread is kept, for the answer posted in it later.
    expect((await h.deps.store.channels.postsSince('2026-03-10')).find((p) => p.kind === 'daily')).toMatchObject({ state: 'sent', threadRef: thread!.id });
    await deliveries.stop();
  });
});

describe('robustness: malformed interactions are logged and ignored', () => {
  const ignored = () => h.deps.logger.lines.filter((l) => l.msg === 'malformed or unsupported interaction ignored').length;

  /** Sends a broken payload, then a good one, and checks only the good one was answered. */
  async function ignoredThenAnswered(broken: Record<string, unknown> & { id: string; token: string }) {
    const before = ignored();
    const callbacks = h.fake.callbacks.length;
    h.fake.sendInteraction(broken);
    const next = await h.command(alice, 'aws', 'topics');
    expect(embedText(next.body.data?.embeds)).toContain('Networking');
    expect(h.fake.callbacks.slice(callbacks).map((c) => c.interactionId)).toEqual([next.id]);
    expect(ignored()).toBe(before + 1);
  }

  const question = () => slashCommand(h.fake.ids, alice, { id: h.commandId('aws'), name: 'aws', subcommand: 'topics' });
  const click = () => buttonPress(h.fake.ids, alice, 'reveal:vpc-basics:d', h.fake.state.createMessage(h.fake.ids.channelId, {}));

  it('a button press with no message', async () => {
    const { message: _m, ...payload } = click();
    await ignoredThenAnswered(payload);
  });

  it('a command with no member and no user', async () => {
    const { member: _m, ...payload } = question();
    await ignoredThenAnswered(payload);
  });

  it('a command with no data', async () => {
    const { data: _d, ...payload } = question();
    await ignoredThenAnswered(payload);
  });

  it('a command whose member permissions are not a number string', async () => {
    const payload = question();
    await ignoredThenAnswered({ ...payload, member: { ...payload.member, permissions: 'all of them' } } as never);
  });

  it('a user context-menu command (data.type 2, nothing resolved)', async () => {
    await ignoredThenAnswered(userContextCommand(h.fake.ids, alice, { id: h.commandId('aws'), name: 'aws' }) as never);
  });

  it('an autocomplete without a focused option gets no answer and breaks nothing', async () => {
    const payload = autocomplete(h.fake.ids, alice, { id: h.commandId('aws'), name: 'aws', subcommand: 'question', options: { topic: 'net' }, focused: 'none' });
    const callbacks = h.fake.callbacks.length;
    h.fake.sendInteraction(payload);
    const next = await h.command(alice, 'aws', 'topics');
    expect(h.fake.callbacks.slice(callbacks).map((c) => c.interactionId)).toEqual([next.id]);
  });
});

describe('admin: only in a guild that installed the bot, and only where it can post', () => {
  const subscribe = (overrides: Record<string, unknown>) => ({
    ...slashCommand(h.fake.ids, carol, { id: h.commandId('aws-admin'), name: 'aws-admin', subcommand: 'subscribe', options: { time: '07:00', timezone: 'UTC' } }),
    ...overrides,
  });

  it('denies a user-install-shaped /aws-admin subscribe (authorizing_integration_owners without the guild)', async () => {
    const before = stateCounts();
    const { body } = await h.send(subscribe({ authorizing_integration_owners: { '1': carol.userId } }));
    expect(embedText(body.data?.embeds)).toContain('Only channel admins can use `subscribe`');
    expect(stateCounts()).toEqual(before);
  });

  it('denies it from a guild the bot is not in', async () => {
    const stranger = '299999999999999999';
    const before = stateCounts();
    const { body } = await h.send(subscribe({ guild_id: stranger, guild: { id: stranger, locale: 'en-US', features: [] }, authorizing_integration_owners: { '0': stranger } }));
    expect(embedText(body.data?.embeds)).toContain('Only channel admins can use `subscribe`');
    expect(stateCounts()).toEqual(before);
  });

  it.each([
    ['Send Messages', PermissionFlagsBits.SendMessages],
    ['Create Public Threads', PermissionFlagsBits.CreatePublicThreads],
  ])('refuses subscribe where the bot lacks %s, naming it, and saves nothing', async (name, bit) => {
    h.fake.denyBot(h.fake.ids.channelId, bit);
    await h.deps.store.channels.deleteSubscription(`discord:${h.fake.ids.guildId}:${h.fake.ids.channelId}`);
    const before = stateCounts();
    const { body } = await h.send(subscribe({}));
    const text = embedText(body.data?.embeds);
    expect(text).toContain('I cannot post here yet, so nothing was saved');
    expect(text).toContain(name);
    expect(stateCounts()).toEqual(before);
  });

  it('subscribes without a thread where the bot cannot open one, when asked for no thread', async () => {
    h.fake.denyBot(h.fake.ids.channelId, PermissionFlagsBits.CreatePublicThreads);
    const { body } = await h.send(
      slashCommand(h.fake.ids, carol, { id: h.commandId('aws-admin'), name: 'aws-admin', subcommand: 'subscribe', options: { time: '07:00', timezone: 'UTC', thread: 'off' } }),
    );
    expect(embedText(body.data?.embeds)).toContain('✅ This channel gets a daily question at 07:00 UTC');
  });
});


