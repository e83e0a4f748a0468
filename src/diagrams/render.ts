/**
 * Mermaid → SVG → PNG (and → box-drawing text), in Node, without a browser:
 * beautiful-mermaid lays the diagram out and draws the SVG and the text
 * version; resvg rasterises the SVG with the bundled Inter font, so pictures
 * look the same on a laptop and in the Docker image.
 *
 * A diagram is rendered once: results are kept by content hash in memory and,
 * when a cache folder is given, on disk (a restart re-reads the PNGs instead
 * of drawing them again).
 *
 * The drawing libraries (draw.ts) take ~0.45 s to load, so they are loaded
 * only when something must be drawn: `prepare()` loads them for pictures
 * not drawn yet (`ready()` unconditionally); a process whose
 * pictures are all prebuilt or cached never does at start-up.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagramError, diagramHash, type RenderedDiagram } from './spec.js';

export * from './spec.js';

type Drawing = typeof import('./draw.js');
let drawing: Drawing | null = null;

/** Loads the drawing libraries (once); render() can then draw what is not on disk. */
export async function loadDrawing(): Promise<void> {
  drawing ??= await import('./draw.js');
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

  /** Loads the drawing libraries, so that render() can draw what no cache holds. */
  async ready(): Promise<void> {
    await loadDrawing();
  }

  /** True when every registered diagram is already drawn (prebuilt or cached): nothing needs the drawing libraries. */
  allOnDisk(): boolean {
    return [...this.sources.keys()].every((hash) => this.drawn(hash));
  }

  /**
   * Makes render() (or byHash()) of these diagrams possible: loads the drawing
   * libraries only when one of them is neither in memory nor on disk. Pass
   * sources, or `{ hash }` for a picture known only by its hash.
   */
  async prepare(diagrams: readonly (string | { hash: string })[]): Promise<void> {
    if (diagrams.some((d) => !this.drawn(typeof d === 'string' ? diagramHash(d) : d.hash))) await this.ready();
  }

  private drawn(hash: string): boolean {
    return this.memory.has(hash) || this.onDisk(hash, this.opts.prebuilt) || this.onDisk(hash, this.opts.dir);
  }

  private onDisk(hash: string, dir: string | undefined): boolean {
    return Boolean(dir) && existsSync(join(dir!, `${hash}.png`)) && existsSync(join(dir!, `${hash}.json`));
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
    if (!drawing) throw new DiagramError('the drawing libraries are not loaded yet (await renderer.ready())');
    const drawn = drawing.drawDiagram(source);
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
