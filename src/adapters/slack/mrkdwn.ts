/**
 * Slack mrkdwn writing, pure: the core's inline runs become `*bold*`,
 * `_italic_`, `` `code` `` and `<url|title>`, with Slack's three control
 * characters (&, <, >) escaped so user or content text can never turn into a
 * link, a mention or a broken token. Long text is split at word or line
 * boundaries so every piece fits a Block Kit limit.
 */
import type { Inline } from '../../core/messages.js';

/** Slack treats &, < and > as control characters; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside `<url|title>`: `|` would end the URL and `>` the token. */
function linkTarget(url: string): string {
  return escapeMrkdwn(url).replace(/\|/g, '%7C');
}

/**
 * Wraps each line in a marker. Slack only formats `*x*` when the markers touch
 * non-space characters and never across a line break, so surrounding
 * whitespace stays outside the markers and each line is wrapped on its own.
 */
function wrapLines(marker: string, text: string, escape: (s: string) => string = escapeMrkdwn): string {
  return text
    .split('\n')
    .map((line) => {
      // Index arithmetic, not a regular expression: linear in the line, whatever the spaces.
      const core = line.trim();
      if (core === '') return line;
      const start = line.indexOf(core);
      return `${line.slice(0, start)}${marker}${escape(core)}${marker}${line.slice(start + core.length)}`;
    })
    .join('\n');
}

export function inlineToMrkdwn(run: Inline): string {
  switch (run.kind) {
    case 'plain':
      return escapeMrkdwn(run.text);
    case 'bold':
      return wrapLines('*', run.text);
    case 'italic':
      return wrapLines('_', run.text);
    case 'code':
      // A backtick inside would close the span early; a look-alike keeps it readable.
      return wrapLines('`', run.text, (s) => escapeMrkdwn(s.replace(/`/g, 'ˋ')));
    case 'link': {
      const title = run.text.trim() === '' ? run.url : run.text;
      return `<${linkTarget(run.url)}|${escapeMrkdwn(title.replace(/\n/g, ' '))}>`;
    }
  }
}

/** Never cut a surrogate pair (emoji) in half. */
function safeCut(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return at;
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/**
 * Splits raw text into pieces for which `fits(piece)` holds, cutting at the
 * last line break or space when there is one in the second half of the
 * piece, else hard. `fits` must be monotonic in length and accept one character.
 */
export function splitToFit(text: string, fits: (piece: string) => boolean): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (fits(rest)) {
      pieces.push(rest);
      break;
    }
    let lo = 1;
    let hi = rest.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(rest.slice(0, mid))) lo = mid;
      else hi = mid - 1;
    }
    let cut = lo;
    const prefix = rest.slice(0, cut);
    const soft = Math.max(prefix.lastIndexOf('\n'), prefix.lastIndexOf(' '));
    if (soft >= cut / 2) cut = soft + 1;
    cut = Math.max(1, safeCut(rest, cut));
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  return pieces.filter((p) => p.length > 0);
}

/** Shortens raw text so its escaped form plus an ellipsis fits `max`. */
export function truncateEscaped(raw: string, max: number, escape: (s: string) => string = escapeMrkdwn): string {
  // Escaping never shortens text, so only the first `max` characters can survive: bound the work by them.
  const bounded = raw.length > max ? raw.slice(0, max) : raw;
  if (bounded === raw && escape(raw).length <= max) return escape(raw);
  const [head = ''] = splitToFit(bounded, (s) => escape(s).length + 1 <= max);
  return `${escape(head)}…`;
}

/** Plain text (no escaping: plain_text objects are literal) cut to `max` with an ellipsis. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safeCut(text, max - 1)).trimEnd()}…`;
}

/**
 * Inline runs as mrkdwn pieces, each at most `max` characters. Runs are kept
 * whole when they fit, so a split never lands inside `*bold*` or a link; a
 * single run longer than `max` is split into several runs of the same kind.
 */
export function runsToMrkdwnChunks(runs: Inline[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string) => {
    if (current.length + piece.length <= max) {
      current += piece;
      return;
    }
    if (current !== '') chunks.push(current);
    current = piece;
  };
  for (const run of runs) {
    const rendered = inlineToMrkdwn(run);
    if (rendered.length <= max) {
      push(rendered);
      continue;
    }
    // A link too long for one section degrades to text so it can be split.
    const splittable: Inline = run.kind === 'link' ? { kind: 'plain', text: `${run.text} (${run.url})` } : run;
    const pieces = splitToFit(splittable.text, (s) => inlineToMrkdwn({ ...splittable, text: s }).length <= max);
    for (const piece of pieces) push(inlineToMrkdwn({ ...splittable, text: piece }));
  }
  if (current.trim() !== '') chunks.push(current);
  return chunks;
}

/** Lines joined with newlines into chunks of at most `max` characters (each line already fits). */
export function joinLinesToChunks(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = current === '' ? line : `${current}\n${line}`;
    if (next.length <= max) current = next;
    else {
      if (current !== '') chunks.push(current);
      current = line.length <= max ? line : truncatePlain(line, max);
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
