/** The running platforms' ChatPorts, found by platform id (what a subscription or user key names). */
import type { ChatPort } from './ports/chat.js';

export class ChatPorts {
  private readonly ports = new Map<string, ChatPort>();

  add(port: ChatPort): void {
    this.ports.set(port.platform, port);
  }

  get(platform: string): ChatPort | undefined {
    return this.ports.get(platform);
  }

  list(): ChatPort[] {
    return [...this.ports.values()];
  }

  get size(): number {
    return this.ports.size;
  }
}
