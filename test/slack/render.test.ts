/** The pure Slack renderer: Block Kit fields, every Block Kit limit enforced, modals, the Home tab and file messages. */
import { describe, expect, it } from 'vitest';
import {
  fileMessages,
  MAX_ACTIONS_ELEMENTS,
  MAX_BUTTON_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_HEADER_TEXT,
  MAX_HOME_BLOCKS,
  MAX_MESSAGE_BLOCKS,
  MAX_SECTION_TEXT,
  renderHomeView,
  renderModal,
  renderReply,
  type SlackBlock,
  type SlackPicture,
} from '../../src/adapters/slack/render.js';
import { gradeAction } from '../../src/core/actions.js';
import { questionCard } from '../../src/core/cards.js';
import { handleEvent } from '../../src/core/inbound/handle.js';
import { actions, bold, code, codeBlock, diagram, fields, heading, italic, link, links, paragraph, plain, privateReply } from '../../src/core/messages.js';
import { fixtureBank, makeDeps, press } from '../support/core.js';

const sectionTexts = (blocks: SlackBlock[]) =>
  blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));

describe('renderReply: Block Kit fields', () => {
  it('renders a question card as header, bold section, context and a primary Reveal button', () => {
    const bank = fixtureBank();
    const msg = renderReply(questionCard(bank, bank.get('vpc-basics')!, { title: 'Daily question', visibility: 'channel' }));
    expect(msg.text).toBe('Daily question: What is vpc-basics?');
    expect(msg.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Daily question', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*What is vpc-basics?*' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Networking (VPC) · Associate · id vpc-basics' }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Reveal answer', emoji: true }, action_id: 'reveal:vpc-basics', value: 'reveal:vpc-basics', style: 'primary' },
        ],
      },
    ]);
  });

  it('writes mrkdwn: bold, italic, code and links, escaping &, < and >', () => {
    const msg = renderReply(
      privateReply('x', [
        paragraph(plain('a & b < c > d '), bold(' strong '), italic('lean'), plain(' '), code('x`y'), plain(' '), link('T&C <1>', 'https://e.com/a?b=1&c=2|3')),
      ]),
    );
    expect(sectionTexts(msg.blocks)).toEqual([
      'a &amp; b &lt; c &gt; d  *strong* _lean_ `xˋy` <https://e.com/a?b=1&amp;c=2%7C3|T&amp;C &lt;1&gt;>',
    ]);
  });

  it('renders links as a bulleted list with their type', () => {
    const msg = renderReply(
      privateReply('x', [
        links([
          { title: 'VPC guide', url: 'https://docs.aws.amazon.com/vpc/', type: 'docs' },
          { title: 're:Invent talk', url: 'https://www.youtube.com/watch?v=abc', type: 'video' },
        ]),
      ]),
    );
    expect(sectionTexts(msg.blocks)).toEqual([
      '• <https://docs.aws.amazon.com/vpc/|VPC guide> · _📄 docs_\n• <https://www.youtube.com/watch?v=abc|re:Invent talk> · _🎬 video_',
    ]);
  });

  it('renders fields as mrkdwn label/value pairs, ten per section', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v<${i}>` }));
    const msg = renderReply(privateReply('x', [fields(items)]));
    expect(msg.blocks).toHaveLength(2);
    const first = msg.blocks[0]!;
    expect(first.type === 'section' && first.fields).toHaveLength(10);
    expect(first.type === 'section' && first.fields?.[0]).toEqual({ type: 'mrkdwn', text: '*L0*\nv&lt;0&gt;' });
  });

  it('renders code as a fenced block', () => {
    const msg = renderReply(privateReply('x', [codeBlock('aws s3 ls | grep "a&b"')]));
    expect(sectionTexts(msg.blocks)).toEqual(['```\naws s3 ls | grep "a&amp;b"\n```']);
  });

  it('shows a diagram as an image from a URL, an uploaded Slack file, or a line saying how to enable pictures', () => {
    const reply = privateReply('x', [diagram('flowchart LR\n  A --> B', 'A to B')]);
    const as = (picture: SlackPicture | undefined) => renderReply(reply, new Map(picture ? [['flowchart LR\n  A --> B', picture]] : [])).blocks;
    expect(as({ imageUrl: 'https://bot.example.com/diagrams/abc.png' })).toEqual([{ type: 'image', image_url: 'https://bot.example.com/diagrams/abc.png', alt_text: 'A to B' }]);
    expect(as({ slackFileId: 'F0123' })).toEqual([{ type: 'image', slack_file: { id: 'F0123' }, alt_text: 'A to B' }]);
    expect(as({ unavailable: 'Diagrams need pictures.' })).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: 'Diagrams need pictures.' }] }]);
    expect(as(undefined)).toEqual([]);
  });
});

describe('renderReply: Slack limits', () => {
  it('splits very long text into sections of at most 3000 characters at word boundaries', () => {
    const words = Array.from({ length: 2500 }, (_, i) => `word${i}`).join(' ');
    const msg = renderReply(privateReply('x', [paragraph(words)]));
    const texts = sectionTexts(msg.blocks);
    expect(texts.length).toBeGreaterThan(4);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(texts.join(' ')).toBe(words);
  });

  it('splits a long unbroken run without cutting an entity, a bold marker or an emoji', () => {
    const msg = renderReply(privateReply('x', [paragraph(bold('&'.repeat(2000))), paragraph('🔥'.repeat(4000))]));
    const texts = sectionTexts(msg.blocks);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
      expect(t).not.toMatch(/&a?m?p?$|&am(?!p;)/);
      expect(t).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    const bolds = texts.filter((t) => t.startsWith('*'));
    expect(bolds.length).toBeGreaterThan(1);
    for (const t of bolds) expect(t).toMatch(/^\*(&amp;)+\*$/);
    expect(bolds.join('').match(/&amp;/g)).toHaveLength(2000);
  });

  it('trims headers, button labels and the fallback text', () => {
    const msg = renderReply(
      privateReply('&'.repeat(5000), [heading('H'.repeat(400)), actions([{ action: 'reveal:vpc-basics', label: 'B'.repeat(200) }])]),
    );
    const header = msg.blocks[0]!;
    expect(header.type === 'header' && header.text.text).toHaveLength(MAX_HEADER_TEXT);
    expect(header.type === 'header' && header.text.text.endsWith('…')).toBe(true);
    const act = msg.blocks[1]!;
    expect(act.type === 'actions' && (act.elements[0] as { text: { text: string } }).text.text).toHaveLength(MAX_BUTTON_TEXT);
    expect(msg.text.length).toBeLessThanOrEqual(MAX_FALLBACK_TEXT);
    expect(msg.text).toMatch(/^(&amp;)+…$/);
  });

  it('puts at most 25 buttons in an actions block, drops duplicates and ids Slack cannot carry', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ action: `reveal:question-${i}`, label: `Q${i}` }));
    buttons.push({ action: 'reveal:question-0', label: 'again' }, { action: `reveal:${'q'.repeat(300)}`, label: 'huge' });
    const msg = renderReply(privateReply('x', [actions(buttons)]));
    expect(msg.blocks.map((b) => (b.type === 'actions' ? b.elements.length : 0))).toEqual([MAX_ACTIONS_ELEMENTS, 5]);
  });

  it('keeps at most 50 blocks, keeping the buttons and saying what was left out', () => {
    const many = Array.from({ length: 70 }, (_, i) => paragraph(`part ${i}`));
    const msg = renderReply(privateReply('x', [...many, actions([{ action: 'reveal:vpc-basics', label: 'Reveal answer' }])]));
    expect(msg.blocks).toHaveLength(MAX_MESSAGE_BLOCKS);
    expect(msg.blocks.at(-1)!.type).toBe('actions');
    expect(msg.blocks.at(-2)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… 22 more parts left out (Slack shows at most 50 blocks).' }],
    });
    expect(sectionTexts(msg.blocks)[0]).toBe('part 0');
  });
});

describe('renderModal', () => {
  const form = {
    id: 'answer:vpc-basics:d',
    title: 'Write your answer to this long question title',
    submitLabel: 'Check my answer',
    fields: [{ id: 'answer', label: 'What is vpc-basics?', placeholder: 'p'.repeat(200), multiline: true, minLength: 1, maxLength: 3000 }],
  };

  it('is a modal whose callback_id is the form id, with one input per field and the channel in private_metadata', () => {
    const view = renderModal(form, 'C0PRACTICE');
    expect(view).toMatchObject({ type: 'modal', callback_id: 'answer:vpc-basics:d', submit: { type: 'plain_text', text: 'Check my answer' }, close: { type: 'plain_text', text: 'Cancel' } });
    expect(JSON.parse(view.private_metadata!)).toEqual({ channelId: 'C0PRACTICE' });
    expect(view.blocks).toEqual([
      {
        type: 'input',
        block_id: 'answer',
        label: { type: 'plain_text', text: 'What is vpc-basics?' },
        element: { type: 'plain_text_input', action_id: 'answer', multiline: true, max_length: 3000, min_length: 1, placeholder: { type: 'plain_text', text: expect.any(String) } },
      },
    ]);
  });

  it('keeps the title within Slack’s 24 characters and the placeholder within 150', () => {
    const view = renderModal(form, null);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.title.text.endsWith('…')).toBe(true);
    const input = view.blocks[0] as { element: { placeholder: { text: string } } };
    expect(input.element.placeholder.text.length).toBeLessThanOrEqual(150);
    expect(JSON.parse(view.private_metadata!)).toEqual({ channelId: null });
  });
});

describe('renderHomeView', () => {
  const home = async (deps: ReturnType<typeof makeDeps>) =>
    (
      await handleEvent(
        { kind: 'home', platform: 'slack', actor: { userKey: 'slack:T1:U1', displayName: null }, place: { scope: 'slack:T1', channelKey: 'slack:home-U1', channelRef: '' } },
        deps,
      )
    ).reply;

  it('renders the core’s home view (streak, totals, weakest topics, due reviews, the grid) as a Home tab', async () => {
    const deps = makeDeps({ now: '2026-03-10T12:00:00Z' });
    await press(deps, gradeAction('iam-roles', 'missed'), { platform: 'slack', user: 'slack:T1:U1' });
    deps.clock.advance(3 * 86_400_000);
    const view = renderHomeView(await home(deps));
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Your AWS interview practice', emoji: true } });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('*Questions graded*\\n1');
    expect(json).toContain('IAM: 0%');
    expect(json).toContain('*Due reviews (1)*');
    expect(json).toContain('What is iam-roles? (id iam-roles)');
    expect(json).toContain('"text":"```\\n');
  });

  it('says how to start when nothing was graded, and lists no reviews', async () => {
    const view = renderHomeView(await home(makeDeps()));
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('No streak yet');
    expect(json).not.toContain('Due reviews');
  });

  it('keeps a Home tab within 100 blocks (more than a message’s 50)', () => {
    const many = Array.from({ length: 150 }, (_, i) => paragraph(`part ${i}`));
    const view = renderHomeView(privateReply('x', many));
    expect(view.blocks).toHaveLength(MAX_HOME_BLOCKS);
    expect(MAX_HOME_BLOCKS).toBeGreaterThan(MAX_MESSAGE_BLOCKS);
  });
});

describe('fileMessages', () => {
  it('puts a small file in one message: a context line naming it, then one closed code block', () => {
    const [message, ...rest] = fileMessages('notes.md', '# Notes\n\nA & B < C');
    expect(rest).toEqual([]);
    expect(message).toEqual({
      text: 'notes.md (part 1 of 1)',
      blocks: [
        { type: 'context', elements: [{ type: 'mrkdwn', text: '📎 notes.md — part 1' }] },
        { type: 'section', text: { type: 'mrkdwn', text: '```\n# Notes\n\nA &amp; B &lt; C\n```' } },
      ],
    });
  });

  it('keeps a fence inside the file from closing the code block it is shown in', () => {
    const [message] = fileMessages('notes.md', 'before\n```\ncode\n```\nafter');
    const text = (message!.blocks[1] as { text: { text: string } }).text.text;
    expect(text.startsWith('```\n')).toBe(true);
    expect(text.endsWith('\n```')).toBe(true);
    expect(text.slice(4, -4)).not.toContain('```');
    expect(text.replace(/\u200b/g, '')).toBe('```\nbefore\n```\ncode\n```\nafter\n```');
  });

  it('splits a line longer than a section, and keeps every section within Slack’s limit', () => {
    const messages = fileMessages('long.md', `${'word '.repeat(1500)}\nend`);
    const sections = messages.flatMap((m) => m.blocks.filter((b) => b.type === 'section')) as { text: { text: string } }[];
    expect(sections.length).toBeGreaterThan(2);
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(sections.at(-1)!.text.text.endsWith('end\n```')).toBe(true);
  });
});
