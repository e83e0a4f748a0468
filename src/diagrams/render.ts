/**
 * Mermaid → SVG → PNG (and → box-drawing text), in Node, without a browser:
 * beautiful-mermaid lays the diagram out and draws the SVG and the text
 * version; resvg rasterises the SVG with the bundled Inter font, so pictures
 * look the same on a laptop and in the Docker image.
 *
 * A diagram is rendered once: results are kept by content hash in memory and,
 * when a cache folder is given, on disk (a restart re-reads the PNGs instead
 * of drawing them again).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { renderMermaidASCII, renderMermaidSVG } from 'beautiful-mermaid';
import { resolveCssColors } from './colors.js';

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

function fontFiles(): string[] {
  return ['Inter-Regular.ttf', 'Inter-Medium.ttf', 'Inter-SemiBold.ttf'].map((f) => join(FONT_DIR, f));
}

/** Draws one diagram (no cache). Throws DiagramError with a reason a content author can act on. */
export function drawDiagram(source: string): RenderedDiagram {
  const src = source.trim();
  const kind = src.split(/\s+/)[0];
  if (kind !== 'flowchart' && kind !== 'graph' && kind !== 'sequenceDiagram') {
    throw new DiagramError(`must start with "flowchart", "graph" or "sequenceDiagram" (got "${kind?.slice(0, 20)}")`);
  }
  let svg: string;
  let text: string;
  try {
    svg = renderMermaidSVG(src, { ...DIAGRAM_THEME, font: 'Inter', padding: 24 });
    text = renderMermaidASCII(src, { colorMode: 'none', paddingX: 3, paddingY: 1 });
  } catch (err) {
    throw new DiagramError(`does not parse: ${(err as Error).message.split('\n')[0]}`);
  }
  const flat = resolveCssColors(svg).replace(/font-family:[^;}]*/g, "font-family: 'Inter'");
  const viewBox = /viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"/.exec(flat);
  const naturalWidth = viewBox ? Number(viewBox[1]) : 800;
  // Twice the natural size for sharp text, never wider than MAX_PNG_WIDTH.
  const width = Math.min(MAX_PNG_WIDTH, Math.round(naturalWidth * 2));
  const image = new Resvg(flat, {
    fitTo: { mode: 'width', value: width },
    background: DIAGRAM_THEME.bg,
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
  }).render();
  const textColumns = Math.max(0, ...text.split('\n').map((l) => [...l].length));
  return {
    hash: diagramHash(src),
    png: image.asPng(),
    width: image.width,
    height: image.height,
    text: textColumns <= MAX_TEXT_COLUMNS ? text.replace(/\s+$/gm, '') : null,
    textColumns,
  };
}

export interface DiagramCacheOptions {
  /** Where PNGs (and their text versions) are kept between runs; memory only when absent. */
  dir?: string;
  /** A read-only folder of pictures drawn at build time (the Docker image's /app/diagrams). */
  prebuilt?: string;
}

/** Renders each distinct diagram once; later calls are a Map look-up. */
export class DiagramRenderer {
  private readonly memory = new Map<string, RenderedDiagram>();
  private readonly sources = new Map<string, string>();

  constructor(private readonly opts: DiagramCacheOptions = {}) {}

  /** Registers a diagram's source so it can be served by hash before it was ever drawn. */
  know(source: string): string {
    const hash = diagramHash(source);
    this.sources.set(hash, source);
    return hash;
  }

  /** The diagram for a hash registered with `know` (or drawn before); null for unknown hashes. */
  byHash(hash: string): RenderedDiagram | null {
    const hit = this.memory.get(hash);
    if (hit) return hit;
    const source = this.sources.get(hash);
    return source ? this.render(source) : null;
  }

  render(source: string): RenderedDiagram {
    const hash = diagramHash(source);
    const hit = this.memory.get(hash);
    if (hit) return hit;
    const drawn = (this.opts.prebuilt ? this.fromDisk(hash, this.opts.prebuilt) : null) ?? this.fromDisk(hash, this.opts.dir) ?? this.draw(source);
    this.memory.set(hash, drawn);
    this.sources.set(hash, source);
    return drawn;
  }

  private draw(source: string): RenderedDiagram {
    const drawn = drawDiagram(source);
    if (this.opts.dir) {
      try {
        mkdirSync(this.opts.dir, { recursive: true });
        // Write then rename: a crash never leaves half a PNG under the final name.
        const png = join(this.opts.dir, `${drawn.hash}.png`);
        writeFileSync(`${png}.tmp`, drawn.png);
        renameSync(`${png}.tmp`, png);
        writeFileSync(join(this.opts.dir, `${drawn.hash}.json`), JSON.stringify({ width: drawn.width, height: drawn.height, text: drawn.text, textColumns: drawn.textColumns }));
      } catch {
        // A read-only disk only costs a redraw after restart.
      }
    }
    return drawn;
  }

  private fromDisk(hash: string, dir: string | undefined): RenderedDiagram | null {
    if (!dir) return null;
    const png = join(dir, `${hash}.png`);
    const meta = join(dir, `${hash}.json`);
    if (!existsSync(png) || !existsSync(meta)) return null;
    try {
      const m = JSON.parse(readFileSync(meta, 'utf8')) as Omit<RenderedDiagram, 'hash' | 'png'>;
      return { hash, png: readFileSync(png), width: m.width, height: m.height, text: m.text, textColumns: m.textColumns };
    } catch {
      return null;
    }
  }
}
