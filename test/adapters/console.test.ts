/** The console passes the conformance suite, driven through its real transport (piped stdin/stdout). */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { consolePlatform } from '../../src/adapters/console/index.js';
import { conformance, type Driver } from './conformance.js';
import { composeWith } from './harness.js';

conformance('console', async (): Promise<Driver> => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const nextChunk = async () => {
    const before = chunks.length;
    while (chunks.length === before) await once(stdout, 'data');
    return chunks[chunks.length - 1]!;
  };
  // The banner, then the home view with today's question.
  const greeting = (async () => {
    await nextChunk();
    await nextChunk();
  })();
  const bot = await composeWith([consolePlatform], { CONSOLE: 'on' }, { stdin, stdout });
  await greeting;
  let last = '';
  const send = async (line: string) => {
    const reply = nextChunk();
    stdin.write(`${line}\n`);
    return (last = await reply);
  };
  return {
    // One person at the terminal, who administers their own console channel.
    command: (text) => send(text),
    press: (label) => {
      // Buttons print as what to type: `type "answer" (reveal answer)` or `1 = Knew it`.
      const grade = new RegExp(`([123]) = ${label}`).exec(last);
      const typed = new RegExp(`type "([^"]+)" \\(${label.toLowerCase()}\\)`).exec(last);
      const word = grade?.[1] ?? typed?.[1];
      if (!word) throw new Error(`no "${label}" on screen:\n${last}`);
      return send(word);
    },
    posts: async () => chunks.filter((c) => c.includes("Today's AWS interview question")),
    tickAt: async (iso) => {
      bot.clock.set(iso);
      await bot.tick();
    },
    stop: async () => {
      stdin.end();
      await bot.running.done;
      await bot.stop();
    },
  };
});
