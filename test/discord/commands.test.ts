/** The application commands generated from the core registry, and registering them (idempotent). */
import { ApplicationCommandOptionType as T, PermissionFlagsBits, REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_DEFAULT_MEMBER_PERMISSIONS, BOT_PERMISSIONS, buildCommands, inviteUrl } from '../../src/adapters/discord/commands.js';
import { registerCommands } from '../../src/adapters/discord/register-commands.js';
import { COMMANDS } from '../../src/core/commands/registry.js';
import { FakeDiscord } from '../fakes/discord.js';
import { commandProblems, type CommandJson } from '../fakes/discord-state.js';

const [aws, admin] = buildCommands();
const sub = (cmd: typeof aws, name: string) => cmd!.options!.find((o) => o.name === name) as unknown as { options: Record<string, unknown>[] };

describe('buildCommands', () => {
  it('mirrors the registry: admin commands under /aws-admin, the rest under /aws', () => {
    expect(aws!.name).toBe('aws');
    expect(admin!.name).toBe('aws-admin');
    const names = (cmd: typeof aws) => cmd!.options!.map((o) => o.name);
    expect(names(aws)).toEqual(COMMANDS.filter((c) => !c.adminOnly).map((c) => c.name));
    expect(names(admin)).toEqual(['subscribe', 'unsubscribe']);
    expect(aws!.options!.every((o) => o.type === T.Subcommand)).toBe(true);
  });

  it('uses the design’s option names, types, autocomplete and choices', () => {
    expect(sub(aws, 'question').options).toEqual([
      { name: 'topic', description: 'Topic, e.g. networking', required: false, type: T.String, autocomplete: true },
      {
        name: 'level',
        description: 'associate, professional or lead',
        required: false,
        type: T.String,
        choices: [
          { name: 'associate', value: 'associate' },
          { name: 'professional', value: 'professional' },
          { name: 'lead', value: 'lead' },
        ],
      },
    ]);
    expect(sub(aws, 'answer').options).toMatchObject([{ name: 'id', type: T.String, autocomplete: true }]);
    expect(sub(aws, 'streak').options).toMatchObject([{ name: 'user', type: T.User }]);
    expect(sub(aws, 'timezone').options).toMatchObject([{ name: 'zone', type: T.String, autocomplete: true }]);
    expect(sub(admin, 'subscribe').options.map((o) => [o.name, o.required, o.autocomplete ?? false])).toEqual([
      ['time', true, false],
      ['timezone', true, true],
      ['topics', false, true],
      ['days', false, false],
      ['level', false, false],
    ]);
  });

  it('offers /aws-admin to Manage Channels by default and only in servers', () => {
    expect(admin!.default_member_permissions).toBe(ADMIN_DEFAULT_MEMBER_PERMISSIONS);
    expect(BigInt(ADMIN_DEFAULT_MEMBER_PERMISSIONS)).toBe(PermissionFlagsBits.ManageChannels);
    expect(admin!.contexts).toEqual([0]);
    expect(aws!.default_member_permissions).toBeUndefined();
  });

  it('passes Discord’s validation (names, 100-character descriptions, required options first)', () => {
    expect(commandProblems(buildCommands() as CommandJson[])).toEqual([]);
  });
});

describe('invite URL', () => {
  it('asks for exactly View Channel, Send Messages and Embed Links (19456) with bot + applications.commands', () => {
    expect(BOT_PERMISSIONS).toBe(19456n);
    expect(inviteUrl('100000000000000001')).toBe(
      'https://discord.com/oauth2/authorize?client_id=100000000000000001&scope=bot+applications.commands&permissions=19456&integration_type=0',
    );
  });
});

describe('registerCommands', () => {
  let fake: FakeDiscord;
  let rest: REST;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('bulk-overwrites global commands; running it twice leaves the same state', async () => {
    const first = await registerCommands({ rest, applicationId: fake.ids.applicationId });
    const after1 = structuredClone(fake.state.globalCommands);
    const second = await registerCommands({ rest, applicationId: fake.ids.applicationId });
    expect(second).toEqual(first);
    expect(first).toEqual({ scope: 'global', names: ['aws', 'aws-admin'] });
    expect(fake.state.globalCommands).toEqual(after1);
    const puts = fake.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => [c.path, c.status, c.authorized])).toEqual([
      [`/applications/${fake.ids.applicationId}/commands`, 200, true],
      [`/applications/${fake.ids.applicationId}/commands`, 200, true],
    ]);
  });

  it('registers to one server with a guild id, leaving global commands alone', async () => {
    const before = structuredClone(fake.state.globalCommands);
    const result = await registerCommands({ rest, applicationId: fake.ids.applicationId, guildId: fake.ids.guildId });
    expect(result.scope).toBe('guild');
    expect(fake.state.guildCommands.get(fake.ids.guildId)!.map((c) => c.name)).toEqual(['aws', 'aws-admin']);
    expect(fake.state.globalCommands).toEqual(before);
  });

  it('clears a scope with an empty list', async () => {
    await registerCommands({ rest, applicationId: fake.ids.applicationId, guildId: fake.ids.guildId, commands: [] });
    expect(fake.state.guildCommands.get(fake.ids.guildId)).toEqual([]);
  });
});
