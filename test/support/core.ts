/**
 * Builders for tests: an in-memory store, a settable clock, a small bank,
 * the platform registry with a test platform, and helpers that send events
 * through the core's single entry point (handleEvent) exactly as adapters do.
 */
import { expect } from 'vitest';
import { QuestionBank } from '../../src/core/bank.js';
import { ChatPorts } from '../../src/core/chat-ports.js';
import type { CoreDeps } from '../../src/core/context.js';
import { handleEvent } from '../../src/core/inbound/handle.js';
import { Limits } from '../../src/core/limits.js';
import { BoardCache } from '../../src/core/boards.js';
import type { Question } from '../../src/core/model.js';
import type { Clock } from '../../src/core/ports/clock.js';
import type { EventActor, EventPlace, InboundEvent, Outcome } from '../../src/core/ports/inbound.js';
import type { Logger } from '../../src/core/ports/logger.js';
import { PlatformRegistry, type PlatformInfo } from '../../src/core/ports/platform.js';
import { TOPICS } from '../../src/content/topics.js';
import { openDatabase } from '../../src/store/sqlite/open.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { consoleInfo } from '../../src/adapters/console/index.js';
import { slackInfo } from '../../src/adapters/slack/index.js';
import { discordInfo } from '../../src/adapters/discord/index.js';

export class FakeClock implements Clock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string | Date): void {
    this.t = new Date(iso);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export interface LogLine {
  level: string;
  obj: object;
  msg?: string;
}

export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function fixtureQuestion(id: string, topic: string, level: Question['level'] = 'associate'): Question {
  return {
    id,
    topic,
    level,
    question: `What is ${id}?`,
    answer: `${id} is a test answer. It has two sentences.`,
    eli5: `Like a ${id} in a toy box.`,
    example: `A shop uses ${id} for its orders.`,
    followups: ['What next?'],
    links: [
      { title: 'Docs page', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html', type: 'docs' },
      { title: 'Video search', url: 'https://www.youtube.com/results?search_query=aws+vpc', type: 'video' },
    ],
    tags: ['test'],
  };
}

export function fixtureBank(): QuestionBank {
  return new QuestionBank(
    [
      fixtureQuestion('vpc-basics', 'networking'),
      fixtureQuestion('vpc-peering-edge', 'networking', 'professional'),
      fixtureQuestion('iam-roles', 'iam'),
      fixtureQuestion('iam-boundaries', 'iam', 'lead'),
      fixtureQuestion('s3-versioning', 'storage'),
    ],
    TOPICS,
    'test-bank',
  );
}

/** A platform for core tests: every capability, `/t` commands; admins are actors with `facts.admin`. */
export const testInfo: PlatformInfo = {
  id: 'test',
  label: 'Test',
  capabilities: { dm: true, forms: true, files: true, editInPlace: true, threads: true, ephemeral: true },
  adminsAre: 'test admins',
  invocation: (command) => command,
  parseMention: (mention) => (/^@[a-z]+$/.test(mention) ? `test:${mention.slice(1)}` : null),
};

export type TestDeps = CoreDeps & { store: SqliteStore; clock: FakeClock; logger: ReturnType<typeof memoryLogger> };

export function makeDeps(opts: { now?: string; bank?: QuestionBank; dbPath?: string; defaultZone?: string; commandsPerMinute?: number; publicCooldownSeconds?: number } = {}): TestDeps {
  const db = openDatabase(opts.dbPath ?? ':memory:');
  const clock = new FakeClock(new Date(opts.now ?? '2026-03-10T12:00:00Z'));
  const platforms = new PlatformRegistry();
  const admin = { isAdmin: async (actor: EventActor) => actor.facts?.admin === true };
  for (const info of [testInfo, consoleInfo, slackInfo, discordInfo]) platforms.register(info, admin);
  return {
    store: new SqliteStore(db),
    bank: opts.bank ?? fixtureBank(),
    clock,
    logger: memoryLogger(),
    platforms,
    defaultZone: opts.defaultZone ?? 'UTC',
    chat: new ChatPorts(),
    // Generous by default: only the limit tests meet the limits.
    limits: new Limits({ commandsPerMinute: opts.commandsPerMinute ?? 10_000, publicCooldownSeconds: opts.publicCooldownSeconds ?? 0 }, clock),
    boards: new BoardCache(),
  };
}

export interface Who {
  /** The user key (default `test:alice`). */
  user?: string;
  name?: string | null;
  admin?: boolean;
  platform?: string;
  place?: Partial<EventPlace>;
}

const actorOf = (w: Who): EventActor => ({ userKey: w.user ?? 'test:alice', displayName: w.name === undefined ? 'alice' : w.name, facts: { admin: w.admin ?? false } });
const placeOf = (w: Who): EventPlace => ({ scope: 'test:S1', channelKey: 'test:C1', channelRef: 'C1', ...w.place });

export const textEvent = (text: string, w: Who = {}): InboundEvent => ({ kind: 'command', platform: w.platform ?? 'test', actor: actorOf(w), place: placeOf(w), text });
export const buttonEvent = (actionId: string, w: Who = {}, onPrivateMessage = true): InboundEvent => ({
  kind: 'button',
  platform: w.platform ?? 'test',
  actor: actorOf(w),
  place: placeOf(w),
  actionId,
  onPrivateMessage,
});
export const formEvent = (formId: string, values: Record<string, string>, w: Who = {}): InboundEvent => ({
  kind: 'form',
  platform: w.platform ?? 'test',
  actor: actorOf(w),
  place: placeOf(w),
  formId,
  values,
});

/** A typed command (`question iam`), as a text platform sends it. */
export const run = (deps: CoreDeps, text: string, w: Who = {}): Promise<Outcome> => handleEvent(textEvent(text, w), deps);
/** A command by name with typed options, as Discord sends it. */
export const runNamed = (deps: CoreDeps, name: string, options: Record<string, unknown>, w: Who = {}): Promise<Outcome> =>
  handleEvent({ kind: 'command', platform: w.platform ?? 'test', actor: actorOf(w), place: placeOf(w), name, options }, deps);
/** A button press. */
export const press = (deps: CoreDeps, actionId: string, w: Who = {}, onPrivateMessage = true): Promise<Outcome> => handleEvent(buttonEvent(actionId, w, onPrivateMessage), deps);
/** A submitted form. */
export const submit = (deps: CoreDeps, formId: string, values: Record<string, string>, w: Who = {}): Promise<Outcome> => handleEvent(formEvent(formId, values, w), deps);

/** Every row count, to prove that a rejected input changed nothing. */
export function tableCounts(store: SqliteStore): Record<string, number> {
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (store.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

/**
 * Runs `input` and checks the contract for bad input: a private user_error
 * whose text matches `expected`, and not one row changed anywhere.
 */
export async function expectRejectedUnchanged(deps: { store: SqliteStore }, input: () => Promise<Outcome>, expected: RegExp): Promise<void> {
  const before = tableCounts(deps.store);
  const r = await input();
  expect(r.status).toBe('user_error');
  expect(r.delivery).toBe('private');
  expect(r.reply.fallbackText).toMatch(expected);
  expect(tableCounts(deps.store)).toEqual(before);
}
