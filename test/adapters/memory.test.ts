/** The in-memory platform passes the conformance suite: a new platform is new files plus one registration line. */
import { conformance, type Driver } from './conformance.js';
import { composeWith } from './harness.js';
import { MemoryPlatform } from './memory/platform.js';

conformance('memory (a platform added in test/ only)', async (): Promise<Driver> => {
  const memory = new MemoryPlatform();
  const bot = await composeWith([memory.module]);
  return {
    command: async (text, who) => (await memory.type(text, who?.user, who?.admin)).text,
    press: async (label, who) => (await memory.press(label, who?.user)).text,
    posts: async () => memory.chat.posts.map((p) => p.text),
    tickAt: async (iso) => {
      bot.clock.set(iso);
      await bot.tick();
    },
    stop: () => bot.stop(),
  };
});
