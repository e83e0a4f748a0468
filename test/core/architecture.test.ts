/**
 * The layering, checked on the source text:
 *   - src/core is platform-free: no platform SDK, database, scheduler, logger
 *     or node I/O module, and nothing from the layers around it;
 *   - adapters talk to the core through the inbound port only: never the
 *     store, the jobs, the button-id format (core/actions) or the Store port;
 *   - content knows no adapter;
 *   - no file over 300 lines; no import cycles.
 * Each rule is a function of (file, source text), so the checker itself is
 * tested on sample strings below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const MAX_LINES = 300;

/** Packages src/core must not import. */
const CORE_FORBIDDEN_PACKAGES = [
  /^@slack\//,
  /^discord\.js$/,
  /^@discordjs\//,
  /^better-sqlite3$/,
  /^pg$/,
  /^node-cron$/,
  /^pino(?:-.*)?$/,
  /^prom-client$/,
  /^(?:node:)?(?:fs|fs\/promises|http|https|http2|net|child_process|async_hooks)$/,
];
/** Folders of src that src/core must not import from. */
const CORE_FORBIDDEN_DIRS = ['store', 'adapters', 'jobs', 'ops', 'content', 'diagrams'];
/** What adapters must not import (paths under src). */
const ADAPTER_FORBIDDEN = [/^store\//, /^jobs\//, /^core\/actions\.ts$/, /^core\/ports\/store\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Comments that start a line (doc comments may mention imports); strings with `//` (URLs) are left alone. */
const stripComments = (source: string): string => source.replace(/^\s*\/\*[\s\S]*?\*\//gm, '').replace(/^\s*\/\/.*$/gm, '');

/** Every module specifier a source imports: static, type-only, re-exports, dynamic import() and require(). */
export function importsOf(source: string): string[] {
  const code = stripComments(source);
  const specs: string[] = [];
  const staticRe = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/g;
  const dynamicRe = /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of code.matchAll(staticRe)) specs.push(m[1]!);
  for (const m of code.matchAll(dynamicRe)) specs.push(m[1]!);
  return specs;
}

/** A relative specifier as a path under src (`core/actions.ts`), or null for a package. */
function target(fromRel: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const abs = resolve(dirname(join(SRC, fromRel)), spec).replace(/\.js$/, '.ts');
  return relative(SRC, abs).split('\\').join('/');
}

/** The layering rules broken by the imports of `source`, the file at `fromRel` (a path under src). */
export function violations(fromRel: string, source: string): string[] {
  const found: string[] = [];
  for (const spec of importsOf(source)) {
    const to = target(fromRel, spec);
    if (fromRel.startsWith('core/')) {
      if (to === null && CORE_FORBIDDEN_PACKAGES.some((p) => p.test(spec))) found.push(`${fromRel}: imports ${spec}`);
      if (to !== null && (to.startsWith('..') || CORE_FORBIDDEN_DIRS.some((d) => to.startsWith(`${d}/`)))) found.push(`${fromRel}: imports ${to}`);
    }
    if (fromRel.startsWith('adapters/') && to !== null && ADAPTER_FORBIDDEN.some((p) => p.test(to))) found.push(`${fromRel}: imports ${to}`);
    if (fromRel.startsWith('content/') && to !== null && to.startsWith('adapters/')) found.push(`${fromRel}: imports ${to}`);
  }
  return found;
}

/** Import cycles among the files of `graph` (file → the files it imports), each as a path a → … → a. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

function importGraph(files: Map<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [rel, source] of files) {
    graph.set(rel, importsOf(source).flatMap((spec) => target(rel, spec) ?? []));
  }
  return graph;
}

const files = new Map(sourceFiles(SRC).map((abs) => [relative(SRC, abs).split('\\').join('/'), readFileSync(abs, 'utf8')] as const));
const under = (dir: string) => [...files.keys()].filter((f) => f.startsWith(`${dir}/`));

describe('the layering of src', () => {
  it('has source files to check in every layer', () => {
    expect(under('core').length).toBeGreaterThan(40);
    expect(under('adapters').length).toBeGreaterThan(20);
    expect(under('content').length).toBeGreaterThan(3);
  });

  it('src/core imports no platform SDK, database, scheduler, logger or node I/O module, and nothing from the layers around it', () => {
    expect(under('core').flatMap((f) => violations(f, files.get(f)!))).toEqual([]);
  });

  it('adapters never import the store, the jobs, the button-id format or the Store port', () => {
    expect(under('adapters').flatMap((f) => violations(f, files.get(f)!))).toEqual([]);
  });

  it('content imports no adapter', () => {
    expect(under('content').flatMap((f) => violations(f, files.get(f)!))).toEqual([]);
  });

  it(`no file in src is over ${MAX_LINES} lines`, () => {
    const long = [...files].filter(([, source]) => source.split('\n').length > MAX_LINES + (source.endsWith('\n') ? 1 : 0)).map(([f, s]) => `${f}: ${s.split('\n').length} lines`);
    expect(long).toEqual([]);
  });

  it('has no import cycles (type-only imports included)', () => {
    const graph = importGraph(files);
    // Sanity: the walk sees the real edges.
    expect(graph.get('core/inbound/handle.ts')).toContain('core/inbound/commands.ts');
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });
});

describe('the checker itself', () => {
  it('finds every kind of import', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      'import {',
      '  c,',
      '  d,',
      "} from './cd.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './side-effect.js';",
      "const g = await import('./g.js');",
      "const h = require('h');",
      "/** import { no } from './in-a-comment.js'; */",
      "// import { no } from './in-a-line-comment.js';",
      "const url = 'https://example.com/x'; // import nothing",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.js', '../b.js', './cd.js', './e.js', './f.js', './side-effect.js', './g.js', 'h']);
  });

  it('catches a platform SDK, database, scheduler, logger or I/O module in core', () => {
    for (const line of [
      "import { App } from '@slack/bolt';",
      "const D = require('better-sqlite3');",
      "await import('discord.js');",
      "import pg from 'pg';",
      "import cron from 'node-cron';",
      "import pino from 'pino';",
      "import { readFileSync } from 'node:fs';",
      "import { createServer } from 'node:http';",
      "import net from 'node:net';",
      "import { spawn } from 'node:child_process';",
      "import { AsyncLocalStorage } from 'node:async_hooks';",
    ]) {
      expect(violations('core/usecases/x.ts', line), line).toHaveLength(1);
    }
    expect(violations('core/usecases/x.ts', "import { z } from 'zod';")).toEqual([]);
    expect(violations('core/usecases/x.ts', "import { createHash } from 'node:crypto';")).toEqual([]);
  });

  it('catches core importing the layers around it, but not its own files', () => {
    expect(violations('core/usecases/x.ts', "import { openDatabase } from '../../store/sqlite/open.js';")).toEqual(['core/usecases/x.ts: imports store/sqlite/open.ts']);
    for (const dir of ['adapters/slack/render', 'jobs/deliveries', 'ops/logger', 'content/loader', 'diagrams/render']) {
      expect(violations('core/x.ts', `import { y } from '../${dir}.js';`)).toHaveLength(1);
    }
    expect(violations('core/commands/x.ts', "import { bold } from '../messages.js';")).toEqual([]);
    expect(violations('core/x.ts', "import { bold } from './messages.js';")).toEqual([]);
  });

  it('catches an adapter importing the store, the jobs, the button ids or the Store port', () => {
    for (const spec of ['../../store/sqlite/store.js', '../../jobs/deliveries.js', '../../core/actions.js', '../../core/ports/store.js']) {
      expect(violations('adapters/slack/x.ts', `import type { Y } from '${spec}';`), spec).toHaveLength(1);
    }
    expect(violations('adapters/slack/x.ts', "import type { CoreInbound } from '../../core/inbound/port.js';")).toEqual([]);
    expect(violations('adapters/slack/x.ts', "import type { Outcome } from '../../core/ports/inbound.js';")).toEqual([]);
  });

  it('catches content importing an adapter', () => {
    expect(violations('content/x.ts', "import { toMrkdwn } from '../adapters/slack/mrkdwn.js';")).toHaveLength(1);
    expect(violations('content/x.ts', "import { QuestionBank } from '../core/bank.js';")).toEqual([]);
  });

  it('finds a cycle, and none in a tree', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(findCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(findCycles(new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
    expect(findCycles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts', 'a.ts']]);
  });
});
