/**
 * Reply → terminal text. Pure. Reads like a good command-line program:
 * wrapped on word boundaries at the terminal width, no raw Markdown markers,
 * colour only when the style says so (a TTY without NO_COLOR), links as
 * OSC 8 hyperlinks where the terminal supports them and plain URLs
 * otherwise, buttons as the words to type, diagrams as box-drawing text
 * (or the path of their PNG when the text would not fit).
 */
import pc from 'picocolors';
import type { Block, Inline, Reply } from '../../core/messages.js';
import { wrapLines } from '../../core/text.js';

export interface ConsoleStyle {
  /** Terminal width in columns. */
  width: number;
  color: boolean;
  /** OSC 8 clickable links. */
  hyperlinks: boolean;
}

export const PLAIN_STYLE: ConsoleStyle = { width: 100, color: false, hyperlinks: false };

/** What the transport resolved for each diagram source: its text version, or where its PNG is. */
export type DiagramView = { text: string } | { pngPath: string };

type Paint = (s: string) => string;
const painter = (style: ConsoleStyle, fn: Paint): Paint => (style.color ? fn : (s) => s);

/** `code` written in plain text (help, hints) shows without its backticks: coloured on a TTY. */
const unmark = (text: string, style: ConsoleStyle) => text.replace(/`([^`\n]{1,200})`/g, (_m, c: string) => painter(style, pc.cyan)(c));

function link(text: string, url: string, style: ConsoleStyle): string {
  if (style.hyperlinks) return `\u001b]8;;${url}\u001b\\${painter(style, pc.underline)(text)}\u001b]8;;\u001b\\`;
  return text === url ? url : `${text} (${url})`;
}

function inline(runs: Inline[], style: ConsoleStyle): string {
  return runs
    .map((r) => {
      switch (r.kind) {
        case 'link':
          return link(r.text, r.url, style);
        case 'bold':
          return painter(style, pc.bold)(r.text);
        case 'italic':
          return painter(style, pc.italic)(r.text);
        case 'code':
          return painter(style, pc.cyan)(r.text);
        default:
          return unmark(r.text, style);
      }
    })
    .join('');
}

function block(b: Block, style: ConsoleStyle, diagrams: ReadonlyMap<string, DiagramView>): string | null {
  const wrap = (text: string, indent = '') => wrapLines(text, style.width, indent);
  switch (b.kind) {
    case 'heading':
      return painter(style, (s) => pc.bold(pc.yellow(s)))(`== ${b.text} ==`);
    case 'text':
      return wrap(inline(b.text, style));
    case 'context':
      return painter(style, pc.dim)(wrap(`  ${unmark(b.text, style)}`, '  '));
    case 'code':
      return b.text
        .trimEnd()
        .split('\n')
        .map((l) => painter(style, pc.cyan)(`    ${l}`))
        .join('\n');
    case 'fields':
      return b.fields.map((f) => wrap(`${painter(style, pc.bold)(`${f.label}:`)} ${unmark(f.value, style)}`, '  ')).join('\n');
    case 'links':
      return ['Links:', ...b.links.map((l) => wrap(`  - ${link(l.title, l.url, style)} [${l.type}]`, '    '))].join('\n');
    case 'diagram': {
      const view = diagrams.get(b.source);
      if (!view) return null;
      return 'text' in view ? view.text : `Diagram: ${view.pngPath}`;
    }
    case 'actions': {
      // Buttons become the words to type; one without a typed form (e.g. a form-only action) is left out.
      const typed = b.buttons.filter((x) => x.typed);
      if (typed.length === 0) return null;
      const grading = typed.every((x) => /^[123]$/.test(x.typed!));
      const hints = typed.map((x) => (grading ? `${x.typed} = ${x.label}` : `type "${x.typed}" (${x.label.replace(/^\W+\s*/, '').toLowerCase()})`));
      return painter(style, pc.green)(wrap(grading ? `> Grade yourself: ${hints.join(' · ')}` : `> ${hints.join(' · ')}`, '  '));
    }
  }
}

export function renderConsole(reply: Reply, style: ConsoleStyle = PLAIN_STYLE, diagrams: ReadonlyMap<string, DiagramView> = new Map()): string {
  return reply.blocks
    .map((b) => block(b, style, diagrams))
    .filter((s): s is string => s !== null && s !== '')
    .join('\n');
}
