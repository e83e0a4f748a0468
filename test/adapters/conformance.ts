/**
 * The adapter conformance suite: what every platform must do, driven as a
 * person would drive it. Each platform's test supplies a Driver; the in-memory
 * platform (memory/platform.ts) passes the same suite as Slack, Discord and
 * the console, which is the proof that a platform is an addition.
 */
import { describe, expect, it } from 'vitest';

export interface Driver {
  /** Types a command; returns the visible text of the answer. */
  command(text: string, who?: { user?: string; admin?: boolean }): Promise<string>;
  /** Presses the button with this label on the latest message that shows it. */
  press(label: string, who?: { user?: string }): Promise<string>;
  /** Everything the bot posted on its own in the channel (daily posts), as text. */
  posts(): Promise<string[]>;
  /** Moves the clock and lets the jobs' minute tick run. */
  tickAt(iso: string): Promise<void>;
  stop(): Promise<void>;
}

/** The clock starts here; the daily post is due the next morning. */
export const START = '2026-03-10T12:00:00Z';

export function conformance(platform: string, start: () => Promise<Driver>): void {
  const session = (fn: (d: Driver) => Promise<void>) => async () => {
    const d = await start();
    try {
      await fn(d);
    } finally {
      await d.stop();
    }
  };

  describe(`adapter conformance — ${platform}`, () => {
    it('question → reveal → grade → streak', session(async (d) => {
      expect(await d.command('question')).toContain('AWS interview question');
      const answer = await d.press('Reveal answer');
      expect(answer).toContain('Like I’m five');
      expect(await d.press('Knew it')).toContain('1-day streak');
      expect(await d.command('streak')).toMatch(/Current streak:? ?\W*1 day/);
    }));

    it('bad input gets a clear private answer', session(async (d) => {
      expect(await d.command('frobnicate')).toContain('I don\'t know the command "frobnicate"');
      expect(await d.command('timezone Mars/Base')).toContain('is not a time zone I know');
    }));

    it('a daily post goes out once, on the channel’s schedule', session(async (d) => {
      expect(await d.command('subscribe 09:00 UTC', { admin: true })).toContain('This channel gets a daily question at 09:00 UTC');
      await d.tickAt('2026-03-11T08:59:00Z');
      expect(await d.posts()).toEqual([]);
      await d.tickAt('2026-03-11T09:00:00Z');
      await d.tickAt('2026-03-11T09:01:00Z');
      const posts = await d.posts();
      expect(posts.length).toBe(1);
      expect(posts[0]).toContain("Today's AWS interview question");
    }));
  });
}
