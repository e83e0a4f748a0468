/**
 * Discord passes the conformance suite: the real Discord adapter (discord.js
 * on the gateway, interactions answered over REST) composed as in production,
 * against the loopback fake Discord. Typed text becomes the slash command
 * Discord would send (options in their declared order); what a person sees
 * is the embeds and text of the bot's answers.
 */
import { REST, type APIEmbed, type APIMessage } from 'discord.js';
import { discordPlatform } from '../../src/adapters/discord/index.js';
import { findCommand } from '../../src/core/commands/registry.js';
import { registerCommands } from '../../scripts/discord-register.js';
import { FakeDiscord } from '../fakes/discord.js';
import { buttonPress, MANAGE_CHANNELS_PERMISSIONS, MEMBER_PERMISSIONS, slashCommand, type Invoker } from '../fakes/discord-payloads.js';
import { conformance, type Driver } from './conformance.js';
import { composeWith } from './harness.js';

interface MessageData {
  content?: string;
  embeds?: APIEmbed[];
  components?: { components: { custom_id?: string; label?: string }[] }[];
}

const textOf = (m: MessageData): string =>
  [m.content, ...(m.embeds ?? []).flatMap((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text])].filter(Boolean).join('\n');

const buttonsOf = (m: MessageData) => (m.components ?? []).flatMap((row) => row.components).filter((b) => b.custom_id && b.label);

conformance('discord', async (): Promise<Driver> => {
  const fake = await FakeDiscord.start();
  await registerCommands({ rest: new REST({ api: fake.apiUrl }).setToken(fake.token), applicationId: fake.ids.applicationId, guildId: fake.ids.guildId });
  const bot = await composeWith([discordPlatform], { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.applicationId, DISCORD_API_URL: fake.apiUrl });
  const person = (admin = false): Invoker => ({ userId: '610000000000000001', username: 'ada', permissions: admin ? MANAGE_CHANNELS_PERMISSIONS : MEMBER_PERMISSIONS });
  /** What the person has on screen, newest last: the answers with their message ids. */
  const seen: { data: MessageData; message: APIMessage }[] = [];

  /** Sends an interaction; the answer is its callback, or (deferred) the follow-up edit of the original. */
  async function interact(payload: { id: string; token: string }): Promise<string> {
    const since = fake.calls.length;
    fake.sendInteraction(payload);
    const callback = await fake.callbackOf(payload.id, since);
    let data = (callback.data ?? {}) as MessageData;
    if (callback.type === 5 || callback.type === 6) {
      const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(`/webhooks/${fake.ids.applicationId}/${payload.token}/messages/@original`), since);
      data = edit.body as MessageData;
    }
    const originalId = fake.state.interactions.get(payload.id)?.originalId;
    const message = originalId ? fake.state.messages.get(originalId) : undefined;
    if (message) seen.push({ data, message });
    return textOf(data);
  }

  return {
    command: (text, who = {}) => {
      const [name = '', ...words] = text.split(/\s+/);
      const def = findCommand(name);
      const options: Record<string, string> = {};
      def?.options.forEach((o, i) => {
        if (words[i] !== undefined) options[o.name] = i === def.options.length - 1 ? words.slice(i).join(' ') : words[i]!;
      });
      const group = def?.adminOnly ? 'aws-admin' : 'aws';
      const id = fake.state.commandId(group, fake.ids.guildId);
      return interact(slashCommand(fake.ids, person(who.admin), { id, name: group, subcommand: name, options }));
    },
    press: (label) => {
      const on = [...seen].reverse().find((s) => buttonsOf(s.data).some((b) => b.label!.includes(label)));
      if (!on) throw new Error(`no "${label}" button on screen`);
      const button = buttonsOf(on.data).find((b) => b.label!.includes(label))!;
      return interact(buttonPress(fake.ids, person(), button.custom_id!, on.message));
    },
    posts: async () =>
      fake.calls
        .filter((c) => c.method === 'POST' && c.path === `/channels/${fake.ids.channelId}/messages` && c.status < 300)
        .map((c) => textOf(c.body as MessageData))
        .filter((t) => t.includes("Today's AWS interview question")),
    tickAt: async (iso) => {
      bot.clock.set(iso);
      await bot.tick();
    },
    stop: async () => {
      await bot.stop();
      await fake.stop();
    },
  };
});
