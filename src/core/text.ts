/**
 * Text helpers every renderer and message shares: counts that read right
 * ("1 day", "2 days"), and cutting text on word boundaries. Linear in the
 * input: no regular expression here backtracks.
 */

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** At most `max` characters, cut at a word boundary when one is near, with an ellipsis. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const body = space >= max * 0.6 ? cut.slice(0, space) : cut;
  return `${body.trimEnd()}…`;
}

/**
 * Splits text into pieces of at most `max` characters, preferring paragraph,
 * then line, then word boundaries; a word longer than `max` is cut. Leading
 * spaces of a new line are kept (code indentation).
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf('\n\n');
    if (cut <= 0) cut = window.lastIndexOf('\n');
    const atNewline = cut > 0;
    if (!atNewline) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = max;
    pieces.push(rest.slice(0, cut).trimEnd());
    let next = cut;
    if (atNewline) while (rest[next] === '\n') next++;
    else if (rest[next] === ' ') next++;
    rest = rest.slice(next);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/**
 * Wraps text to `width` columns on word boundaries (the console). A word
 * longer than a line (a URL) is never cut: it gets a line of its own, so it
 * stays clickable and copyable.
 */
export function wrapLines(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const lead = line.length - line.trimStart().length;
    const prefix = line.slice(0, lead);
    let current = prefix;
    for (const word of line.slice(lead).split(' ')) {
      const candidate = current.length > prefix.length ? `${current} ${word}` : `${current}${word}`;
      if (visibleLength(candidate) <= width || current.trim() === '') current = candidate;
      else {
        out.push(current);
        current = `${indent}${prefix}${word}`;
      }
    }
    out.push(current);
  }
  return out.join('\n');
}

/** Length on screen: ANSI colour codes and OSC 8 link wrappers take no columns. */
export function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 27) {
      // ESC [ … letter  or  ESC ] … ESC \ (OSC 8)
      if (text[i + 1] === '[') {
        i += 2;
        while (i < text.length && !/[A-Za-z]/.test(text[i]!)) i++;
      } else if (text[i + 1] === ']') {
        i += 2;
        while (i < text.length && !(text.charCodeAt(i) === 27 && text[i + 1] === '\\') && text.charCodeAt(i) !== 7) i++;
        if (text.charCodeAt(i) === 27) i++;
      }
      continue;
    }
    n++;
  }
  return n;
}
