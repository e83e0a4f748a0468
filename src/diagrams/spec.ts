/** What a diagram is and how big it may be: shared by the cache (render.ts) and the drawing (draw.ts). */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped when the look changes, so cached pictures are drawn again. */
export const RENDER_VERSION = 1;
/** The widest PNG we produce: sharp on a retina screen, small enough for chat. */
export const MAX_PNG_WIDTH = 1600;
/** Upper bound for one picture (content:check fails above it). */
export const MAX_PNG_BYTES = 600_000;
/** The console prints the text version only when it fits a 100-column terminal. */
export const MAX_TEXT_COLUMNS = 100;
export const MAX_NODES = 15;

export const FONT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../assets/fonts');

/** A white card with dark text and an AWS-orange accent: readable on light and dark chat themes. */
export const DIAGRAM_THEME = {
  bg: '#ffffff',
  fg: '#1f2937',
  line: '#6b7280',
  accent: '#e47911',
  muted: '#4b5563',
  surface: '#fff7ed',
  border: '#d97706',
} as const;

export interface RenderedDiagram {
  /** Content hash: the picture's stable name (`<hash>.png`). */
  hash: string;
  png: Buffer;
  width: number;
  height: number;
  /** Box-drawing text version, or null when it is wider than MAX_TEXT_COLUMNS. */
  text: string | null;
  /** Widest line of the text version, in columns. */
  textColumns: number;
}

export class DiagramError extends Error {}

export function diagramHash(source: string): string {
  return createHash('sha256').update(`v${RENDER_VERSION}\n${source.trim()}`).digest('hex').slice(0, 20);
}

/** Nodes (flowchart) or participants (sequence diagram), for the size rule. */
export function countNodes(source: string): number {
  const lines = source.trim().split('\n').map((l) => l.trim());
  const kind = lines[0]?.split(/\s+/)[0];
  if (kind === 'sequenceDiagram') {
    const names = new Set<string>();
    for (const l of lines.slice(1)) {
      const declared = /^(?:participant|actor)\s+([^\s]+)/.exec(l);
      if (declared) names.add(declared[1]!);
      const message = /^([^\s:+-][^:]*?)\s*-{1,2}[>x)]{1,2}[+-]?\s*([^:]+?)\s*:/.exec(l);
      if (message) names.add(message[1]!.trim()).add(message[2]!.trim());
    }
    return names.size;
  }
  const ids = new Set<string>();
  for (const l of lines.slice(1)) {
    if (/^(subgraph|end|classDef|class|style|linkStyle|direction|%%)\b/.test(l)) continue;
    for (const m of l.matchAll(/(?:^|[\s&>-])([A-Za-z][\w]*)\s*(?=[[({>]|$|\s*(?:-|&|==|~))/g)) ids.add(m[1]!);
  }
  return ids.size;
}
