/**
 * Per-installation secrets (a Slack workspace's bot token), stored sealed:
 * the Store keeps only ciphertext; the vault (src/store/vault.ts) seals and
 * opens with TOKEN_ENCRYPTION_KEY.
 */
export interface SealedSecret {
  name: string;
  /** The workspace/server it belongs to, e.g. `slack:T123`. */
  scope: string;
  sealed: string;
  updatedAt: Date;
}

export interface SecretStore {
  put(secret: SealedSecret): Promise<void>;
  get(name: string): Promise<SealedSecret | null>;
  delete(name: string): Promise<boolean>;
  list(): Promise<SealedSecret[]>;
}

/** What adapters see: plain values in, plain values out; encryption is not their business. */
export interface Vault {
  put(name: string, scope: string, value: string): Promise<void>;
  get(name: string): Promise<string | null>;
  delete(name: string): Promise<boolean>;
  /** The names of the secrets kept for one workspace or org (scope as given to put). */
  namesIn(scope: string): Promise<string[]>;
}
