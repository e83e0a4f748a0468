/**
 * `npm run export -- --format md|anki [--topic T] [--out FILE]`
 * Writes the question bank as GitHub-flavoured Markdown (diagrams as
 * ```mermaid blocks, which GitHub draws) or an Anki CSV (diagrams as PNGs
 * written beside the CSV and shown with <img>; Anki imports them as media).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ankiCsv } from '../src/content/anki.js';
import { loadBank } from '../src/content/loader.js';
import { bankMarkdown } from '../src/core/markdown.js';
import { DiagramRenderer, loadDrawing } from '../src/diagrams/render.js';
import { progress } from '../src/ops/progress.js';

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run export -- --format md|anki [--topic TOPIC] [--out FILE]\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { format: { type: 'string', default: 'md' }, topic: { type: 'string' }, out: { type: 'string' } } }).values;
} catch (err) {
  usage((err as Error).message);
}
const bank = loadBank();
if (args.topic && !bank.hasTopic(args.topic)) usage(`Unknown topic "${args.topic}". Topics: ${bank.topics().map((t) => t.id).join(', ')}`);
const questions = bank.filter({ topics: args.topic ? [args.topic] : [] });
let text: string;
let out = args.out;
if (args.format === 'md') {
  const title = args.topic ? `AWS interview questions: ${bank.topicTitle(args.topic)}` : 'AWS interview questions';
  text = bankMarkdown(bank, questions, title, `${questions.length} questions with answers, analogies, examples, diagrams and links. Click a question's "Show answer" to reveal it.`);
} else if (args.format === 'anki') {
  // The pictures need a folder: an Anki export always goes to a file.
  out ??= 'exports/aws-interview-anki.csv';
  const dir = dirname(out);
  mkdirSync(dir, { recursive: true });
  const renderer = new DiagramRenderer();
  await loadDrawing();
  const images = new Map<string, string>();
  const drawn = questions.filter((q) => q.diagram);
  const bar = progress('Drawing diagrams', drawn.length);
  drawn.forEach((q, i) => {
    const picture = renderer.render(q.diagram!);
    const name = `aws-diagram-${picture.hash}.png`;
    writeFileSync(join(dir, name), picture.png);
    images.set(q.id, name);
    bar.tick(i + 1);
  });
  bar.done();
  text = ankiCsv(questions, images);
  if (images.size) process.stderr.write(`Wrote ${images.size} diagram PNGs beside the CSV: copy them into Anki's collection.media folder before importing.\n`);
} else {
  usage(`Unknown format "${args.format}".`);
}
if (out) {
  writeFileSync(out, text);
  process.stderr.write(`Wrote ${questions.length} questions to ${out}\n`);
} else {
  // `npm run export | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  process.stdout.write(text);
}
