/**
 * The application commands are generated from the core registry; registering
 * them is an idempotent bulk overwrite; docs/discord.md lists exactly what is
 * registered.
 */
import { readFileSync } from 'node:fs';
import { ApplicationCommandOptionType as T, PermissionFlagsBits, REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_DEFAULT_MEMBER_PERMISSIONS, BOT_PERMISSIONS, buildCommands, inviteUrl } from '../../src/adapters/discord/commands.js';
import { ADMIN_COMMAND, MAIN_COMMAND } from '../../src/adapters/discord/names.js';
import { COMMANDS } from '../../src/core/commands/registry.js';
import { registerCommands } from '../../scripts/discord-register.js';
import { FakeDiscord } from '../fakes/discord.js';
import { commandProblems, type CommandJson } from '../fakes/discord-state.js';

const [aws, admin] = buildCommands();
type Sub = { name: string; type: number; options: Record<string, unknown>[] };
const subs = (cmd: typeof aws) => cmd!.options as unknown as Sub[];
const sub = (cmd: typeof aws, name: string) => subs(cmd).find((o) => o.name === name)!;
const names = (cmd: typeof aws) => subs(cmd).map((o) => o.name);

describe('buildCommands', () => {
  it('mirrors the registry: admin-only commands under /aws-admin, every other one under /aws, in registry order', () => {
    expect(aws!.name).toBe('aws');
    expect(admin!.name).toBe('aws-admin');
    expect(names(aws)).toEqual(COMMANDS.filter((c) => !c.adminOnly).map((c) => c.name));
    expect(names(admin)).toEqual(COMMANDS.filter((c) => c.adminOnly).map((c) => c.name));
    expect(names(admin)).toEqual(expect.arrayContaining(['subscribe', 'unsubscribe', 'pause', 'resume', 'skip']));
    expect([...subs(aws), ...subs(admin)].every((o) => o.type === T.Subcommand)).toBe(true);
    // Each subcommand's description is the command's summary from the registry (cut to Discord's 100).
    for (const c of COMMANDS) expect(sub(c.adminOnly ? admin : aws, c.name)).toMatchObject({ description: c.summary.length <= 100 ? c.summary : expect.stringMatching(/…$/) });
  });

  it('turns each option spec into a typed option: autocomplete, choices, integers with bounds, users', () => {
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
    expect(sub(aws, 'mock').options).toContainEqual(expect.objectContaining({ name: 'n', type: T.Integer, min_value: 1 }));
    // A written answer may be long: Discord allows string options up to 6,000 characters.
    expect(sub(aws, 'write').options).toContainEqual(expect.objectContaining({ name: 'text', type: T.String, max_length: 3000 }));
    expect(sub(admin, 'subscribe').options.map((o) => [o.name, o.required, o.autocomplete ?? false, o.type])).toEqual([
      ['time', true, false, T.String],
      ['timezone', true, true, T.String],
      ['topics', false, true, T.String],
      ['days', false, false, T.String],
      ['level', false, false, T.String],
      ['thread', false, false, T.String],
      ['reveal_after', false, false, T.Integer],
      ['test', false, false, T.String],
    ]);
  });

  it('offers /aws-admin to Manage Channels by default and only in servers; /aws also in the bot’s DMs', () => {
    expect(admin!.default_member_permissions).toBe(ADMIN_DEFAULT_MEMBER_PERMISSIONS);
    expect(BigInt(ADMIN_DEFAULT_MEMBER_PERMISSIONS)).toBe(PermissionFlagsBits.ManageChannels);
    expect(admin!.contexts).toEqual([0]);
    expect(aws!.contexts).toEqual([0, 1]);
    expect(aws!.default_member_permissions).toBeUndefined();
    // Guild installs only: a user install could not administer a server.
    expect(aws!.integration_types).toEqual([0]);
    expect(admin!.integration_types).toEqual([0]);
  });

  it('passes Discord’s validation (names, 100-character descriptions, required options first, ≤ 25 subcommands)', () => {
    expect(commandProblems(buildCommands() as CommandJson[])).toEqual([]);
  });
});

describe('invite URL', () => {
  it('asks for exactly what a daily post needs, with bot + applications.commands', () => {
    const needed =
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.AttachFiles |
      PermissionFlagsBits.CreatePublicThreads |
      PermissionFlagsBits.SendMessagesInThreads;
    expect(BOT_PERMISSIONS).toBe(needed);
    expect(inviteUrl('100000000000000001')).toBe(
      `https://discord.com/oauth2/authorize?client_id=100000000000000001&scope=bot+applications.commands&permissions=${needed}&integration_type=0`,
    );
  });
});

describe('docs/discord.md', () => {
  /** The backticked names in the "subcommands" cell of the command table's row for `/name`. */
  function documented(command: string): string[] {
    const doc = readFileSync(new URL('../../docs/discord.md', import.meta.url), 'utf8');
    const row = doc.split('\n').find((line) => line.startsWith(`| \`/${command}\` |`));
    if (!row) throw new Error(`docs/discord.md has no table row for /${command}`);
    const cells = row.split('|').map((c) => c.trim());
    return [...cells[3]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);
  }

  it('lists exactly the subcommands the bot registers, under the command they are registered under', () => {
    expect(documented(MAIN_COMMAND)).toEqual(names(aws));
    expect(documented(ADMIN_COMMAND)).toEqual(names(admin));
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
