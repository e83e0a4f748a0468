/**
 * Just enough of a Dockerfile parser for the production-build test: stages
 * (FROM images with the global ARG defaults filled in), their instructions
 * (continuation lines joined, comments dropped), COPY sources and
 * destinations, ENV pairs, and exec-form (JSON) commands.
 */
import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export interface Copy {
  from: string | null;
  sources: string[];
  dest: string;
}

export function parseDockerfile(path: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: Stage[] = [];
  // `ARG NAME=default` before the first FROM may be used in FROM lines (build-time overrides aside).
  const globalArgs: Record<string, string> = {};
  const expand = (text: string) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => globalArgs[(a ?? b)!] ?? whole);
  for (const line of logical) {
    const m = /^(\S+)\s+(.*)$/s.exec(line);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (keyword === 'ARG' && stages.length === 0) {
      const arg = /^(\w+)(?:=(\S*))?$/.exec(args);
      if (arg) globalArgs[arg[1]!] = arg[2] ?? '';
    } else if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ image: expand(from?.[1] ?? args), name: from?.[2] ?? String(stages.length), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword, args });
    }
  }
  return stages;
}

export const all = (stage: Stage, keyword: string): string[] =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

export const last = (stage: Stage, keyword: string): string | undefined => all(stage, keyword).at(-1);

export function copies(stage: Stage): Copy[] {
  return all(stage, 'COPY').map((args) => {
    const words = args.split(/\s+/);
    const flags = words.filter((w) => w.startsWith('--'));
    const paths = words.filter((w) => !w.startsWith('--'));
    const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
    return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
  });
}

/** ENV KEY=value KEY2="value two" (the legacy `ENV KEY value` form is not used here). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of all(stage, 'ENV')) {
    for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) env[m[1]!] = m[3] ?? m[2]!;
  }
  return env;
}

/** `CMD ["node", "x.js"]` → ['node', 'x.js']; throws on the shell form, which would not forward SIGTERM to node. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`not an exec-form command: ${args}`);
  return parsed;
}

/** Paths relative to a WORKDIR: `./dist` and `/app/dist` (with WORKDIR /app) both → `dist`. */
export function relativeTo(workdir: string, path: string): string {
  const p = path.replace(/\/+$/, '');
  if (p.startsWith('/')) {
    if (!p.startsWith(`${workdir}/`)) throw new Error(`${path} is outside WORKDIR ${workdir}`);
    return p.slice(workdir.length + 1);
  }
  return p.replace(/^\.\//, '') || '.';
}
