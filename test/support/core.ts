import { expect } from 'vitest';
/** Builders for tests: an in-memory store, a settable clock, a small bank, a context. */
import { QuestionBank } from '../../src/core/bank.js';
import type { Actor, CommandContext, CoreDeps } from '../../src/core/context.js';
import type { Question } from '../../src/core/model.js';
import type { Clock, Logger } from '../../src/core/ports.js';
import { TOPICS } from '../../src/content/topics.js';
import { openDatabase } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

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
  );
}

export function makeDeps(opts: { now?: string; bank?: QuestionBank; dbPath?: string } = {}): CoreDeps & {
  store: SqliteStore;
  clock: FakeClock;
  logger: ReturnType<typeof memoryLogger>;
} {
  const db = openDatabase(opts.dbPath ?? ':memory:');
  return {
    store: new SqliteStore(db),
    bank: opts.bank ?? fixtureBank(),
    clock: new FakeClock(new Date(opts.now ?? '2026-03-10T12:00:00Z')),
    logger: memoryLogger(),
  };
}

export function makeActor(userKey = 'console:alice', admin = false, displayName: string | null = 'alice'): Actor {
  return { userKey, displayName, isAdmin: async () => admin };
}

export function makeContext(deps: CoreDeps, overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    platform: 'console',
    actor: makeActor(),
    scope: 'console',
    channelKey: 'console:local',
    channelRef: 'local',
    deps,
    ...overrides,
  };
}

/** Every row count, to prove that a rejected input changed nothing. */
export function tableCounts(store: SqliteStore): Record<string, number> {
  const tables = store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (store.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

/**
 * Runs `input` and checks the contract for bad input: a private user_error
 * whose text matches `expected`, and not one row changed anywhere.
 */
export async function expectRejectedUnchanged(
  deps: { store: SqliteStore },
  run: () => Promise<{ outcome: string; reply: { visibility: string; fallbackText: string } }>,
  expected: RegExp,
): Promise<void> {
  const before = tableCounts(deps.store);
  const r = await run();
  expect(r.outcome).toBe('user_error');
  expect(r.reply.visibility).toBe('private');
  expect(r.reply.fallbackText).toMatch(expected);
  expect(tableCounts(deps.store)).toEqual(before);
}
