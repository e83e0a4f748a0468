/**
 * What the fake Discord remembers: messages, interaction responses and
 * registered application commands. Kept apart from the HTTP plumbing so the
 * route handlers read like Discord's documentation.
 */
import type { APIApplicationCommand, APIMessage } from 'discord.js';
import { message, snowflake, type FakeIds } from './discord-payloads.js';

export interface PendingInteraction {
  id: string;
  token: string;
  channelId: string;
  /** The message a button was clicked on, for UPDATE_MESSAGE responses. */
  messageId: string | null;
  dispatchedAt: number;
  acknowledgedAt: number | null;
  originalId: string | null;
}

export type CommandJson = { name: string; description?: string; type?: number; options?: OptionJson[]; default_member_permissions?: string | null } & Record<string, unknown>;
type OptionJson = { name: string; description: string; type: number; required?: boolean; autocomplete?: boolean; choices?: unknown[]; options?: OptionJson[] };

const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

/** The checks Discord applies to a command list (50035 Invalid Form Body otherwise). */
export function commandProblems(commands: CommandJson[]): string[] {
  const problems: string[] = [];
  const checkOptions = (where: string, options: OptionJson[] = []) => {
    if (options.length > 25) problems.push(`${where}: more than 25 options`);
    let optionalSeen = false;
    for (const o of options) {
      const at = `${where}.${o.name}`;
      if (!NAME.test(o.name)) problems.push(`${at}: invalid name`);
      if (!o.description || o.description.length > 100) problems.push(`${at}: description must be 1-100 characters`);
      if (o.autocomplete && o.choices?.length) problems.push(`${at}: autocomplete and choices together`);
      if (o.type === 1 || o.type === 2) checkOptions(at, o.options);
      else if (o.required && optionalSeen) problems.push(`${at}: required option after an optional one`);
      if (!o.required) optionalSeen = true;
    }
  };
  const names = new Set<string>();
  for (const c of commands) {
    if (!NAME.test(c.name)) problems.push(`${c.name}: invalid name`);
    if (names.has(c.name)) problems.push(`${c.name}: duplicate name`);
    names.add(c.name);
    if (!c.description || c.description.length > 100) problems.push(`${c.name}: description must be 1-100 characters`);
    checkOptions(c.name, c.options);
  }
  return problems;
}

export class FakeDiscordState {
  readonly messages = new Map<string, APIMessage>();
  readonly interactions = new Map<string, PendingInteraction>();
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  private readonly commandIds = new Map<string, string>();

  constructor(private readonly ids: FakeIds) {}

  createMessage(channelId: string, fields: Partial<APIMessage>): APIMessage {
    const created = message(this.ids, { ...fields, id: snowflake(), channel_id: channelId });
    this.messages.set(created.id, created);
    return created;
  }

  editMessage(id: string, fields: Partial<APIMessage>): APIMessage | null {
    const existing = this.messages.get(id);
    if (!existing) return null;
    const edited = { ...existing, ...fields, id, edited_timestamp: new Date().toISOString() };
    this.messages.set(id, edited);
    return edited;
  }

  interactionByToken(token: string): PendingInteraction | undefined {
    return [...this.interactions.values()].find((i) => i.token === token);
  }

  /** Bulk overwrite: the list becomes exactly `commands`; a name keeps its id across overwrites. */
  overwriteCommands(scope: string, commands: CommandJson[], guildId?: string): APIApplicationCommand[] {
    const saved = commands.map((c) => {
      const key = `${scope}:${c.name}`;
      const id = this.commandIds.get(key) ?? snowflake();
      this.commandIds.set(key, id);
      return {
        ...c,
        id,
        application_id: this.ids.applicationId,
        ...(guildId ? { guild_id: guildId } : {}),
        type: c.type ?? 1,
        description: c.description ?? '',
        default_member_permissions: c.default_member_permissions ?? null,
        version: id,
      } as unknown as APIApplicationCommand;
    });
    const list = guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands;
    list.splice(0, list.length, ...saved);
    if (guildId) this.guildCommands.set(guildId, list);
    return saved;
  }

  commandId(name: string, guildId?: string): string {
    const list = guildId ? this.guildCommands.get(guildId) : this.globalCommands;
    const found = list?.find((c) => c.name === name);
    if (!found) throw new Error(`command ${name} is not registered on the fake`);
    return found.id;
  }
}
