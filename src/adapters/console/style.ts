/** How the terminal can show things: width, colour (never when piped or NO_COLOR), OSC 8 links. */
import type { Writable } from 'node:stream';
import type { ConsoleStyle } from './render.js';

/** Terminals known to draw OSC 8 hyperlinks (others print the URL after the text). */
const HYPERLINK_TERMINALS = ['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'WarpTerminal', 'kitty'];

export function consoleStyle(out: Writable, env: NodeJS.ProcessEnv): ConsoleStyle {
  const tty = Boolean((out as { isTTY?: boolean }).isTTY);
  const columns = (out as { columns?: number }).columns;
  const color = tty && !('NO_COLOR' in env) && env.TERM !== 'dumb';
  const hyperlinks =
    tty && (env.FORCE_HYPERLINK === '1' || HYPERLINK_TERMINALS.includes(env.TERM_PROGRAM ?? '') || Boolean(env.WT_SESSION) || Boolean(env.VTE_VERSION && Number(env.VTE_VERSION) >= 5000));
  return { width: Math.max(40, Math.min(columns ?? 100, 160)), color, hyperlinks };
}
