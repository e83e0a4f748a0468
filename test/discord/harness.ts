/**
 * A running bot against the loopback fake: the real discord.js Client (REST
 * and gateway pointed at the fake), a fresh in-memory store and the fixture
 * bank, plus helpers to send interactions and read the bot's answers.
 */
import { REST, type APIEmbed, type APIMessage } from 'discord.js';
import { createDiscordBot, type DiscordBot } from '../../src/adapters/discord/client.js';
import { registerCommands } from '../../src/adapters/discord/register-commands.js';
import { FakeDiscord, type RecordedCall } from '../fakes/discord.js';
import {
  autocomplete,
  buttonPress,
  MANAGE_CHANNELS_PERMISSIONS,
  MEMBER_PERMISSIONS,
  slashCommand,
  type Invoker,
  type OptionValues,
} from '../fakes/discord-payloads.js';
import { makeDeps } from '../support/core.js';

export const alice: Invoker = { userId: '610000000000000001', username: 'alice', permissions: MEMBER_PERMISSIONS };
export const bob: Invoker = { userId: '620000000000000002', username: 'bob', permissions: MEMBER_PERMISSIONS };
export const carol: Invoker = { userId: '630000000000000003', username: 'carol', permissions: MANAGE_CHANNELS_PERMISSIONS };

export interface CallbackBody {
  type: number;
  data?: { embeds?: APIEmbed[]; components?: { components: { custom_id: string; label: string; style: number }[] }[]; flags?: number; choices?: { name: string; value: string }[] };
}

export interface Harness {
  fake: FakeDiscord;
  bot: DiscordBot;
  deps: ReturnType<typeof makeDeps>;
  command(who: Invoker, name: string, subcommand: string, options?: OptionValues): Promise<{ call: RecordedCall; body: CallbackBody; id: string }>;
  press(who: Invoker, customId: string, on: APIMessage): Promise<{ call: RecordedCall; body: CallbackBody; id: string }>;
  complete(who: Invoker, name: string, subcommand: string, options: OptionValues, focused: string): Promise<CallbackBody>;
  /** The message an interaction's first response created (or updated). */
  original(interactionId: string): APIMessage;
  stop(): Promise<void>;
}

export async function startHarness(opts: { deferAfterMs?: number } = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const deps = makeDeps();
  const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
  await registerCommands({ rest, applicationId: fake.ids.applicationId, guildId: fake.ids.guildId });
  const bot = createDiscordBot({
    config: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
    deps,
    logger: deps.logger,
    ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}),
    rest: { retries: 0 },
  });
  await bot.start();
  const commandId = (name: string) => fake.state.commandId(name, fake.ids.guildId);

  async function send(payload: { id: string; token: string }) {
    const since = fake.calls.length;
    fake.sendInteraction(payload);
    const call = await fake.callbackFor(payload.id, since);
    return { call, body: call.body as CallbackBody, id: payload.id };
  }

  return {
    fake,
    bot,
    deps,
    command: (who, name, subcommand, options = {}) => send(slashCommand(fake.ids, who, { id: commandId(name), name, subcommand, options })),
    press: (who, customId, on) => send(buttonPress(fake.ids, who, customId, on)),
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
    },
  };
}

export function buttonsOf(body: CallbackBody): { custom_id: string; label: string; style: number }[] {
  return (body.data?.components ?? []).flatMap((row) => row.components);
}

export function embedText(embeds: APIEmbed[] | undefined): string {
  return (embeds ?? []).map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text].filter(Boolean).join('\n')).join('\n');
}
