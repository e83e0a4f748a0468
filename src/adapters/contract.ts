/**
 * What a platform adapter is, and what it gets from the composition root.
 * An adapter turns platform events into neutral InboundEvents, hands them to
 * the InboundPort, renders the Outcome natively, and offers a ChatPort for
 * posts on a clock. It never touches the store, the clock or the button-id
 * format: those stay behind the port.
 *
 * A new platform is a folder of new files (normalize, render, transport,
 * chat port, index) plus one line in registry.ts.
 */
import type { Config } from '../config.js';
import type { Choice } from '../core/inbound/complete.js';
import type { ChatPort } from '../core/ports/chat.js';
import type { InboxEntry } from '../core/ports/inbox.js';
import type { InboundEvent, Outcome, Plan } from '../core/ports/inbound.js';
import type { Logger } from '../core/ports/logger.js';
import type { PlatformDirectory, PlatformInfo } from '../core/ports/platform.js';
import type { Vault } from '../core/ports/secrets.js';
import type { CommandDefinition } from '../core/commands/types.js';
import type { DiagramRenderer } from '../diagrams/render.js';
import type { Readable, Writable } from 'node:stream';

/** The core, as adapters see it. */
export interface InboundPort {
  /** Handles one event; with `inboxId`, marks that durable-inbox entry done with the effect. */
  handle(event: InboundEvent, opts?: { inboxId?: number; recovered?: boolean }): Promise<Outcome>;
  /** How the answer will be delivered, known before running (for deferring). */
  plan(event: InboundEvent): Plan;
  /**
   * Durable acceptance: records the event before the platform is told
   * "accepted"; `duplicate` for a replayed or re-delivered interaction.
   */
  accept(event: InboundEvent, externalId: string, replyTo: unknown): Promise<{ id: number; duplicate: boolean }>;
  /** Accepted but not done (after a crash), oldest first. */
  pending(platform: string): Promise<InboxEntry[]>;
  /** Option suggestions (Discord autocomplete). */
  suggest(command: string, option: string, typed: string): Choice[];
  /** Whole-line completions (the console). */
  completeLine(line: string): string[];
  /** The command registry (to register Discord commands). */
  readonly commands: readonly CommandDefinition[];
}

/** What the composition root hands an adapter when it starts. */
export interface AdapterHost {
  config: Config;
  /** `discord-shard`: this process is one shard forked by the ShardingManager (main.ts). */
  role: 'main' | 'discord-shard';
  logger: Logger;
  inbound: InboundPort;
  diagrams: DiagramRenderer;
  /** A named health check, shown on /healthz. */
  registerHealth(name: string, check: () => { ok: boolean; detail?: string } | Promise<{ ok: boolean; detail?: string }>): void;
  /** Counts a platform's "please wait" (429) for /metrics. */
  rateLimited(platform: string, seconds: number): void;
  /** Lets shutdown wait for work in flight. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Sealed storage for per-installation secrets (null when TOKEN_ENCRYPTION_KEY is not configured). */
  vault: Vault | null;
  /** A workspace installed or removed the app (its subscriptions resume or pause). */
  workspaces: { installed(scope: string): Promise<void>; removed(scope: string): Promise<void> };
  /** The clock, for caches (never for the core's rules). */
  clock: { now(): Date };
  /** The console's streams. */
  stdin: Readable;
  stdout: Writable;
}

export interface RunningAdapter {
  /** Posts on a clock; absent for a platform that only answers. */
  chatPort?: ChatPort;
  /** Admin and profile look-ups for the core. */
  directory?: PlatformDirectory;
  /** Resolves when the adapter ends by itself (the console at end of input). */
  done?: Promise<void>;
  stop(): Promise<void>;
}

export interface PlatformModule {
  info: PlatformInfo;
  /** Whether the configuration asks for this platform (`othersEnabled`: another platform runs). */
  enabled(config: Config, othersEnabled: boolean): boolean;
  start(host: AdapterHost): Promise<RunningAdapter>;
}
