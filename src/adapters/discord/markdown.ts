/**
 * The neutral inline model written as Discord markdown: `**bold**`,
 * `*italic*`, `` `code` ``, `[title](url)`. Pure string functions.
 *
 * Plain text from the core is escaped so that an AWS answer mentioning
 * `s3:*` or `my_bucket_name` is not turned into italics, but single-backtick
 * code spans are kept: the core writes them on purpose (`help`, usage hints).
 */
import type { Inline } from '../../core/messages.js';
import type { Link } from '../../core/model.js';
import { truncate } from './limits.js';
import { splitText } from '../../core/text.js';

/**
 * Plain text made literal in Discord markdown: every inline marker and link
 * bracket gets a backslash (Discord removes a backslash before punctuation),
 * and so do block markers at a line start. One linear pass — discord.js's own
 * escapeMarkdown backtracks badly on long text (4,000 characters took 6.5 s
 * with masked links on), and people's written answers reach this.
 */
export function escapeText(text: string): string {
  // Backticks stay: the core writes `code` spans in plain text on purpose.
  return text.replace(/[\\*_~|[\]()<]/g, '\\$&').replace(/^([ \t]*)([#>-])/gm, '$1\\$2');
}

/** `**  x **` does not render as bold, so whitespace goes outside the markers. */
function wrap(text: string, marker: string): string {
  // Index arithmetic rather than a regular expression: linear whatever the whitespace.
  const core = text.trim();
  if (!core) return text;
  const start = text.indexOf(core);
  return `${text.slice(0, start)}${marker}${escapeText(core)}${marker}${text.slice(start + core.length)}`;
}

export function inlineCode(text: string): string {
  if (!text) return '';
  if (!text.includes('`')) return `\`${text}\``;
  // Double backticks allow single ones inside; a zero-width space breaks runs of two.
  return `\`\` ${text.replace(/``/g, '`\u200b`')} \`\``;
}

/** Only http(s) links become clickable; parentheses are encoded so they cannot end the link early. */
export function safeUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

export function maskedLink(text: string, rawUrl: string): string {
  const url = safeUrl(rawUrl);
  // escapeText already escapes [ and ]; escaping them again would show the backslashes.
  const title = escapeText(text) || url || '';
  return url ? `[${title}](${url})` : title;
}

export function inlineToMarkdown(runs: readonly Inline[]): string {
  return runs
    .map((run) => {
      switch (run.kind) {
        case 'plain':
          return escapeText(run.text);
        case 'bold':
          return wrap(run.text, '**');
        case 'italic':
          return wrap(run.text, '*');
        case 'code':
          return inlineCode(run.text);
        case 'link':
          return maskedLink(run.text, run.url);
      }
    })
    .join('');
}

const LINK_ICONS: Record<Link['type'], string> = { docs: '📄', video: '▶️', article: '📰' };

export function linksToMarkdown(links: readonly Link[]): string {
  return links.map((l) => `${LINK_ICONS[l.type]} ${maskedLink(l.title, l.url)}`).join('\n');
}

/** A ``` inside code is broken with a zero-width space so it cannot close the fence early. */
function fenceBody(code: string): string {
  return code.replace(/```/g, '`\u200b``');
}

function fenceLanguage(language?: string): string {
  return language && /^[A-Za-z0-9+#-]{1,20}$/.test(language) ? language : '';
}

export function codeFence(code: string, language?: string): string {
  return `\`\`\`${fenceLanguage(language)}\n${fenceBody(code)}\n\`\`\``;
}

/** Footers show no markdown, so code spans lose their backticks there. */
export function footerText(text: string): string {
  return text.replace(/`([^`]*)`/g, '$1');
}

/** Splits a code block into several fenced blocks that each fit in `max` characters. */
export function splitCodeFence(code: string, max: number, language?: string): string[] {
  const lang = fenceLanguage(language);
  const overhead = `\`\`\`${lang}\n\n\`\`\``.length;
  if (max <= overhead) return [];
  return splitText(fenceBody(code), max - overhead).map((part) => `\`\`\`${lang}\n${part}\n\`\`\``);
}

/** Like truncate, but a code fence cut open by the cut is closed again. */
export function truncateMarkdown(text: string, max: number): string {
  const cut = truncate(text, max);
  const fences = cut.split('```').length - 1;
  return fences % 2 === 0 ? cut : `${truncate(text, max - 4)}\n\`\`\``;
}
