/**
 * The neutral Reply -> Slack Block Kit, pure. Every Block Kit limit in
 * limits.ts is enforced here by splitting (long text becomes several
 * sections, many buttons several actions blocks) or trimming (headers,
 * labels, too many blocks), so Slack never rejects what we send.
 */
import type { types } from '@slack/bolt';
import { bold, codeBlock, context, fields, heading, paragraph, type Block, type Button, type Inline, type Reply } from '../../core/messages.js';
import type { Link } from '../../core/model.js';
import { streakLine } from '../../core/usecases/outcome.js';
import { gridText, type Progress } from '../../core/usecases/progress.js';
import {
  MAX_ACTION_ID,
  MAX_ACTIONS_ELEMENTS,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_HOME_BLOCKS,
  MAX_MESSAGE_BLOCKS,
  MAX_SECTION_FIELDS,
  MAX_SECTION_TEXT,
} from './limits.js';
import {
  escapeMrkdwn,
  joinLinesToChunks,
  runsToMrkdwnChunks,
  splitToFit,
  truncateEscaped,
  truncatePlain,
} from './mrkdwn.js';

export * from './limits.js';

export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** Notification / screen-reader fallback (mrkdwn, escaped). */
  text: string;
  blocks: SlackBlock[];
}

const LINK_TYPE_LABEL: Record<Link['type'], string> = { docs: '📄 docs', video: '🎬 video', article: '📰 article' };

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

function headerBlock(text: string): SlackBlock[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') return [];
  return [{ type: 'header', text: { type: 'plain_text', text: truncatePlain(clean, MAX_HEADER_TEXT), emoji: true } }];
}

function textSections(runs: Inline[]): SlackBlock[] {
  return runsToMrkdwnChunks(runs, MAX_SECTION_TEXT).map(section);
}

function linkSections(links: Link[]): SlackBlock[] {
  const lines = links.flatMap((l) =>
    runsToMrkdwnChunks(
      [
        { kind: 'plain', text: '• ' },
        { kind: 'link', text: l.title, url: l.url },
        { kind: 'plain', text: ' · ' },
        { kind: 'italic', text: LINK_TYPE_LABEL[l.type] },
      ],
      MAX_SECTION_TEXT,
    ),
  );
  return joinLinesToChunks(lines, MAX_SECTION_TEXT).map(section);
}

function fieldSections(items: { label: string; value: string }[]): SlackBlock[] {
  const fields = items.map((f) => {
    const label = truncateEscaped(f.label, 200);
    const value = truncateEscaped(f.value, MAX_FIELD_TEXT - label.length - 3);
    return { type: 'mrkdwn' as const, text: `*${label}*\n${value}` };
  });
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += MAX_SECTION_FIELDS) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + MAX_SECTION_FIELDS) });
  }
  return blocks;
}

function codeSections(code: string): SlackBlock[] {
  // Inside a code block Slack still decodes &amp; etc., so escaping stays on.
  const fence = (s: string) => '```\n' + escapeMrkdwn(s) + '\n```';
  return splitToFit(code, (s) => fence(s).length <= MAX_SECTION_TEXT).map((piece) => section(fence(piece)));
}

function contextBlock(text: string): SlackBlock[] {
  if (text.trim() === '') return [];
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncateEscaped(text, MAX_CONTEXT_TEXT) }] }];
}

/**
 * Buttons carry the encoded core action as both action_id and value. Slack
 * needs action ids unique within a message, so a repeated action is dropped;
 * an id Slack could not carry is dropped too rather than truncated (a
 * truncated id would decode as a different or invalid action).
 */
function actionBlocks(buttons: Button[], seen: Set<string>): SlackBlock[] {
  const elements: types.Button[] = [];
  for (const b of buttons) {
    if (seen.has(b.action) || b.action.length > MAX_ACTION_ID || b.action.length > MAX_BUTTON_VALUE) continue;
    seen.add(b.action);
    const label = truncatePlain(b.label.trim() || 'Open', MAX_BUTTON_TEXT);
    const element: types.Button = { type: 'button', text: { type: 'plain_text', text: label, emoji: true }, action_id: b.action, value: b.action };
    if (b.style) element.style = b.style;
    elements.push(element);
  }
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < elements.length; i += MAX_ACTIONS_ELEMENTS) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + MAX_ACTIONS_ELEMENTS) });
  }
  return blocks;
}

export function renderBlock(block: Block, seenActions: Set<string> = new Set()): SlackBlock[] {
  switch (block.kind) {
    case 'heading':
      return headerBlock(block.text);
    case 'text':
      return textSections(block.text);
    case 'links':
      return linkSections(block.links);
    case 'fields':
      return fieldSections(block.fields);
    case 'code':
      return codeSections(block.text);
    case 'context':
      return contextBlock(block.text);
    case 'actions':
      return actionBlocks(block.buttons, seenActions);
  }
}

/**
 * At most `max` blocks. Buttons are what make a message work, so every
 * actions block is kept; content is kept in order until the budget runs out
 * and a context line says how much was left out.
 */
export function fitBlockCount(blocks: SlackBlock[], max: number): SlackBlock[] {
  if (blocks.length <= max) return blocks;
  const actionCount = blocks.filter((b) => b.type === 'actions').length;
  let budget = Math.max(0, max - 1 - actionCount);
  const dropped = blocks.length - actionCount - budget;
  const out: SlackBlock[] = [];
  let noticeAdded = false;
  for (const b of blocks) {
    if (b.type === 'actions') out.push(b);
    else if (budget > 0) {
      out.push(b);
      budget--;
    } else if (!noticeAdded) {
      out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `… ${dropped} more part${dropped === 1 ? '' : 's'} left out (Slack shows at most ${max} blocks).` }] });
      noticeAdded = true;
    }
  }
  return out.slice(0, max);
}

export function renderBlocks(blocks: Block[], maxBlocks: number): SlackBlock[] {
  const seen = new Set<string>();
  return fitBlockCount(blocks.flatMap((b) => renderBlock(b, seen)), maxBlocks);
}

/** A Reply as a Slack message body (for chat.postMessage, respond(), chat.postEphemeral). */
export function renderReply(reply: Reply, maxBlocks: number = MAX_MESSAGE_BLOCKS): SlackMessage {
  const blocks: Block[] = [...reply.blocks];
  if (reply.attachment) {
    // Uploading needs files:write; a file this bot hands over is short Markdown, so it is shown inline.
    blocks.push({ kind: 'heading', text: reply.attachment.filename }, { kind: 'code', text: reply.attachment.content });
  }
  const fallback = reply.fallbackText.trim() || 'AWS interview practice';
  return { text: truncateEscaped(fallback, MAX_FALLBACK_TEXT), blocks: renderBlocks(blocks, maxBlocks) };
}

// ---- App Home -------------------------------------------------------------

export interface HomeModel {
  progress: Progress;
  /** Due spaced-repetition reviews, when the core provides them (a later issue). */
  dueReviews?: { questionId: string; question: string }[];
}

const WEAKEST_SHOWN = 3;
const REVIEWS_SHOWN = 10;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The Home tab: streak, totals, weakest topics, due reviews and the activity grid. */
export function renderHomeView(model: HomeModel): types.HomeView {
  const p = model.progress;
  const blocks: Block[] = [
    heading('Your AWS interview practice'),
    paragraph(bold(streakLine(p.current, p.streak.longest))),
    fields([
      { label: 'Current streak', value: plural(p.current, 'day') },
      { label: 'Longest streak', value: plural(p.streak.longest, 'day') },
      { label: 'Days practised', value: String(p.streak.totalDays) },
      { label: 'Questions graded', value: String(p.attempts) },
      { label: 'Streak freezes', value: `${p.streak.freezes} 🧊` },
    ]),
  ];
  const weakest = p.topics.slice(0, WEAKEST_SHOWN);
  blocks.push(
    weakest.length === 0
      ? paragraph(bold('Weakest topics'), '\nGrade a few answers and your weakest topics show up here.')
      : paragraph(
          bold('Weakest topics'),
          '\n' +
            weakest
              .map((t) => `• ${t.title}: ${Math.round(t.accuracy * 100)}% (${t.knew} knew · ${t.partly} partly · ${t.missed} missed)`)
              .join('\n'),
        ),
  );
  if (model.dueReviews) {
    const due = model.dueReviews;
    const lines = due.slice(0, REVIEWS_SHOWN).map((r) => `• ${r.question} (id ${r.questionId})`);
    if (due.length > REVIEWS_SHOWN) lines.push(`… and ${due.length - REVIEWS_SHOWN} more`);
    blocks.push(
      due.length === 0
        ? paragraph(bold('Due reviews'), '\nNothing due — nice.')
        : paragraph(bold(`Due reviews (${due.length})`), '\n' + lines.join('\n')),
    );
  }
  blocks.push(codeBlock(gridText(p.grid)), context('Last 12 weeks: 🟩 practised · ⬛ missed · ⬜ still to come'));
  blocks.push(context('Practise in any channel with `/aws question`; `/aws help` lists every command.'));
  return { type: 'home', blocks: renderBlocks(blocks, MAX_HOME_BLOCKS) };
}
