/**
 * Platforms are data: an adapter registers its id, what it can do and a few
 * pure helpers; the core decides behaviour from capabilities, never from a
 * platform's name.
 */
import type { EventActor, EventPlace } from './inbound.js';

export interface Capabilities {
  /** Can send a private message to a person outside an interaction (review reminders). */
  dm: boolean;
  /** Can open a form (modal) for written answers and reports. */
  forms: boolean;
  /** Can hand over a file (exports). */
  files: boolean;
  /** Can replace the private message a button sat on. */
  editInPlace: boolean;
  /** Can open a discussion thread on a post. */
  threads: boolean;
  /** Shows only the asker a reply inside a shared channel. */
  ephemeral: boolean;
}

export interface PlatformInfo {
  id: string;
  /** How people call it: "Slack". */
  label: string;
  capabilities: Capabilities;
  /** Who counts as an admin here, in plain words ("workspace admins and owners"). */
  adminsAre: string;
  /** How a person types a command here, e.g. `/aws review`, `/aws-admin subscribe`, `review`. */
  invocation(command: string, adminOnly: boolean): string;
  /** A typed mention → user key (Slack `<@U123>`), for `streak @someone`; null when it is not one. */
  parseMention?(mention: string, place: EventPlace): string | null;
}

/** Questions only the running platform can answer; may do I/O (cached by the adapter). */
export interface PlatformDirectory {
  isAdmin(actor: EventActor, place: EventPlace): Promise<boolean>;
  /** The zone in the person's platform profile (Slack users.info tz), if the platform has one. */
  profileZone?(actor: EventActor): Promise<string | null>;
}

export class PlatformRegistry {
  private readonly infos = new Map<string, PlatformInfo>();
  private readonly directories = new Map<string, PlatformDirectory>();

  register(info: PlatformInfo, directory?: PlatformDirectory): void {
    this.infos.set(info.id, info);
    if (directory) this.directories.set(info.id, directory);
  }

  info(id: string): PlatformInfo | undefined {
    return this.infos.get(id);
  }

  directory(id: string): PlatformDirectory | undefined {
    return this.directories.get(id);
  }

  /** A user key's platform is its first segment (`slack:T1:U2` → slack). */
  ofUserKey(userKey: string): PlatformInfo | undefined {
    return this.infos.get(userKey.slice(0, Math.max(0, userKey.indexOf(':'))));
  }

  all(): PlatformInfo[] {
    return [...this.infos.values()];
  }
}
