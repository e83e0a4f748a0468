/**
 * Drawing one diagram: beautiful-mermaid lays it out and draws the SVG and the
 * box-drawing text; resvg rasterises the SVG with the bundled Inter font. Kept
 * apart from render.ts because these libraries are slow to load (see there).
 */
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { renderMermaidASCII, renderMermaidSVG } from 'beautiful-mermaid';
import { resolveCssColors } from './colors.js';
import { DIAGRAM_THEME, DiagramError, diagramHash, FONT_DIR, MAX_PNG_WIDTH, MAX_TEXT_COLUMNS, type RenderedDiagram } from './spec.js';

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
