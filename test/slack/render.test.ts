import { describe, expect, it } from 'vitest';
import {
  MAX_ACTIONS_ELEMENTS,
  MAX_BUTTON_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_HEADER_TEXT,
  MAX_MESSAGE_BLOCKS,
  MAX_SECTION_TEXT,
  renderHomeView,
  renderReply,
  type SlackBlock,
} from '../../src/adapters/slack/render.js';
import { questionCard } from '../../src/core/cards.js';
import { actions, bold, code, codeBlock, fields, heading, italic, link, links, paragraph, plain, privateReply } from '../../src/core/messages.js';
import { progressFor } from '../../src/core/usecases/progress.js';
import { fixtureBank, makeDeps } from '../support/core.js';

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

  it('shows an attachment inline under its file name', () => {
    const msg = renderReply({ ...privateReply('Export', []), attachment: { filename: 'review.md', content: '# Missed', mimeType: 'text/markdown' } });
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'review.md' } });
    expect(sectionTexts(msg.blocks)).toEqual(['```\n# Missed\n```']);
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

describe('renderHomeView', () => {
  it('renders streak, totals, weakest topics, due reviews and the grid as a home view', () => {
    const deps = makeDeps();
    const progress = progressFor(deps, 'slack:T1:U1', '2026-03-10');
    const view = renderHomeView({ progress, dueReviews: [{ questionId: 'iam-roles', question: 'What is iam-roles?' }] });
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Your AWS interview practice', emoji: true } });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('No streak yet');
    expect(json).toContain('*Questions graded*\\n0');
    expect(json).toContain('Grade a few answers and your weakest topics show up here.');
    expect(json).toContain('*Due reviews (1)*');
    expect(json).toContain('What is iam-roles? (id iam-roles)');
    expect(json).toContain('```\\nMon ');
  });

  it('leaves out due reviews when the core provides none', () => {
    const deps = makeDeps();
    const view = renderHomeView({ progress: progressFor(deps, 'slack:T1:U1', '2026-03-10') });
    expect(JSON.stringify(view.blocks)).not.toContain('Due reviews');
  });
});
