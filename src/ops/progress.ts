/**
 * A one-line progress indicator for long scripts (content:links, export,
 * backup, benchmark seeding) — only on a terminal; piped output and logs stay
 * clean.
 */
import type { Writable } from 'node:stream';

export interface Progress {
  tick(done: number): void;
  done(message?: string): void;
}

export function progress(label: string, total: number, out: Writable = process.stderr): Progress {
  const tty = Boolean((out as { isTTY?: boolean }).isTTY) && !process.env.CI;
  let last = -1;
  const draw = (done: number) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    out.write(`\r${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
  };
  return {
    tick(done: number) {
      if (!tty) return;
      // Redraw at most once per percent: cheap for 100,000-row seeding.
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      draw(done);
    },
    done(message?: string) {
      if (tty) out.write(`\r${' '.repeat(label.length + 40)}\r`);
      if (message) out.write(`${message}\n`);
    },
  };
}
