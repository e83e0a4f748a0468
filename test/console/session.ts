/**
 * A console session in-process: runConsole (the real adapter) with PassThrough
 * streams, the core's real inbound port over an in-memory store, and the real
 * diagram renderer. Lines are written to stdin; the session ends on `quit` or
 * when the input ends.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { PLAIN_STYLE, type ConsoleStyle } from '../../src/adapters/console/render.js';
import { runConsole } from '../../src/adapters/console/transport.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { makeDeps, type TestDeps } from '../support/core.js';

export interface SessionOptions {
  deps?: TestDeps;
  style?: ConsoleStyle;
  /** Leave stdin open after the lines (the session must then end by itself, e.g. on `quit`). */
  keepOpen?: boolean;
}

export interface Session {
  out: string;
  deps: TestDeps;
  filesDir: string;
  /** Whether stdin was still open when the session ended. */
  inputOpen: boolean;
}

export async function consoleSession(lines: string[], opts: SessionOptions = {}): Promise<Session> {
  const deps = opts.deps ?? makeDeps();
  const filesDir = mkdtempSync(join(tmpdir(), 'console-files-'));
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString()));
  const done = runConsole({ inbound: createInbound(deps), input, output, style: opts.style ?? PLAIN_STYLE, diagrams: new DiagramRenderer(), filesDir });
  const text = lines.map((l) => `${l}\n`).join('');
  if (opts.keepOpen) input.write(text);
  else input.end(text);
  await done;
  const inputOpen = !input.writableEnded;
  input.destroy();
  return { out, deps, filesDir, inputOpen };
}
