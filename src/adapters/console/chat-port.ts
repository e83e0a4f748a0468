/**
 * The console's ChatPort: a post for a console subscription is printed in the
 * terminal, rendered like every other console reply. Writing to a terminal
 * cannot fail in a way a retry would fix, so a write error is permanent.
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { Reply } from '../../core/messages.js';
import type { ChatPort, PostOptions, PostOutcome } from '../../core/ports/chat.js';
import { renderConsole, type ConsoleStyle } from './render.js';

export class ConsoleChatPort implements ChatPort {
  readonly platform = 'console';
  private sent = 0;
  // Message ids must stay unique across restarts on one database.
  private readonly run = randomUUID().slice(0, 8);

  constructor(
    private readonly output: Writable,
    private readonly style: ConsoleStyle,
  ) {}

  async postToChannel(_channelRef: string, reply: Reply, _opts?: PostOptions): Promise<PostOutcome> {
    const text = `\n${renderConsole(reply, this.style)}\n`;
    return new Promise((resolve) => {
      this.output.write(text, (err) => {
        if (err) resolve({ ok: false, kind: 'permanent', reason: 'unknown', detail: `terminal write failed: ${err.message}` });
        else resolve({ ok: true, messageId: `console-${this.run}-${++this.sent}` });
      });
    });
  }
}
