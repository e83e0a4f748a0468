/**
 * `export` on Slack hands the notes file to the person privately: uploaded to
 * their DM with files.uploadV2 (files.getUploadURLExternal → the upload URL →
 * files.completeUploadExternal). Without the files:write scope the file
 * arrives in the DM as several messages, each within Slack's limits and each
 * piece in a closed code block, and nothing of the file is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gradeAction } from '../../src/core/actions.js';
import { QuestionBank } from '../../src/core/bank.js';
import type { Question } from '../../src/core/model.js';
import { TOPICS } from '../../src/content/topics.js';
import { MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT } from '../../src/adapters/slack/limits.js';
import { fixtureQuestion, press } from '../support/core.js';
import { blockTexts, startHttpHarness, textOf, type HttpHarness } from './harness.js';

const USER = 'U0ALICE';
const USER_KEY = `slack:T0FAKE01:${USER}`;
const FILENAME = 'aws-interview-notes-2026-03-10.md';
/** Slack truncates a message's text past 40,000 characters; a message body stays well under it. */
const SLACK_MESSAGE_CHARS = 40_000;

/** Sixty questions the size of real ones (answer, analogy, example, follow-ups, a code snippet with & < >). */
function bigBank(): QuestionBank {
  const questions: Question[] = Array.from({ length: 60 }, (_, i) => {
    const id = `q${String(i).padStart(2, '0')}-export`;
    const topic = TOPICS[i % TOPICS.length]!.id;
    const base = fixtureQuestion(id, topic);
    return {
      ...base,
      answer: `${id}: ${'A design trade-off explained in full sentences, with numbers like 99.99% and 10 GB/s. '.repeat(10)}`,
      eli5: 'Like a post office that sorts letters by street before the van leaves. '.repeat(3),
      example: 'A shop with 2 million orders a day keeps its queue depth under 1,000 & its p99 under 200 ms. '.repeat(3),
      followups: ['What breaks first at 10x the load?', 'How would you test the failover?', 'What does it cost per month?'],
      code: Array.from({ length: 12 }, (_, l) => `aws ec2 describe-instances --filters "Name=tag:team,Values=a&b" --query 'x[?n<${l}]' > out-${l}.json`).join('\n'),
    };
  });
  return new QuestionBank(questions, TOPICS, 'export-bank');
}

/** Undoes Slack's three mrkdwn escapes. */
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

let h: HttpHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function gradeAllMissed(harness: HttpHarness): Promise<void> {
  for (const q of harness.deps.bank.questions) {
    const outcome = await press(harness.deps, gradeAction(q.id, 'missed'), { platform: 'slack', user: USER_KEY, place: { scope: 'slack:T0FAKE01', channelKey: 'slack:C0PRACTICE', channelRef: 'C0PRACTICE' } });
    expect(outcome.status).toBe('ok');
  }
}

async function exportNotes(harness: HttpHarness, replyId: string): Promise<Record<string, unknown>> {
  expect((await harness.command('export', USER, replyId)).status).toBe(200);
  const [reply] = await harness.fake.waitFor(() => harness.fake.respondsTo(replyId));
  return reply!.body;
}

describe('Slack export', () => {
  it('uploads the notes to the person’s DM with files.uploadV2 and says where they went', async () => {
    h = await startHttpHarness({ bank: bigBank() });
    await gradeAllMissed(h);
    const reply = await exportNotes(h, 'x');
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain(`📎 ${FILENAME} is in your direct messages with the bot.`);
    // The file is not pasted into the reply.
    expect(JSON.stringify(reply).length).toBeLessThan(4000);

    expect(h.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([USER]);
    const [asked] = h.fake.callsTo('files.getUploadURLExternal');
    expect(asked!.body.filename).toBe(FILENAME);
    const [upload] = h.fake.uploads;
    expect(upload!.bytes.length).toBe(Number(asked!.body.length));
    const file = upload!.bytes.toString('utf8');
    expect(file.startsWith('# AWS interview notes')).toBe(true);
    expect(file.length).toBeGreaterThan(130_000);
    for (const q of h.deps.bank.questions) expect(file).toContain(`### ${q.question}`);
    expect(h.fake.files).toEqual([{ id: upload!.fileId, title: FILENAME, channel: 'D0ALICE', filename: FILENAME, bytes: upload!.bytes }]);
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('without files:write, sends the file to the DM as several messages within Slack’s limits, every code block closed, nothing lost', async () => {
    h = await startHttpHarness({ bank: bigBank() });
    await gradeAllMissed(h);
    // The same file, as an upload first: the reference for what the messages must carry.
    await exportNotes(h, 'upload');
    const file = h.fake.uploads[0]!.bytes.toString('utf8');

    h.fake.filesWrite = false;
    const reply = await exportNotes(h, 'messages');
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(5);
    expect(textOf(reply)).toContain(`📎 ${FILENAME} is in your direct messages with the bot, in ${posts.length} messages (add the files:write scope`);
    // The missing scope was found out by trying, and not retried as if it were a glitch.
    expect(h.fake.callsTo('files.getUploadURLExternal')).toHaveLength(2);

    const pieces: string[] = [];
    for (const [i, post] of posts.entries()) {
      const body = post.body;
      expect(body.channel).toBe('D0ALICE');
      expect(body.text).toBe(`${FILENAME} (part ${i + 1} of ${posts.length})`);
      expect(JSON.stringify(body).length).toBeLessThan(SLACK_MESSAGE_CHARS);
      const blocks = body.blocks as { type: string; text?: { text: string } }[];
      expect(blocks.length).toBeLessThanOrEqual(MAX_MESSAGE_BLOCKS);
      for (const b of blocks.filter((x) => x.type === 'section')) {
        const t = b.text!.text;
        expect(t.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
        // One code block per section, opened and closed, with no fence inside that would end it early.
        expect(t.startsWith('```\n')).toBe(true);
        expect(t.endsWith('\n```')).toBe(true);
        expect(t.slice(4, -4)).not.toContain('```');
        // The zero-width spaces that keep a fence inside the file from closing the block are the only change.
        pieces.push(unescape(t.slice(4, -4)).replace(/\u200b/g, ''));
      }
      expect(blockTexts(body)[0]).toContain(`part ${i + 1}`);
    }
    // Not one 137 KB message: every message is far smaller than the file.
    expect(Math.max(...posts.map((p) => JSON.stringify(p.body).length))).toBeLessThan(file.length / 5);
    // Nothing lost or changed: the pieces, joined at their line breaks, are the file.
    expect(pieces.join('\n')).toBe(file);
  });

  it('says so when there is nothing to export, and uploads nothing', async () => {
    h = await startHttpHarness();
    const reply = await exportNotes(h, 'none');
    expect(textOf(reply)).toContain('Nothing to export yet');
    expect(h.fake.uploads).toEqual([]);
    expect(h.fake.callsTo('conversations.open')).toEqual([]);
  });
});
