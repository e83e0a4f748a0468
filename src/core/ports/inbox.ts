/**
 * The durable inbox: every interaction a platform was told we accepted is
 * written here first, processed from here, and marked done in the same
 * transaction as its effect. After a crash, what was accepted but not done
 * is finished on start-up.
 */
export interface InboxEntry {
  id: number;
  platform: string;
  /** The platform's own id of the interaction (Slack trigger_id, Discord interaction id). */
  externalId: string;
  /** The neutral event, as JSON. */
  event: string;
  /** Where the reply goes (response URL, interaction token) as JSON; a capability, never logged. */
  replyTo: string | null;
  state: 'pending' | 'done';
  acceptedAt: Date;
}

export interface InboxStore {
  /** Records an accepted interaction; `duplicate` when that external id was seen before (a replay). */
  accept(entry: { platform: string; externalId: string; event: string; replyTo: string | null; at: Date }): Promise<{ id: number; duplicate: boolean }>;
  /** Marks a pending entry done; false when it was done already (another process finished it first). */
  markDone(id: number, outcome: string, at: Date): Promise<boolean>;
  /** Accepted but not done, oldest first. */
  pending(platform: string, limit: number): Promise<InboxEntry[]>;
  /** Forgets done entries accepted before `before` (their reply capability with them). */
  prune(before: Date): Promise<number>;
}
