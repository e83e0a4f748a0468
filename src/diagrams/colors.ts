/**
 * beautiful-mermaid styles its SVG with CSS custom properties and
 * `color-mix()`, which resvg ignores (every shape comes out black). This
 * resolves them to concrete hex colours before rasterising: it reads the
 * SVG's own `--name: expression;` declarations, evaluates `var()` (with
 * fallbacks), `color-mix(in srgb, A p%, B)` and hex colours, and replaces
 * every `var(--…)` use. Anything it cannot evaluate is an error, so a
 * library change shows up in `content:check`, not as a black picture.
 */

type Env = Map<string, string>;

function parseHex(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

const toHex = (rgb: number[]): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** Splits on commas that are not inside parentheses. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** The text inside the parentheses that open at `open`, or null when they never close. */
function inner(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

export function evaluateColor(expr: string, env: Env, depth = 0): string {
  if (depth > 20) throw new Error(`colour expression nests too deeply: ${expr.slice(0, 60)}`);
  const e = expr.trim();
  if (parseHex(e)) return e.toLowerCase();
  if (e.startsWith('var(')) {
    const body = inner(e, 3);
    if (body === null) throw new Error(`unclosed var(): ${e.slice(0, 60)}`);
    const [name, ...fallback] = splitArgs(body);
    const value = env.get(name!);
    if (value !== undefined) return evaluateColor(value, env, depth + 1);
    if (fallback.length > 0) return evaluateColor(fallback.join(','), env, depth + 1);
    throw new Error(`undefined CSS variable ${name}`);
  }
  if (e.startsWith('color-mix(')) {
    const body = inner(e, 9);
    if (body === null) throw new Error(`unclosed color-mix(): ${e.slice(0, 60)}`);
    const [space, a, b] = splitArgs(body);
    if (space !== 'in srgb' || !a || !b) throw new Error(`unsupported color-mix: ${e.slice(0, 80)}`);
    const pa = /^(.*?)\s+(\d+(?:\.\d+)?)%$/.exec(a);
    const pb = /^(.*?)\s+(\d+(?:\.\d+)?)%$/.exec(b);
    const colorA = evaluateColor(pa ? pa[1]! : a, env, depth + 1);
    const colorB = evaluateColor(pb ? pb[1]! : b, env, depth + 1);
    const wa = pa ? Number(pa[2]) / 100 : pb ? 1 - Number(pb[2]) / 100 : 0.5;
    const [ra, rb] = [parseHex(colorA)!, parseHex(colorB)!];
    return toHex(ra.map((c, i) => c * wa + rb[i]! * (1 - wa)));
  }
  throw new Error(`cannot evaluate colour "${e.slice(0, 60)}"`);
}

/** Custom properties declared in the SVG (root style attribute and <style> rules). */
function declarations(svg: string): Env {
  const env: Env = new Map();
  for (const m of svg.matchAll(/(--[\w-]+)\s*:\s*([^;}"]+)/g)) env.set(m[1]!, m[2]!.trim());
  return env;
}

/** Returns the SVG with every `var(--…)` replaced by a hex colour and the custom-property declarations removed. */
export function resolveCssColors(svg: string): string {
  const env = declarations(svg);
  const cache = new Map<string, string>();
  const value = (name: string, fallback?: string) => {
    const key = `${name}|${fallback ?? ''}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = evaluateColor(fallback ? `var(${name}, ${fallback})` : `var(${name})`, env);
      cache.set(key, v);
    }
    return v;
  };
  // Uses in attributes are simple var(--name) references.
  let out = svg.replace(/var\((--[\w-]+)\)/g, (_m, name: string) => value(name));
  // Drop the declarations themselves (they still hold var()/color-mix text) and the remote font import.
  out = out.replace(/@import url\([^)]*\);?/g, '').replace(/(--[\w-]+)\s*:\s*[^;}"]+;?/g, '');
  if (/var\(|color-mix\(/.test(out)) throw new Error('unresolved CSS colour left in the SVG');
  return out;
}
