import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMermaidSVG } from 'beautiful-mermaid';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(loadDrawing);
import { evaluateColor, resolveCssColors } from '../../src/diagrams/colors.js';
import { drawDiagram } from '../../src/diagrams/draw.js';
import { countNodes, DiagramError, DiagramRenderer, loadDrawing, MAX_PNG_WIDTH } from '../../src/diagrams/render.js';

const FLOW = `flowchart TB
  NET([Internet]) --> IGW[Internet gateway]
  IGW --> NACL{{Network ACL on the subnet}}
  NACL --> SG[Security group on the ENI] --> EC2[EC2 instance]`;

/** The PNG decoded by resvg itself (an <image> at natural size): its RGBA pixels. */
async function decode(png: Buffer, width: number, height: number): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`).render().pixels;
}

/** Share of near-black pixels: resvg draws an unresolved var() colour as black. */
async function darkShare(png: Buffer, width: number, height: number): Promise<number> {
  const p = await decode(png, width, height);
  let dark = 0;
  for (let i = 0; i < p.length; i += 4) if (p[i]! + p[i + 1]! + p[i + 2]! < 60) dark++;
  return dark / (p.length / 4);
}

describe('colours: CSS custom properties and color-mix resolved for resvg', () => {
  it('evaluates var() with fallbacks and color-mix in sRGB', () => {
    const env = new Map([['--fg', '#000000'], ['--bg', '#ffffff']]);
    expect(evaluateColor('color-mix(in srgb, var(--fg) 50%, var(--bg))', env)).toBe('#808080');
    expect(evaluateColor('var(--missing, #102030)', env)).toBe('#102030');
    expect(() => evaluateColor('var(--missing)', env)).toThrow(/undefined CSS variable/);
  });

  it('leaves no var() or color-mix() in beautiful-mermaid’s SVG', () => {
    const svg = renderMermaidSVG(FLOW, { bg: '#ffffff', fg: '#1f2937' });
    expect(svg).toMatch(/color-mix\(/);
    const flat = resolveCssColors(svg);
    expect(flat).not.toMatch(/var\(|color-mix\(/);
  });
});

describe('drawing a diagram', () => {
  it('gives a PNG on a white card, at most 1,600 px wide, and a text version', async () => {
    const d = drawDiagram(FLOW);
    expect(d.png.subarray(1, 4).toString()).toBe('PNG');
    expect(d.width).toBeLessThanOrEqual(MAX_PNG_WIDTH);
    expect([...(await decode(d.png, d.width, d.height)).subarray(0, 3)]).toEqual([255, 255, 255]);
    expect(d.text).toContain('Internet gateway');
    expect(d.textColumns).toBeLessThanOrEqual(100);
  });

  it('the shapes are not black: the custom-property colours were resolved (unresolved, a fifth of the picture is black)', async () => {
    const { Resvg } = await import('@resvg/resvg-js');
    const raw = new Resvg(renderMermaidSVG(FLOW, { bg: '#ffffff', fg: '#1f2937' }), { background: '#ffffff' }).render();
    expect(await darkShare(raw.asPng(), raw.width, raw.height)).toBeGreaterThan(0.1);
    const d = drawDiagram(FLOW);
    expect(await darkShare(d.png, d.width, d.height)).toBeLessThan(0.01);
  });

  it('counts nodes of flowcharts and participants of sequence diagrams', () => {
    expect(countNodes(FLOW)).toBe(5);
    expect(countNodes('sequenceDiagram\n  participant U as User\n  U->>API: call\n  API-->>U: answer')).toBe(2);
  });

  it('refuses a diagram that is not a flowchart or sequence diagram, or does not parse, in plain words', () => {
    expect(() => drawDiagram('pie title Pets\n "Dogs" : 3')).toThrow(DiagramError);
    expect(() => drawDiagram('pie title Pets')).toThrow(/must start with "flowchart"/);
  });
});

describe('the renderer draws each diagram once', () => {
  it('caches in memory by content hash; serves known hashes only', () => {
    const r = new DiagramRenderer();
    const a = r.render(FLOW);
    expect(r.render(FLOW)).toBe(a);
    expect(r.byHash(a.hash)).toBe(a);
    expect(r.byHash('0'.repeat(20))).toBeNull();
    const other = `${FLOW}\n  EC2 --> DB[(Database)]`;
    const hash = r.know(other);
    expect(r.byHash(hash)?.text).toContain('Database');
  });

  it('keeps PNGs on disk, so a restart reads instead of drawing again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagrams-'));
    const first = new DiagramRenderer({ dir }).render(FLOW);
    expect(readdirSync(dir).sort()).toEqual([`${first.hash}.json`, `${first.hash}.png`]);
    const again = new DiagramRenderer({ dir }).render(FLOW);
    expect(again.png.equals(first.png)).toBe(true);
    expect(again.text).toBe(first.text);
  });
});
