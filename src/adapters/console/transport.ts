/**
 * The terminal: the same commands as Slack's `/aws`, typed or piped in.
 * Lines are handled strictly in order, so `printf 'question\nanswer\nknew\n'
 * | npm start` behaves like a person. On a TTY: a prompt, readline history
 * (kept in ./data/console-history), tab completion of commands, topics and
 * question ids, colour and clickable links. `write` reads the answer from the
 * following lines up to a line holding only `.` (or the end of input).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Reply } from '../../core/messages.js';
import type { DiagramRenderer } from '../../diagrams/render.js';
import type { InboundPort } from '../contract.js';
import { commandEvent, homeEvent, isQuit, namedEvent, startsWrite } from './normalize.js';
import { renderConsole, type ConsoleStyle, type DiagramView } from './render.js';

export interface ConsoleOptions {
  inbound: InboundPort;
  input: Readable;
  output: Writable;
  style: ConsoleStyle;
  diagrams: DiagramRenderer;
  /** Where files the bot hands over (exports, diagram PNGs) are written. */
  filesDir?: string;
  /** Readline history file (TTY only); none when absent. */
  historyFile?: string;
}

const HISTORY_SIZE = 500;

export function isInteractive(input: Readable): boolean {
  return Boolean((input as { isTTY?: boolean }).isTTY);
}

/** Runs until the input ends (EOF / Ctrl-D) or `quit`; resolves when done. */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const { inbound, input, output, style } = opts;
  const files = resolve(opts.filesDir ?? 'exports');
  const print = (text: string) => output.write(`${text}\n`);
  const interactive = isInteractive(input);
  const show = async (reply: Reply) => {
    // A diagram not drawn yet needs the drawing libraries, loaded on first use (see diagrams/render.ts).
    await opts.diagrams.prepare(reply.blocks.flatMap((b) => (b.kind === 'diagram' ? [b.source] : [])));
    print(renderConsole(reply, style, diagramViews(reply, opts.diagrams, style, files)));
  };

  print('AWS interview practice — console mode. Type "help" for commands, "quit" to leave.\n');
  const home = await inbound.handle(homeEvent());
  await show(home.reply);

  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    historySize: HISTORY_SIZE,
    completer: (line: string) => [inbound.completeLine(line), line],
  });
  if (interactive) loadHistory(rl, opts.historyFile);
  if (interactive) rl.setPrompt('aws> ');
  rl.prompt?.();
  let writing: { id?: string; lines: string[] } | null = null;
  const submitWrite = async (w: { id?: string; lines: string[] }) => {
    const outcome = await inbound.handle(namedEvent('write', { ...(w.id ? { id: w.id } : {}), text: w.lines.join('\n') }));
    await show(outcome.reply);
  };
  for await (const raw of rl) {
    if (writing) {
      if (raw.trim() === '.') {
        const w = writing;
        writing = null;
        await submitWrite(w);
        if (interactive) rl.setPrompt('aws> ');
      } else writing.lines.push(raw);
      if (interactive) rl.prompt();
      continue;
    }
    const line = raw.trim();
    if (isQuit(line)) break;
    if (line !== '') {
      saveHistory(opts.historyFile, line, interactive);
      const write = startsWrite(line);
      if (write) {
        writing = { ...write, lines: [] };
        print('Write your answer; end with a line holding only "." (or Ctrl-D).');
        if (interactive) rl.setPrompt('… ');
      } else {
        const outcome = await inbound.handle(commandEvent(line));
        await show(outcome.reply);
        const file = outcome.reply.attachment;
        if (file) {
          mkdirSync(files, { recursive: true });
          const path = join(files, file.filename.replace(/[^\w.-]/g, '_'));
          writeFileSync(path, file.content);
          print(`Saved ${path}`);
        }
      }
    }
    if (interactive) rl.prompt();
  }
  // End of input while writing submits what was written.
  if (writing && (writing as { lines: string[] }).lines.length > 0) await submitWrite(writing);
  rl.close();
}

/** Each diagram in a reply as text when it fits the terminal, else as a PNG written under exports/diagrams/. */
function diagramViews(reply: Reply, renderer: DiagramRenderer, style: ConsoleStyle, files: string): Map<string, DiagramView> {
  const views = new Map<string, DiagramView>();
  for (const b of reply.blocks) {
    if (b.kind !== 'diagram' || views.has(b.source)) continue;
    try {
      const drawn = renderer.render(b.source);
      if (drawn.text && drawn.textColumns <= style.width) views.set(b.source, { text: drawn.text });
      else {
        const dir = join(files, 'diagrams');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `${drawn.hash}.png`);
        if (!existsSync(path)) writeFileSync(path, drawn.png);
        views.set(b.source, { pngPath: path });
      }
    } catch {
      // A diagram that cannot be drawn is left out; content:check keeps the bank free of them.
    }
  }
  return views;
}

function loadHistory(rl: Interface, file: string | undefined): void {
  if (!file || !existsSync(file)) return;
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE);
    (rl as unknown as { history: string[] }).history = lines.reverse();
  } catch {
    // History is a convenience; an unreadable file is ignored.
  }
}

function saveHistory(file: string | undefined, line: string, interactive: boolean): void {
  if (!file || !interactive) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${line}\n`);
  } catch {
    // Not worth interrupting practice for.
  }
}
