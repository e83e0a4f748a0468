/**
 * Reply -> Discord message payload (embeds + button rows + flags). Pure: no
 * I/O, no client. Discord's limits (limits.ts) are enforced here by trimming
 * and splitting, so a long answer never makes Discord reject a message.
 *
 *   heading  -> embed title (a later heading starts a new embed)
 *   text     -> description paragraph in Discord markdown
 *   links    -> description list of [title](url)
 *   code     -> fenced block in the description
 *   fields   -> embed fields (inline when short)
 *   context  -> footer of the last embed
 *   diagram  -> the embed's image, an attached PNG (attachment://<name>)
 *   actions  -> action rows of buttons; custom_id is the encoded core action
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Block, Button, FormSpec, Reply } from '../../core/messages.js';
import {
  ACTION_ROWS_LIMIT,
  BUTTON_LABEL_LIMIT,
  BUTTONS_PER_ROW_LIMIT,
  CUSTOM_ID_LIMIT,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_FIELD_NAME_LIMIT,
  EMBED_FIELD_VALUE_LIMIT,
  EMBED_FIELDS_LIMIT,
  EMBED_FOOTER_LIMIT,
  EMBED_TITLE_LIMIT,
  EMBED_TOTAL_LIMIT,
  EMBEDS_PER_MESSAGE_LIMIT,
  EPHEMERAL_FLAG,
  MESSAGE_CONTENT_LIMIT,
  truncate,
} from './limits.js';
import { splitText } from '../../core/text.js';
import { codeFence, escapeText, footerText, inlineToMarkdown, linksToMarkdown, splitCodeFence, truncateMarkdown } from './markdown.js';

export * from './limits.js';

/** AWS orange, so the bot's posts are recognisable in a busy channel. */
export const EMBED_COLOR = 0xff9900;
/** Fields at most this long sit side by side. */
const INLINE_FIELD_MAX = 40;
const EMPTY_FIELD = '\u200b';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** EPHEMERAL_FLAG for private replies (interaction responses only). */
  flags?: number;
  attachment?: { filename: string; content: string; mimeType: string };
  /** Diagram PNGs the embeds show (attachment://<name>): the transport attaches them. */
  images: { name: string; source: string }[];
}

/** Each diagram of a reply, by source: the attachment file name to show it under. */
export type DiscordPictures = ReadonlyMap<string, string>;

interface Section {
  title?: string;
  /** attachment://… of a diagram shown in this section. */
  image?: string;
  /** Markdown pieces, each at most EMBED_DESCRIPTION_LIMIT long. */
  parts: string[];
  fields: APIEmbedField[];
}

function blockMarkdown(block: Extract<Block, { kind: 'text' | 'links' | 'code' }>): string[] {
  switch (block.kind) {
    case 'text':
      return splitText(inlineToMarkdown(block.text), EMBED_DESCRIPTION_LIMIT);
    case 'links':
      return block.links.length ? splitText(`**Learn more**\n${linksToMarkdown(block.links)}`, EMBED_DESCRIPTION_LIMIT) : [];
    case 'code':
      return splitCodeFence(block.text, EMBED_DESCRIPTION_LIMIT, block.language);
  }
}

function toField(label: string, value: string): APIEmbedField {
  const name = truncate(escapeText(label.trim()), EMBED_FIELD_NAME_LIMIT) || EMPTY_FIELD;
  const text = truncate(escapeText(value.trim()), EMBED_FIELD_VALUE_LIMIT) || '—';
  return { name, value: text, inline: text.length <= INLINE_FIELD_MAX && !text.includes('\n') };
}

/** Walks the blocks in order, starting a new section whenever order or limits require one. */
function sectionsOf(blocks: readonly Block[], pictures: DiscordPictures): { sections: Section[]; footer: string[] } {
  const sections: Section[] = [{ parts: [], fields: [] }];
  const footer: string[] = [];
  const current = () => sections[sections.length - 1]!;
  const isEmpty = (s: Section) => !s.title && s.parts.length === 0 && s.fields.length === 0;
  const next = (title?: string) => sections.push(title ? { title, parts: [], fields: [] } : { parts: [], fields: [] });
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading': {
        const title = truncate(block.text.trim(), EMBED_TITLE_LIMIT);
        if (isEmpty(current())) current().title = title;
        else next(title);
        break;
      }
      case 'text':
      case 'links':
      case 'code':
        // A description always shows above fields, so text after fields needs a new embed to keep the order.
        if (current().fields.length > 0) next();
        current().parts.push(...blockMarkdown(block).filter(Boolean));
        break;
      case 'fields':
        for (const f of block.fields) {
          if (current().fields.length >= EMBED_FIELDS_LIMIT) next();
          current().fields.push(toField(f.label, f.value));
        }
        break;
      case 'context':
        footer.push(footerText(block.text));
        break;
      case 'diagram': {
        const name = pictures.get(block.source);
        // One image per embed: a second diagram starts a new embed.
        if (name && current().image) next();
        if (name) current().image = `attachment://${name}`;
        break;
      }
      case 'actions':
        break;
    }
  }
  return { sections: sections.filter((s) => !isEmpty(s) || s.image), footer };
}

/** Packs description pieces into embeds of at most EMBED_DESCRIPTION_LIMIT characters. */
function embedsOf(section: Section): APIEmbed[] {
  const descriptions: string[] = [];
  for (const part of section.parts) {
    const last = descriptions.length - 1;
    const joined = last >= 0 ? `${descriptions[last]}\n\n${part}` : part;
    if (last >= 0 && joined.length <= EMBED_DESCRIPTION_LIMIT) descriptions[last] = joined;
    else descriptions.push(part);
  }
  if (descriptions.length === 0) descriptions.push('');
  return descriptions.map((description, i) => {
    const embed: APIEmbed = { color: EMBED_COLOR };
    if (i === 0 && section.title) embed.title = section.title;
    if (description) embed.description = description;
    if (i === descriptions.length - 1 && section.fields.length > 0) embed.fields = section.fields;
    if (i === descriptions.length - 1 && section.image) embed.image = { url: section.image };
    return embed;
  });
}

export function embedSize(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0);
}

/** Shrinks an embed to `budget` characters (fields first, then the description); null if nothing useful fits. */
function fitEmbed(embed: APIEmbed, budget: number): APIEmbed | null {
  const out: APIEmbed = { ...embed };
  if (embed.fields) out.fields = [...embed.fields];
  while (embedSize(out) > budget && out.fields && out.fields.length > 0) out.fields.pop();
  if (out.fields?.length === 0) delete out.fields;
  const over = embedSize(out) - budget;
  if (over > 0 && out.description) {
    const keep = out.description.length - over;
    if (keep < 20) delete out.description;
    else out.description = truncateMarkdown(out.description, keep);
  }
  const empty = !out.title && !out.description && !out.fields && !out.image;
  return embedSize(out) <= budget && !empty ? out : null;
}

/** At most 10 embeds and 6000 characters in all; the footer always survives on the last kept embed. */
function enforceMessageLimits(embeds: APIEmbed[], footer: string | null): APIEmbed[] {
  let budget = EMBED_TOTAL_LIMIT - (footer?.length ?? 0);
  const kept: APIEmbed[] = [];
  for (const embed of embeds.slice(0, EMBEDS_PER_MESSAGE_LIMIT)) {
    const fitted = fitEmbed(embed, budget);
    if (!fitted) break;
    kept.push(fitted);
    budget -= embedSize(fitted);
    // Once something had to be cut, later embeds would read as if nothing was missing.
    if (embedSize(fitted) < embedSize(embed)) break;
  }
  if (kept.length === 0) kept.push({ color: EMBED_COLOR });
  if (footer) kept[kept.length - 1]!.footer = { text: footer };
  return kept;
}

export function renderButton(button: Button): APIButtonComponentWithCustomId {
  const style = button.style === 'primary' ? ButtonStyle.Primary : button.style === 'danger' ? ButtonStyle.Danger : ButtonStyle.Secondary;
  return { type: ComponentType.Button, style, custom_id: button.action, label: truncate(button.label.trim(), BUTTON_LABEL_LIMIT) || '…' };
}

/**
 * One row per actions block, wrapped at 5 buttons, at most 5 rows. A button
 * whose id is over 100 characters is dropped rather than cut: a cut id
 * would decode to nothing. Duplicate ids are dropped too (Discord refuses them).
 */
export function renderRows(blocks: readonly Block[]): ButtonRow[] {
  const seen = new Set<string>();
  const rows: ButtonRow[] = [];
  for (const block of blocks) {
    if (block.kind !== 'actions') continue;
    const buttons = block.buttons.filter((b) => {
      const ok = b.action.length > 0 && b.action.length <= CUSTOM_ID_LIMIT && !seen.has(b.action);
      if (ok) seen.add(b.action);
      return ok;
    });
    for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW_LIMIT) {
      rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + BUTTONS_PER_ROW_LIMIT).map(renderButton) });
    }
  }
  return rows.slice(0, ACTION_ROWS_LIMIT);
}

export function renderReply(reply: Reply, pictures: DiscordPictures = new Map()): DiscordMessage {
  const { sections, footer } = sectionsOf(reply.blocks, pictures);
  let embeds = sections.flatMap(embedsOf);
  if (embeds.length === 0) {
    embeds = [{ color: EMBED_COLOR, description: truncate(escapeText(reply.fallbackText), EMBED_DESCRIPTION_LIMIT) || EMPTY_FIELD }];
  }
  const footerLine = footer.length ? truncate(footer.join('\n'), EMBED_FOOTER_LIMIT) : null;
  const kept = enforceMessageLimits(embeds, footerLine);
  const shown = new Set(kept.flatMap((e) => (e.image?.url ? [e.image.url.slice('attachment://'.length)] : [])));
  const images = [...pictures].filter(([, name]) => shown.has(name)).map(([source, name]) => ({ name, source }));
  const message: DiscordMessage = { embeds: kept, components: renderRows(reply.blocks), images };
  if (reply.visibility === 'private') message.flags = EPHEMERAL_FLAG;
  if (reply.attachment) message.attachment = { ...reply.attachment };
  return message;
}

/**
 * The same reply as plain message content (no embeds), for a channel where
 * the bot lacks Embed Links: the question still reaches the channel.
 */
export function renderPlainText(reply: Reply): string {
  const lines = reply.blocks.flatMap((block): string[] => {
    switch (block.kind) {
      case 'heading':
        return [`**${escapeText(block.text)}**`];
      case 'text':
        return [inlineToMarkdown(block.text)];
      case 'links':
        // Angle brackets stop Discord from unfurling every link into a preview.
        return block.links.length ? [linksToMarkdown(block.links).replace(/\]\((https?:[^)]+)\)/g, '](<$1>)')] : [];
      case 'code':
        return [codeFence(block.text, block.language)];
      case 'fields':
        return [block.fields.map((f) => `**${escapeText(f.label)}:** ${escapeText(f.value)}`).join('\n')];
      case 'context':
        return [`-# ${block.text}`];
      case 'actions':
      case 'diagram':
        return [];
    }
  });
  const text = lines.filter(Boolean).join('\n\n') || escapeText(reply.fallbackText);
  return truncateMarkdown(text, MESSAGE_CONTENT_LIMIT);
}

/** A form as a Discord modal (paragraph text inputs). */
export function renderModal(form: FormSpec): Record<string, unknown> {
  return {
    custom_id: form.id,
    title: truncate(form.title, 45),
    components: form.fields.map((f) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: f.id,
          label: truncate(f.label, 45),
          style: f.multiline ? 2 : 1,
          max_length: Math.min(f.maxLength, 4000),
          ...(f.minLength ? { min_length: f.minLength } : {}),
          ...(f.placeholder ? { placeholder: truncate(f.placeholder, 100) } : {}),
          required: true,
        },
      ],
    })),
  };
}
