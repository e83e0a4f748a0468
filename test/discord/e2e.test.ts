/**
 * End to end: the real discord.js Client against the loopback fake. Slash
 * command -> embed with Reveal; Reveal -> private answer with grade buttons;
 * grade -> the private message is updated with the streak; autocomplete;
 * admin checks at run time; a forged button id.
 */
import { ButtonStyle, GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../support/core.js';
import { alice, bob, buttonsOf, carol, embedText, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('gateway session', () => {
  it('identifies with the Guilds intent only, JSON encoding and no compression', () => {
    expect(h.fake.gateway.identifies).toEqual([{ intents: GatewayIntentBits.Guilds, compress: false, shard: [0, 1], tokenMatched: true }]);
    const query = h.fake.gateway.connectQueries[0]!;
    expect(query.get('encoding')).toBe('json');
    expect(query.has('compress')).toBe(false);
    expect(h.bot.client.guilds.cache.has(h.fake.ids.guildId)).toBe(true);
  });

  it('discovered the gateway from GET /gateway/bot on DISCORD_API_URL', () => {
    expect(h.fake.calls.some((c) => c.method === 'GET' && c.path === '/gateway/bot' && c.authorized)).toBe(true);
  });

  it('answers a heartbeat request with a heartbeat the fake acknowledges', async () => {
    const before = h.fake.gateway.heartbeats;
    await h.fake.gateway.requestHeartbeat();
    expect(h.fake.gateway.heartbeats).toBe(before + 1);
    expect(h.fake.gateway.openConnections).toBe(1);
  });
});

describe('question, reveal, grade', () => {
  it('runs the whole flow and counts a double grade once', async () => {
    const { call, body, id } = await h.command(alice, 'aws', 'question', { topic: 'networking', level: 'associate' });
    // Answered inside Discord's 3-second window, with 204 and no body from the fake.
    expect(call.status).toBe(204);
    expect(call.at - h.fake.state.interactions.get(id)!.dispatchedAt).toBeLessThan(3000);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds?.[0]).toMatchObject({ title: 'AWS interview question', description: '**What is vpc-basics?**' });
    expect(buttonsOf(body)).toEqual([{ type: 2, style: ButtonStyle.Primary, custom_id: 'reveal:vpc-basics:d', label: 'Reveal answer' }]);

    const posted = h.original(id);
    const reveal = await h.press(alice, 'reveal:vpc-basics:d', posted);
    expect(reveal.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(reveal.body.data?.flags).toBe(MessageFlags.Ephemeral);
    const answer = embedText(reveal.body.data?.embeds);
    expect(answer).toContain('vpc-basics is a test answer');
    expect(answer).toContain('**Like I’m five:**');
    expect(answer).toContain('[Docs page](https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.html)');
    expect(buttonsOf(reveal.body).map((b) => [b.custom_id, b.label])).toEqual([
      ['grade:vpc-basics:knew:d', 'Knew it'],
      ['grade:vpc-basics:partly:d', 'Partly'],
      ['grade:vpc-basics:missed:d', "Didn't know"],
    ]);

    // A double click: two presses of the same grade button arrive together; both are answered, one counts.
    const privateAnswer = h.original(reveal.id);
    const presses = await Promise.all([
      h.press(alice, 'grade:vpc-basics:knew:d', privateAnswer),
      h.press(alice, 'grade:vpc-basics:knew:d', privateAnswer),
    ]);
    for (const grade of presses) {
      expect(grade.body.type).toBe(InteractionResponseType.UpdateMessage);
      expect(embedText(grade.body.data?.embeds)).toContain('vpc-basics is a test answer'); // the answer stays readable
      expect(grade.body.data?.components).toEqual([]);
    }
    const outcomes = presses.map((p) => embedText(p.body.data?.embeds));
    expect(outcomes.filter((t) => !t.includes('already graded'))).toHaveLength(1);
    expect(outcomes.filter((t) => t.includes('already graded'))).toHaveLength(1);
    expect(outcomes.every((t) => t.includes('1-day streak'))).toBe(true);
    expect(h.deps.store.countAttempts('discord:610000000000000001')).toBe(1);
    expect(h.deps.store.getStreak('discord:610000000000000001').current).toBe(1);
  });
});

describe('autocomplete', () => {
  it('suggests topics from the bank', async () => {
    const body = await h.complete(alice, 'aws', 'question', { topic: 'net' }, 'topic');
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body.data?.choices?.[0]).toEqual({ name: 'networking — Networking (VPC) (2)', value: 'networking' });
  });

  it('suggests IANA time zones for /aws timezone and /aws-admin subscribe', async () => {
    const zone = await h.complete(alice, 'aws', 'timezone', { zone: 'berl' }, 'zone');
    expect(zone.data?.choices).toContainEqual({ name: 'Europe/Berlin', value: 'Europe/Berlin' });
    const sub = await h.complete(carol, 'aws-admin', 'subscribe', { time: '09:00', timezone: 'new y' }, 'timezone');
    expect(sub.data?.choices?.[0]).toEqual({ name: 'America/New York', value: 'America/New_York' });
    expect(sub.data!.choices!.length).toBeLessThanOrEqual(25);
  });
});

describe('admin commands', () => {
  it('refuses subscribe at run time for a member without Manage Server / Manage Channels', async () => {
    const before = tableCounts(h.deps.store);
    const { body } = await h.command(bob, 'aws-admin', 'subscribe', { time: '09:00', timezone: 'Europe/Berlin' });
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(embedText(body.data?.embeds)).toContain('Only channel admins can use `subscribe`');
    expect(tableCounts(h.deps.store)).toEqual(before);
  });

  it('lets a member with Manage Channels subscribe this channel', async () => {
    const { body } = await h.command(carol, 'aws-admin', 'subscribe', { time: '09:00', timezone: 'Europe/Berlin', days: 'mon-fri' });
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    const { guildId, channelId } = h.fake.ids;
    const sub = h.deps.store.getSubscriptionByChannel(`discord:${guildId}:${channelId}`);
    expect(sub).toMatchObject({ platform: 'discord', scope: `discord:${guildId}`, channelRef: channelId, time: '09:00', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5] });
  });

  it('does not run an admin subcommand sent under /aws', async () => {
    const before = tableCounts(h.deps.store);
    const { body } = await h.command(carol, 'aws', 'unsubscribe');
    expect(embedText(body.data?.embeds)).toContain("I don't know");
    expect(tableCounts(h.deps.store)).toEqual(before);
  });
});

describe('forged buttons', () => {
  it.each(['grade:vpc-basics:perfect', 'reveal:../../etc/passwd', 'grade:vpc-basics:knew:d:extra', 'x'.repeat(100)])(
    'answers %j with a polite private error and changes nothing',
    async (customId) => {
      const before = tableCounts(h.deps.store);
      const on = h.fake.state.createMessage(h.fake.ids.channelId, { flags: MessageFlags.Ephemeral });
      const { body } = await h.press(alice, customId, on);
      expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
      expect(embedText(body.data?.embeds)).toContain('Sorry, I did not recognise that button');
      expect(tableCounts(h.deps.store)).toEqual(before);
    },
  );
});

describe('secrets', () => {
  it('never logs the bot token', () => {
    expect(JSON.stringify(h.deps.logger.lines)).not.toContain(h.fake.token);
  });
});
