/** The pure renderer: concrete embed and component fields, and Discord's limits enforced. */
import { describe, expect, it } from 'vitest';
import {
  ACTION_ROWS_LIMIT,
  BUTTON_LABEL_LIMIT,
  EMBED_COLOR,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_FIELD_VALUE_LIMIT,
  EMBED_FIELDS_LIMIT,
  EMBED_FOOTER_LIMIT,
  EMBED_TITLE_LIMIT,
  EMBED_TOTAL_LIMIT,
  EMBEDS_PER_MESSAGE_LIMIT,
  EPHEMERAL_FLAG,
  embedSize,
  renderModal,
  renderPlainText,
  renderReply,
} from '../../src/adapters/discord/render.js';
import { answerCard, questionCard } from '../../src/core/cards.js';
import {
  actions,
  bold,
  channelReply,
  code,
  codeBlock,
  context,
  diagram,
  fields,
  heading,
  italic,
  link,
  links,
  paragraph,
  privateReply,
  type Block,
} from '../../src/core/messages.js';
import { fixtureBank } from '../support/core.js';

const bank = fixtureBank();
const q = bank.get('vpc-basics')!;
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const totalSize = (embeds: Parameters<typeof embedSize>[0][]) => embeds.reduce((n, e) => n + embedSize(e), 0);

describe('question and answer cards', () => {
  it('renders the daily question as one embed with a Reveal button, visible to the channel', () => {
    const out = renderReply(questionCard(bank, q, { title: 'Daily AWS question', visibility: 'channel', source: 'd' }));
    expect(out).toEqual({
      embeds: [
        {
          color: EMBED_COLOR,
          title: 'Daily AWS question',
          description: '**What is vpc-basics?**',
          footer: { text: 'Networking (VPC) · Associate · id vpc-basics' },
        },
      ],
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'reveal:vpc-basics:d', label: 'Reveal answer' }] }],
      images: [],
    });
  });

  it('renders the answer privately with links and three grade buttons', () => {
    const out = renderReply(answerCard(bank, q, { source: 'd' }));
    expect(out.flags).toBe(EPHEMERAL_FLAG);
    expect(out.embeds).toHaveLength(1);
    const [embed] = out.embeds;
    expect(embed!.title).toBe('Answer');
    expect(embed!.description).toContain('*What is vpc-basics?*\n\nvpc-basics is a test answer.');
    expect(embed!.description).toContain('**Like I’m five:** Like a vpc-basics in a toy box.');
    expect(embed!.description).toContain(
      '**Learn more**\n📄 [Docs page](https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html)\n▶️ [Video search](https://www.youtube.com/results?search_query=aws+vpc)',
    );
    expect(out.components[0]!.components.map((b) => [b.custom_id, b.label, b.style])).toEqual([
      ['grade:vpc-basics:knew:d', 'Knew it', 1],
      ['grade:vpc-basics:partly:d', 'Partly', 2],
      ['grade:vpc-basics:missed:d', "Didn't know", 4],
    ]);
  });
});

describe('Discord markdown', () => {
  it('writes inline runs in Discord markdown and escapes the rest', () => {
    const out = renderReply(
      privateReply('x', [paragraph('Allow s3:* on my_bucket; ', bold('bold '), italic('it'), ' ', code('a`b'), ' ', link('the [docs]', 'https://example.com/a_(b)'))]),
    );
    expect(out.embeds[0]!.description).toBe('Allow s3:\\* on my\\_bucket; **bold** *it* `` a`b `` [the \\[docs\\]](https://example.com/a_%28b%29)');
  });

  it('keeps code spans the core writes in plain text (usage hints) and fences code blocks', () => {
    const out = renderReply(privateReply('x', [paragraph('Try `question iam`.'), codeBlock('aws s3 ls\n```oops', 'bash')]));
    expect(out.embeds[0]!.description).toBe('Try `question iam`.\n\n```bash\naws s3 ls\n`\u200b``oops\n```');
  });

  it('does not link a javascript: url', () => {
    const out = renderReply(privateReply('x', [paragraph(link('click', 'javascript:alert(1)'))]));
    expect(out.embeds[0]!.description).toBe('click');
  });

  it('puts fields side by side when short and strips backticks from the footer', () => {
    const out = renderReply(privateReply('x', [fields([{ label: 'When', value: '09:00 Europe/Berlin' }, { label: 'Topics', value: 'a\nb' }]), context('Use `schedule`.')]));
    expect(out.embeds[0]).toEqual({
      color: EMBED_COLOR,
      fields: [
        { name: 'When', value: '09:00 Europe/Berlin', inline: true },
        { name: 'Topics', value: 'a\nb', inline: false },
      ],
      footer: { text: 'Use schedule.' },
    });
  });

  it('falls back to the plain text when there is nothing to show in an embed', () => {
    const out = renderReply(channelReply('Only buttons', [actions([{ action: 'reveal:vpc-basics', label: 'Reveal' }])]));
    expect(out.embeds).toEqual([{ color: EMBED_COLOR, description: 'Only buttons' }]);
    expect(out.flags).toBeUndefined();
  });
});

describe('limits', () => {
  it('trims a title over 256 characters', () => {
    const title = renderReply(privateReply('x', [heading('t'.repeat(300))])).embeds[0]!.title!;
    expect(title).toHaveLength(EMBED_TITLE_LIMIT);
    expect(title.endsWith('…')).toBe(true);
  });

  it('splits a description over 4096 characters into several embeds on word boundaries', () => {
    const text = words(700); // ~5300 characters
    const out = renderReply(privateReply('x', [heading('Long'), paragraph(text)]));
    expect(out.embeds).toHaveLength(2);
    expect(out.embeds[0]!.title).toBe('Long');
    expect(out.embeds[1]!.title).toBeUndefined();
    for (const e of out.embeds) expect(e.description!.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_LIMIT);
    expect(out.embeds.map((e) => e.description).join(' ')).toBe(text);
  });

  it('keeps a message within 6000 characters in all and the footer on the last embed', () => {
    const out = renderReply(privateReply('x', [paragraph(words(1000)), paragraph(words(1000)), context('footer text')]));
    expect(totalSize(out.embeds)).toBeLessThanOrEqual(EMBED_TOTAL_LIMIT);
    expect(out.embeds.at(-1)!.footer).toEqual({ text: 'footer text' });
    expect(out.embeds.at(-1)!.description!.endsWith('…')).toBe(true);
  });

  it('caps a message at 10 embeds', () => {
    const blocks: Block[] = Array.from({ length: 12 }, (_, i) => heading(`Part ${i}`));
    expect(renderReply(privateReply('x', blocks)).embeds).toHaveLength(EMBEDS_PER_MESSAGE_LIMIT);
  });

  it('moves fields beyond 25 to a second embed and trims long values and footers', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: i === 0 ? 'v'.repeat(2000) : `v${i}` }));
    const out = renderReply(privateReply('x', [fields(many), context('c'.repeat(3000))]));
    expect(out.embeds.map((e) => e.fields?.length)).toEqual([EMBED_FIELDS_LIMIT, 5]);
    expect(out.embeds[0]!.fields![0]!.value).toHaveLength(EMBED_FIELD_VALUE_LIMIT);
    expect(out.embeds[1]!.footer!.text).toHaveLength(EMBED_FOOTER_LIMIT);
  });

  it('wraps buttons at 5 a row, at most 5 rows, trimming labels and dropping bad or repeated ids', () => {
    const buttons = Array.from({ length: 32 }, (_, i) => ({ action: `reveal:question-${i}`, label: i === 0 ? 'L'.repeat(90) : `Q${i}` }));
    buttons.push({ action: 'reveal:question-1', label: 'duplicate' }, { action: `reveal:${'x'.repeat(100)}`, label: 'too long' });
    const out = renderReply(privateReply('x', [paragraph('pick one'), actions(buttons)]));
    expect(out.components).toHaveLength(ACTION_ROWS_LIMIT);
    expect(out.components.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(out.components[0]!.components[0]!.label).toHaveLength(BUTTON_LABEL_LIMIT);
    const ids = out.components.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length <= 100)).toBe(true);
  });

  it('splits a code block too long for one embed into several fenced blocks', () => {
    const code = Array.from({ length: 400 }, (_, i) => `  line ${i} of some terraform`).join('\n');
    const out = renderReply(privateReply('x', [codeBlock(code, 'hcl')]));
    expect(out.embeds.length).toBeGreaterThan(1);
    expect(totalSize(out.embeds)).toBeLessThanOrEqual(EMBED_TOTAL_LIMIT);
    for (const e of out.embeds) {
      expect(e.description!.startsWith('```hcl\n')).toBe(true);
      expect(e.description!.endsWith('\n```')).toBe(true);
    }
  });
});

describe('diagrams', () => {
  const source = 'flowchart LR\n  A --> B';

  it('shows a diagram as its embed’s image, an attachment the transport sends, and lists it', () => {
    const out = renderReply(privateReply('x', [heading('Answer'), paragraph('Text'), diagram(source, 'A to B')]), new Map([[source, 'diagram-abc.png']]));
    expect(out.embeds).toEqual([{ color: EMBED_COLOR, title: 'Answer', description: 'Text', image: { url: 'attachment://diagram-abc.png' } }]);
    expect(out.images).toEqual([{ name: 'diagram-abc.png', source }]);
  });

  it('puts a second diagram in its own embed (one image per embed)', () => {
    const other = 'flowchart LR\n  C --> D';
    const out = renderReply(privateReply('x', [diagram(source, 'a'), diagram(other, 'b')]), new Map([[source, 'one.png'], [other, 'two.png']]));
    expect(out.embeds.map((e) => e.image?.url)).toEqual(['attachment://one.png', 'attachment://two.png']);
  });

  it('shows nothing for a diagram that could not be drawn', () => {
    const out = renderReply(privateReply('x', [paragraph('Text'), diagram(source, 'a')]));
    expect(out.embeds).toEqual([{ color: EMBED_COLOR, description: 'Text' }]);
    expect(out.images).toEqual([]);
  });
});

describe('renderModal', () => {
  it('is a modal with one paragraph text input per field, within Discord’s limits', () => {
    const modal = renderModal({
      id: 'answer:vpc-basics:d',
      title: 'Write your answer to a question whose title is far too long for Discord',
      submitLabel: 'Check my answer',
      fields: [{ id: 'answer', label: 'L'.repeat(80), placeholder: 'p'.repeat(150), multiline: true, minLength: 1, maxLength: 6000 }],
    });
    expect(modal.custom_id).toBe('answer:vpc-basics:d');
    expect((modal.title as string).length).toBeLessThanOrEqual(45);
    const [row] = modal.components as { type: number; components: Record<string, unknown>[] }[];
    expect(row!.type).toBe(1);
    expect(row!.components[0]).toMatchObject({ type: 4, custom_id: 'answer', style: 2, max_length: 4000, min_length: 1, required: true });
    expect((row!.components[0]!.label as string).length).toBeLessThanOrEqual(45);
    expect((row!.components[0]!.placeholder as string).length).toBeLessThanOrEqual(100);
  });
});

describe('plain text fallback (no Embed Links)', () => {
  it('renders the question card as message content without link previews', () => {
    const text = renderPlainText(answerCard(bank, q));
    expect(text.startsWith('**Answer**\n\n*What is vpc-basics?*')).toBe(true);
    expect(text).toContain('📄 [Docs page](<https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html>)');
    expect(text.length).toBeLessThanOrEqual(2000);
  });
});
