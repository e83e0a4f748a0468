/**
 * `npm run export -- --format md|anki [--topic T] [--out FILE]`
 * Writes the question bank as GitHub-flavoured Markdown or an Anki CSV.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadBank } from '../src/content/loader.js';
import { ankiCsv } from '../src/content/anki.js';
import { bankMarkdown } from '../src/core/markdown.js';

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run export -- --format md|anki [--topic TOPIC] [--out FILE]\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: { format: { type: 'string', default: 'md' }, topic: { type: 'string' }, out: { type: 'string' } },
  }).values;
} catch (err) {
  usage((err as Error).message);
}
const bank = loadBank();
if (args.topic && !bank.hasTopic(args.topic)) {
  usage(`Unknown topic "${args.topic}". Topics: ${bank.topics().map((t) => t.id).join(', ')}`);
}
const questions = bank.filter({ topics: args.topic ? [args.topic] : [] });
let text: string;
if (args.format === 'md') {
  const title = args.topic ? `AWS interview questions: ${bank.topicTitle(args.topic)}` : 'AWS interview questions';
  text = bankMarkdown(bank, questions, title, `${questions.length} questions with answers, analogies, examples and links. Click a question's "Show answer" to reveal it.`);
} else if (args.format === 'anki') {
  text = ankiCsv(questions);
} else {
  usage(`Unknown format "${args.format}".`);
}
if (args.out) {
  writeFileSync(args.out, text);
  process.stderr.write(`Wrote ${questions.length} questions to ${args.out}\n`);
} else {
  // `npm run export | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  process.stdout.write(text);
}
