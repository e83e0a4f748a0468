/**
 * The bot's effective permissions in a channel, computed the way Discord
 * does ("Permission Overwrites" in the developer docs): the @everyone role and
 * the member's roles, Administrator or ownership grant everything, then the
 * channel's overwrites — @everyone, then roles (deny then allow), then the
 * member. Read over REST, so it works in a process without a gateway cache.
 */
import { PermissionFlagsBits, Routes, type REST } from 'discord.js';

interface Overwrite {
  id: string;
  type: number;
  allow: string;
  deny: string;
}

const bits = (v: string | undefined): bigint => (v && /^\d+$/.test(v) ? BigInt(v) : 0n);

/** What a daily post needs, with where an admin grants it. */
export const NEEDED: { flag: bigint; name: string; when: 'always' | 'threads' | 'files' }[] = [
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channel', when: 'always' },
  { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages', when: 'always' },
  { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', when: 'always' },
  { flag: PermissionFlagsBits.AttachFiles, name: 'Attach Files', when: 'files' },
  { flag: PermissionFlagsBits.CreatePublicThreads, name: 'Create Public Threads', when: 'threads' },
  { flag: PermissionFlagsBits.SendMessagesInThreads, name: 'Send Messages in Threads', when: 'threads' },
];

export function effectivePermissions(input: {
  guildId: string;
  ownerId: string;
  userId: string;
  memberRoles: string[];
  roles: { id: string; permissions: string }[];
  overwrites: Overwrite[];
}): bigint {
  if (input.userId === input.ownerId) return ~0n;
  const roleBits = new Map(input.roles.map((r) => [r.id, bits(r.permissions)]));
  let perms = roleBits.get(input.guildId) ?? 0n;
  for (const id of input.memberRoles) perms |= roleBits.get(id) ?? 0n;
  if (perms & PermissionFlagsBits.Administrator) return ~0n;
  const everyone = input.overwrites.find((o) => o.id === input.guildId);
  if (everyone) perms = (perms & ~bits(everyone.deny)) | bits(everyone.allow);
  let deny = 0n;
  let allow = 0n;
  for (const o of input.overwrites) {
    if (o.type === 0 && o.id !== input.guildId && input.memberRoles.includes(o.id)) {
      deny |= bits(o.deny);
      allow |= bits(o.allow);
    }
  }
  perms = (perms & ~deny) | allow;
  const member = input.overwrites.find((o) => o.type === 1 && o.id === input.userId);
  if (member) perms = (perms & ~bits(member.deny)) | bits(member.allow);
  return perms;
}

/** The needed permissions the bot lacks in the channel, in plain words with where to grant them. */
export async function missingPermissions(rest: REST, channelId: string, botUserId: string, needs: { threads: boolean; files: boolean }): Promise<string[]> {
  const channel = (await rest.get(Routes.channel(channelId))) as { guild_id?: string; permission_overwrites?: Overwrite[] };
  if (!channel.guild_id) return []; // a DM: nothing to grant
  const guild = (await rest.get(Routes.guild(channel.guild_id))) as { owner_id: string; roles: { id: string; permissions: string }[] };
  const member = (await rest.get(Routes.guildMember(channel.guild_id, botUserId))) as { roles: string[] };
  const perms = effectivePermissions({
    guildId: channel.guild_id,
    ownerId: guild.owner_id,
    userId: botUserId,
    memberRoles: member.roles ?? [],
    roles: guild.roles ?? [],
    overwrites: channel.permission_overwrites ?? [],
  });
  return NEEDED.filter((n) => n.when === 'always' || (n.when === 'threads' && needs.threads) || (n.when === 'files' && needs.files))
    .filter((n) => (perms & n.flag) === 0n)
    .map((n) => `${n.name} (channel settings → Permissions → the bot's role, or Server Settings → Roles)`);
}
