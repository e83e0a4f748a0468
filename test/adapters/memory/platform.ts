/**
 * A whole platform in one small file, to prove that adding one is an
 * addition: it normalizes "typed text" and "pressed a button" into neutral
 * events, renders replies as plain text, posts on a clock into a list, and
 * registers itself with its capabilities. Nothing in src/ was edited for it.
 */
import type { PlatformModule } from '../../../src/adapters/contract.js';
import type { Reply } from '../../../src/core/messages.js';
import type { ChatPort, PostOptions, PostOutcome } from '../../../src/core/ports/chat.js';
import type { InboundEvent, Outcome } from '../../../src/core/ports/inbound.js';
import type { PlatformInfo } from '../../../src/core/ports/platform.js';

export interface Shown {
  delivery: string;
  text: string;
  /** Visible button labels → their opaque ids (the adapter never decodes them). */
  buttons: Map<string, string>;
}

/** Pure: a reply as text lines and its buttons. */
export function render(reply: Reply): { text: string; buttons: Map<string, string> } {
  const buttons = new Map<string, string>();
  const lines = reply.blocks.flatMap((b): string[] => {
    switch (b.kind) {
      case 'heading':
      case 'context':
      case 'code':
        return [b.text];
      case 'text':
        return [b.text.map((r) => r.text).join('')];
      case 'fields':
        return b.fields.map((f) => `${f.label}: ${f.value}`);
      case 'links':
        return b.links.map((l) => `${l.title} <${l.url}>`);
      case 'diagram':
        return ['[diagram]'];
      case 'actions':
        for (const x of b.buttons) buttons.set(x.label, x.action);
        return [`[${b.buttons.map((x) => x.label).join('] [')}]`];
    }
  });
  return { text: lines.join('\n'), buttons };
}

export const memoryInfo: PlatformInfo = {
  id: 'memory',
  label: 'Memory',
  capabilities: { dm: false, forms: false, files: true, editInPlace: false, threads: false, ephemeral: true },
  adminsAre: 'people marked admin',
  invocation: (command) => `!${command}`,
};

export class MemoryChat implements ChatPort {
  readonly platform = 'memory';
  readonly posts: { channelRef: string; text: string; key?: string }[] = [];

  async postToChannel(channelRef: string, reply: Reply, opts?: PostOptions): Promise<PostOutcome> {
    this.posts.push({ channelRef, text: render(reply).text, ...(opts?.idempotencyKey ? { key: opts.idempotencyKey } : {}) });
    return { ok: true, messageId: `m${this.posts.length}` };
  }
}

/** The transport: a person types or clicks; the answer is kept for the test to read. */
export class MemoryPlatform {
  readonly chat = new MemoryChat();
  readonly shown: Shown[] = [];
  private handle: ((e: InboundEvent) => Promise<Outcome>) | null = null;

  readonly module: PlatformModule = {
    info: memoryInfo,
    enabled: () => true,
    start: async (host) => {
      this.handle = (e) => host.inbound.handle(e);
      return {
        chatPort: this.chat,
        directory: { isAdmin: async (actor) => actor.facts?.admin === true },
        stop: async () => void (this.handle = null),
      };
    },
  };

  private event(user: string, admin: boolean): Pick<InboundEvent, 'platform' | 'actor' | 'place'> {
    return { platform: 'memory', actor: { userKey: `memory:${user}`, displayName: user, facts: { admin } }, place: { scope: 'memory:room', channelKey: 'memory:general', channelRef: 'general' } };
  }

  private async show(e: InboundEvent): Promise<Shown> {
    if (!this.handle) throw new Error('the memory platform is not running');
    const outcome = await this.handle(e);
    const shown = { delivery: outcome.delivery, ...render(outcome.reply) };
    this.shown.push(shown);
    return shown;
  }

  type(text: string, user = 'ann', admin = false): Promise<Shown> {
    return this.show({ ...this.event(user, admin), kind: 'command', text });
  }

  /** Presses the button with this label on the last message that had it. */
  press(label: string, user = 'ann'): Promise<Shown> {
    const on = [...this.shown].reverse().find((s) => s.buttons.has(label));
    if (!on) throw new Error(`no button "${label}" on screen`);
    return this.show({ ...this.event(user, false), kind: 'button', actionId: on.buttons.get(label)!, onPrivateMessage: on.delivery !== 'channel' });
  }
}
