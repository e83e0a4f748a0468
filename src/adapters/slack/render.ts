/**
 * The neutral Reply -> Slack Block Kit, pure. Every Block Kit limit in
 * limits.ts is enforced here by splitting (long text becomes several
 * sections, many buttons several actions blocks) or trimming (headers,
 * labels, too many blocks), so Slack never rejects what we send.
 */
import type { types } from '@slack/bolt';
import type { Block, Button, FormSpec, Inline, Reply } from '../../core/messages.js';
import type { Link } from '../../core/model.js';
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
import { escapeMrkdwn, joinLinesToChunks, runsToMrkdwnChunks, splitToFit, truncateEscaped, truncatePlain } from './mrkdwn.js';

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

/** How each diagram of a reply is shown: a public image URL, an uploaded file, or a line saying how to enable pictures. */
export type SlackPicture = { imageUrl: string } | { slackFileId: string } | { unavailable: string };
export type SlackPictures = ReadonlyMap<string, SlackPicture>;

function diagramBlocks(source: string, alt: string, pictures: SlackPictures): SlackBlock[] {
  const picture = pictures.get(source);
  if (!picture) return [];
  const altText = truncatePlain(alt, 2000);
  if ('imageUrl' in picture) return [{ type: 'image', image_url: picture.imageUrl, alt_text: altText }];
  if ('slackFileId' in picture) return [{ type: 'image', slack_file: { id: picture.slackFileId }, alt_text: altText } as SlackBlock];
  return contextBlock(picture.unavailable);
}

export function renderBlock(block: Block, seenActions: Set<string> = new Set(), pictures: SlackPictures = new Map()): SlackBlock[] {
  switch (block.kind) {
    case 'diagram':
      return diagramBlocks(block.source, block.alt, pictures);
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

export function renderBlocks(blocks: Block[], maxBlocks: number, pictures: SlackPictures = new Map()): SlackBlock[] {
  const seen = new Set<string>();
  return fitBlockCount(
    blocks.flatMap((b) => renderBlock(b, seen, pictures)),
    maxBlocks,
  );
}

/**
 * A Reply as a Slack message body (for chat.postMessage, respond()). A file
 * the reply hands over is not part of the message: the transport uploads it
 * (files.uploadV2) or, without files:write, sends it with `fileMessages`.
 */
export function renderReply(reply: Reply, pictures: SlackPictures = new Map(), maxBlocks: number = MAX_MESSAGE_BLOCKS): SlackMessage {
  const fallback = reply.fallbackText.trim() || 'AWS interview practice';
  return { text: truncateEscaped(fallback, MAX_FALLBACK_TEXT), blocks: renderBlocks(reply.blocks, maxBlocks, pictures) };
}

/** Slack's per-message budget for one file sent as text: well under the 40,000-character message limit. */
const FILE_MESSAGE_CHARS = 12_000;

/**
 * A text file as several messages within Slack's limits, each piece in its
 * own code block (split on line boundaries, so no code block is cut open),
 * for workspaces where the app lacks files:write. Pieces are measured after
 * escaping, so nothing is cut off; a fence inside the file (```) gets a
 * zero-width space so it cannot close the piece's code block early.
 */
export function fileMessages(filename: string, content: string): SlackMessage[] {
  const fence = (raw: string) => '```\n' + escapeMrkdwn(raw).replace(/``(?=`)/g, '``\u200b') + '\n```';
  const fits = (raw: string) => fence(raw).length <= MAX_SECTION_TEXT;
  const pieces: string[] = [];
  let current: string | null = null;
  for (const line of content.split('\n')) {
    const next: string = current === null ? line : `${current}\n${line}`;
    if (fits(next)) {
      current = next;
      continue;
    }
    if (current !== null) pieces.push(current);
    current = null;
    // A single line too long for one section (rare in notes) is split at spaces.
    const parts = fits(line) ? [line] : splitToFit(line, fits);
    pieces.push(...parts.slice(0, -1));
    current = parts.at(-1) ?? '';
  }
  if (current !== null) pieces.push(current);
  const messages: SlackMessage[] = [];
  let blocks: SlackBlock[] = [];
  let size = 0;
  const flush = () => {
    if (blocks.length === 0) return;
    messages.push({ text: `${filename} (part ${messages.length + 1})`, blocks });
    blocks = [];
    size = 0;
  };
  for (const piece of pieces) {
    const fenced = fence(piece);
    if (blocks.length >= MAX_MESSAGE_BLOCKS - 1 || size + fenced.length > FILE_MESSAGE_CHARS) flush();
    if (blocks.length === 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `📎 ${escapeMrkdwn(filename)} — part ${messages.length + 1}` }] });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fenced } });
    size += fenced.length;
  }
  flush();
  return messages.map((m, i) => ({ ...m, text: `${filename} (part ${i + 1} of ${messages.length})` }));
}

/** A form as a Slack modal. `channelId` travels in private_metadata so the answer can go back there. */
export function renderModal(form: FormSpec, channelId: string | null): types.ModalView {
  return {
    type: 'modal',
    callback_id: form.id,
    title: { type: 'plain_text', text: truncatePlain(form.title, 24) },
    submit: { type: 'plain_text', text: truncatePlain(form.submitLabel, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ channelId }),
    blocks: form.fields.map((f) => ({
      type: 'input',
      block_id: f.id,
      label: { type: 'plain_text', text: truncatePlain(f.label, 2000) },
      element: {
        type: 'plain_text_input',
        action_id: f.id,
        multiline: f.multiline,
        max_length: f.maxLength,
        ...(f.minLength ? { min_length: f.minLength } : {}),
        ...(f.placeholder ? { placeholder: { type: 'plain_text', text: truncatePlain(f.placeholder, 150) } } : {}),
      },
    })),
  };
}

// ---- App Home -------------------------------------------------------------

/** The Home tab: the core's home view (the same model as `streak`), as a Home view. */
export function renderHomeView(reply: Reply): types.HomeView {
  return { type: 'home', blocks: renderBlocks(reply.blocks, MAX_HOME_BLOCKS) };
}
