/**
 * A bot process for test/slack/durable-inbox.test.ts: the Slack platform
 * module started exactly as the composition root starts it
 * (slackPlatform.start: listen in HTTP mode, then recover() what an earlier
 * process accepted but did not finish), on the core's InboundPort, with the
 * configuration from the environment (the fake's SLACK_API_URL, PORT,
 * DATABASE_PATH on a temp SQLite file). Logs are pino JSON lines on stderr.
 * With WAIT_FOR_START=1 it loads its code, then waits for a line on stdin
 * before opening the database: a restart that is ready the moment the
 * previous process dies.
 *
 * Not compose(): that would also load discord.js and the diagram renderer,
 * which a Slack-only process never uses here and which double its start-up
 * time. The bank is one question: grading is what the test does.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { AdapterHost } from '../../../src/adapters/contract.js';
import { slackPlatform } from '../../../src/adapters/slack/index.js';
import { TOPICS } from '../../../src/content/topics.js';
import { loadConfig } from '../../../src/config.js';
import { QuestionBank } from '../../../src/core/bank.js';
import { ChatPorts } from '../../../src/core/chat-ports.js';
import { BoardCache } from '../../../src/core/boards.js';
import type { CoreDeps } from '../../../src/core/context.js';
import { createInbound } from '../../../src/core/inbound/port.js';
import { Limits } from '../../../src/core/limits.js';
import { PlatformRegistry } from '../../../src/core/ports/platform.js';
import type { DiagramRenderer } from '../../../src/diagrams/render.js';
import { systemClock } from '../../../src/ops/clock.js';
import { createLogger } from '../../../src/ops/logger.js';
import { openStore } from '../../../src/store/open.js';

const config = loadConfig(process.env);
const logger = createLogger({ level: 'info' });
if (process.env.WAIT_FOR_START === '1') {
  logger.info({}, 'child loaded');
  await once(createInterface({ input: process.stdin }), 'line');
}
const opened = await openStore(config, logger);
const bank = new QuestionBank(
  [
    {
      id: 'vpc-basics',
      topic: 'networking',
      level: 'associate',
      question: 'What is a VPC?',
      answer: 'A logically isolated network in AWS.',
      eli5: 'Like your own fenced garden.',
      example: 'A shop runs its servers in private subnets.',
      followups: [],
      links: [{ title: 'Docs', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html', type: 'docs' }],
      tags: [],
    },
  ],
  TOPICS,
);
const platforms = new PlatformRegistry();
const chat = new ChatPorts();
const deps: CoreDeps = {
  store: opened.store,
  bank,
  clock: systemClock,
  logger,
  platforms,
  defaultZone: config.DEFAULT_TIMEZONE,
  chat,
  limits: new Limits({ commandsPerMinute: config.COMMANDS_PER_MINUTE, publicCooldownSeconds: config.PUBLIC_COOLDOWN_SECONDS }, systemClock),
  boards: new BoardCache(),
};
const unused = (): never => {
  throw new Error('no diagrams in this test');
};
const host: AdapterHost = {
  config,
  role: 'main',
  logger,
  inbound: createInbound(deps),
  diagrams: { know: unused, byHash: unused, render: unused } as unknown as DiagramRenderer,
  registerHealth: () => undefined,
  rateLimited: () => undefined,
  track: (work) => work,
  vault: null,
  workspaces: { installed: async () => undefined, removed: async () => undefined },
  clock: systemClock,
  stdin: process.stdin,
  stdout: process.stdout,
};
platforms.register(slackPlatform.info);
const running = await slackPlatform.start(host);
platforms.register(slackPlatform.info, running.directory);
if (running.chatPort) chat.add(running.chatPort);
logger.info({}, 'child ready');
process.once('SIGTERM', () => {
  void running
    .stop()
    .then(() => opened.close())
    .then(() => process.exit(0));
});
