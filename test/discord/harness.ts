/**
 * A running bot against the loopback fake, wired as the composition root
 * wires it: the real discord.js Client (REST and gateway pointed at the
 * fake) from createDiscordBot, the core's InboundPort from
 * createInbound(deps), the Discord directory for admin checks, the Discord
 * chat port for channel access and posts, and a DiagramRenderer. A fresh
 * in-memory store and the fixture bank, plus helpers to send interactions
 * and read the bot's answers (interaction callbacks over REST).
 */
import { REST, type APIEmbed, type APIMessage } from 'discord.js';
import type { InboundPort } from '../../src/adapters/contract.js';
import { discordDirectory, discordInfo } from '../../src/adapters/discord/index.js';
import { createDiscordBot, type DiscordBot } from '../../src/adapters/discord/transport.js';
import type { QuestionBank } from '../../src/core/bank.js';
import { createInbound } from '../../src/core/inbound/port.js';
import { DiagramRenderer } from '../../src/diagrams/render.js';
import { registerCommands } from '../../scripts/discord-register.js';
import { FakeDiscord, type RecordedCallback, type RecordedCall } from '../fakes/discord.js';
import {
  autocomplete,
  buttonPress,
  MANAGE_CHANNELS_PERMISSIONS,
  MEMBER_PERMISSIONS,
  modalSubmit,
  slashCommand,
  type Invoker,
  type OptionValues,
} from '../fakes/discord-payloads.js';
import { makeDeps, type TestDeps } from '../support/core.js';

export const alice: Invoker = { userId: '610000000000000001', username: 'alice', permissions: MEMBER_PERMISSIONS };
export const bob: Invoker = { userId: '620000000000000002', username: 'bob', permissions: MEMBER_PERMISSIONS };
export const carol: Invoker = { userId: '630000000000000003', username: 'carol', permissions: MANAGE_CHANNELS_PERMISSIONS };

export interface CallbackBody {
  type: number;
  data?: {
    embeds?: APIEmbed[];
    components?: { type: number; components: { type: number; custom_id: string; label: string; style: number; value?: string }[] }[];
    flags?: number;
    choices?: { name: string; value: string }[];
    attachments?: { id: number; filename: string }[];
    custom_id?: string;
    title?: string;
  };
}

export interface Sent {
  /** The callback as recorded (type, data, files). */
  callback: RecordedCallback;
  /** The HTTP call of the callback. */
  call: RecordedCall;
  body: CallbackBody;
  id: string;
  token: string;
}

export interface HarnessOptions {
  deferAfterMs?: number;
  bank?: QuestionBank;
  now?: string;
  durable?: boolean;
  /** Wraps the inbound port (e.g. to hold processing). */
  inbound?: (port: InboundPort) => InboundPort;
}

export interface Harness {
  fake: FakeDiscord;
  bot: DiscordBot;
  deps: TestDeps;
  command(who: Invoker, name: string, subcommand: string, options?: OptionValues): Promise<Sent>;
  press(who: Invoker, customId: string, on: APIMessage): Promise<Sent>;
  submit(who: Invoker, customId: string, values: Record<string, string>): Promise<Sent>;
  complete(who: Invoker, name: string, subcommand: string, options: OptionValues, focused: string): Promise<CallbackBody>;
  /** Dispatches any payload and resolves with its callback. */
  send(payload: { id: string; token: string }): Promise<Sent>;
  commandId(name: string): string;
  /** The message an interaction's first response created (or updated). */
  original(interactionId: string): APIMessage;
  stop(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const deps = makeDeps({ now: opts.now, bank: opts.bank });
  const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
  await registerCommands({ rest, applicationId: fake.ids.applicationId, guildId: fake.ids.guildId });
  const core = createInbound(deps);
  const bot = createDiscordBot({
    config: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
    inbound: opts.inbound ? opts.inbound(core) : core,
    logger: deps.logger,
    diagrams: new DiagramRenderer(),
    clock: deps.clock,
    ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}),
    ...(opts.durable !== undefined ? { durable: opts.durable } : {}),
    rest: { retries: 0 },
  });
  // As compose.ts does once the adapter runs.
  deps.platforms.register(discordInfo, discordDirectory);
  deps.chat.add(bot.chatPort);
  await bot.start();
  const commandId = (name: string) => fake.state.commandId(name, fake.ids.guildId);

  async function send(payload: { id: string; token: string }): Promise<Sent> {
    const since = fake.calls.length;
    fake.sendInteraction(payload);
    const callback = await fake.callbackOf(payload.id, since);
    const call = fake.calls.slice(since).find((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`) && c.status < 300)!;
    return { callback, call, body: call.body as CallbackBody, id: payload.id, token: payload.token };
  }

  return {
    fake,
    bot,
    deps,
    send,
    commandId,
    command: (who, name, subcommand, options = {}) => send(slashCommand(fake.ids, who, { id: commandId(name), name, subcommand, options })),
    press: (who, customId, on) => send(buttonPress(fake.ids, who, customId, on)),
    submit: (who, customId, values) => send(modalSubmit(fake.ids, who, customId, values)),
    async complete(who, name, subcommand, options, focused) {
      const { body } = await send(autocomplete(fake.ids, who, { id: commandId(name), name, subcommand, options, focused }));
      return body;
    },
    original(interactionId) {
      const id = fake.state.interactions.get(interactionId)?.originalId;
      const found = id ? fake.state.messages.get(id) : undefined;
      if (!found) throw new Error(`interaction ${interactionId} created no message`);
      return found;
    },
    async stop() {
      await bot.stop();
      await fake.stop();
      deps.store.db.close();
    },
  };
}

export function buttonsOf(body: CallbackBody): { custom_id: string; label: string; style: number }[] {
  return (body.data?.components ?? []).flatMap((row) => row.components.map(({ custom_id, label, style }) => ({ custom_id, label, style })));
}

export function embedText(embeds: APIEmbed[] | undefined): string {
  return (embeds ?? []).map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text].filter(Boolean).join('\n')).join('\n');
}
