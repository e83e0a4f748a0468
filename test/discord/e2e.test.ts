/**
 * End to end: the real discord.js Client against the loopback fake, every
 * interaction answered over REST (POST /interactions/{id}/{token}/callback).
 * Slash command → embed with Reveal; Reveal → private answer with grade
 * buttons; grade → the private message is updated in place (type 7) with the
 * answer kept; autocomplete ranked by the core (type 8); admin checks at run
 * time; forged button ids.
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

/** Row counts of everything but the durable inbox, which records every interaction by design. */
const stateCounts = () => {
  const { inbox: _inbox, ...rest } = tableCounts(h.deps.store);
  return rest;
};

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
  it('runs the whole flow over REST callbacks and counts a double grade once', async () => {
    const { call, body, id } = await h.command(alice, 'aws', 'question', { topic: 'networking', level: 'associate' });
    // Answered inside Discord's 3-second window, with 204 and no body from the fake, without the bot token.
    expect(call.status).toBe(204);
    expect(call.authorized).toBe(false);
    expect(call.at - h.fake.state.interactions.get(id)!.dispatchedAt).toBeLessThan(3000);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds?.[0]).toMatchObject({ title: 'AWS interview question', description: '**What is vpc-basics?**' });
    expect(buttonsOf(body)).toEqual([{ style: ButtonStyle.Primary, custom_id: 'reveal:vpc-basics:d', label: 'Reveal answer' }]);
    expect(body.data?.components?.[0]?.type).toBe(1);

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
      ['report:vpc-basics', '⚑ Report a problem'],
    ]);

    // A double click: two presses of the same grade button arrive together; both are answered, one counts.
    const privateAnswer = h.original(reveal.id);
    const presses = await Promise.all([h.press(alice, 'grade:vpc-basics:knew:d', privateAnswer), h.press(alice, 'grade:vpc-basics:knew:d', privateAnswer)]);
    for (const grade of presses) {
      expect(grade.body.type).toBe(InteractionResponseType.UpdateMessage);
      const text = embedText(grade.body.data?.embeds);
      // The answer stays readable, above the outcome; the grade buttons are gone.
      expect(text.indexOf('vpc-basics is a test answer')).toBeGreaterThanOrEqual(0);
      expect(text.indexOf('1-day streak')).toBeGreaterThan(text.indexOf('vpc-basics is a test answer'));
      expect(grade.body.data?.components).toEqual([]);
      // An update keeps the message's visibility: no flags are sent.
      expect(grade.body.data?.flags).toBeUndefined();
    }
    const outcomes = presses.map((p) => embedText(p.body.data?.embeds));
    expect(outcomes.filter((t) => t.includes('You already graded this question today — it counts once.'))).toHaveLength(1);
    expect(h.fake.state.messages.get(privateAnswer.id)!.components).toEqual([]);
    expect(await h.deps.store.practice.countAttempts('discord:610000000000000001')).toBe(1);
    expect((await h.deps.store.people.getStreak('discord:610000000000000001')).current).toBe(1);
  });

  it('answers privately what is private: `streak` is ephemeral, `question` is for the channel', async () => {
    const streak = await h.command(bob, 'aws', 'streak');
    expect(streak.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(streak.body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(embedText(streak.body.data?.embeds)).toContain('No streak yet');
    const question = await h.command(bob, 'aws', 'question', { topic: 'iam' });
    expect(question.body.data?.flags ?? 0).toBe(0);
  });
});

describe('autocomplete (type 8), ranked by the core', () => {
  it('suggests topics from the bank', async () => {
    const body = await h.complete(alice, 'aws', 'question', { topic: 'net' }, 'topic');
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body.data?.choices).toEqual([{ name: 'networking — Networking (VPC) (2)', value: 'networking' }]);
  });

  it('suggests IANA time zones for /aws timezone and /aws-admin subscribe, prefix matches first, at most 25', async () => {
    const zone = await h.complete(alice, 'aws', 'timezone', { zone: 'berl' }, 'zone');
    expect(zone.data?.choices).toContainEqual({ name: 'Europe/Berlin', value: 'Europe/Berlin' });
    const sub = await h.complete(carol, 'aws-admin', 'subscribe', { time: '09:00', timezone: 'new y' }, 'timezone');
    expect(sub.data?.choices?.[0]).toEqual({ name: 'America/New York', value: 'America/New_York' });
    const many = await h.complete(carol, 'aws-admin', 'subscribe', { time: '09:00', timezone: 'a' }, 'timezone');
    expect(many.data!.choices!.length).toBe(25);
  });

  it('suggests question ids with their question', async () => {
    const body = await h.complete(alice, 'aws', 'answer', { id: 'iam' }, 'id');
    expect(body.data?.choices?.map((c) => c.value)).toEqual(['iam-roles', 'iam-boundaries']);
  });
});

describe('admin commands', () => {
  it('refuses subscribe at run time for a member without Manage Server / Manage Channels', async () => {
    const before = stateCounts();
    const { body } = await h.command(bob, 'aws-admin', 'subscribe', { time: '09:00', timezone: 'Europe/Berlin' });
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(embedText(body.data?.embeds)).toContain('Only channel admins can use `subscribe`');
    expect(stateCounts()).toEqual(before);
  });

  it('lets a member with Manage Channels subscribe this channel, after checking the bot’s permissions there', async () => {
    const since = h.fake.calls.length;
    const { body } = await h.command(carol, 'aws-admin', 'subscribe', { time: '09:00', timezone: 'Europe/Berlin', days: 'mon-fri' });
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(embedText(body.data?.embeds)).toContain('✅ This channel gets a daily question at 09:00 Europe/Berlin');
    const { guildId, channelId } = h.fake.ids;
    expect(await h.deps.store.channels.getSubscription(`discord:${guildId}:${channelId}`)).toMatchObject({
      platform: 'discord',
      scope: `discord:${guildId}`,
      channelRef: channelId,
      time: '09:00',
      timezone: 'Europe/Berlin',
      days: [1, 2, 3, 4, 5],
      thread: true,
    });
    const reads = h.fake.calls.slice(since).filter((c) => c.method === 'GET').map((c) => c.path);
    expect(reads).toEqual(expect.arrayContaining([`/channels/${channelId}`, `/guilds/${guildId}`, `/guilds/${guildId}/members/${h.fake.ids.botUserId}`]));
  });
});

describe('forged buttons', () => {
  it.each(['grade:vpc-basics:perfect', 'reveal:../../etc/passwd', 'grade:vpc-basics:knew:d:extra', 'x'.repeat(100)])(
    'answers %j with a polite private error and changes nothing',
    async (customId) => {
      const before = stateCounts();
      const on = h.fake.state.createMessage(h.fake.ids.channelId, { flags: MessageFlags.Ephemeral });
      const { body } = await h.press(alice, customId, on);
      expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
      expect(embedText(body.data?.embeds)).toContain('Sorry, I did not recognise that button');
      expect(stateCounts()).toEqual(before);
    },
  );
});

describe('secrets', () => {
  it('never logs the bot token or an interaction token', () => {
    const logs = JSON.stringify(h.deps.logger.lines);
    expect(logs).not.toContain(h.fake.token);
    expect(logs).not.toContain('interaction-token-');
  });
});
