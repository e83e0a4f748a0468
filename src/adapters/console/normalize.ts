/** A console line → the neutral event. The terminal's owner is one person in one channel. */
import type { InboundEvent } from '../../core/ports/inbound.js';

export const CONSOLE_USER = 'console:local';
export const CONSOLE_CHANNEL = 'console:local';
const actor = { userKey: CONSOLE_USER, displayName: 'you' };
const place = { scope: 'console', channelKey: CONSOLE_CHANNEL, channelRef: 'local' };

export const commandEvent = (text: string): InboundEvent => ({ kind: 'command', platform: 'console', actor, place, text });
export const namedEvent = (name: string, options: Record<string, unknown>): InboundEvent => ({ kind: 'command', platform: 'console', actor, place, name, options });
export const homeEvent = (): InboundEvent => ({ kind: 'home', platform: 'console', actor, place });

/** `quit`, `exit`, `QUIT`, `/aws quit` … */
export function isQuit(line: string): boolean {
  const words = line.trim().toLowerCase().split(/\s+/);
  if (words[0] === '/aws' || words[0] === 'aws') words.shift();
  return words.length === 1 && (words[0] === 'quit' || words[0] === 'exit');
}

/** `write` or `write <id>` without an answer: the answer follows on the next lines, up to a lone `.`. */
export function startsWrite(line: string): { id?: string } | null {
  const words = line.trim().split(/\s+/);
  if (words[0] === '/aws' || words[0] === 'aws') words.shift();
  if (words[0]?.toLowerCase() !== 'write' || words.length > 2) return null;
  return words[1] ? { id: words[1] } : {};
}
