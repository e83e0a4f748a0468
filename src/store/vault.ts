/**
 * Sealing per-installation secrets with AES-256-GCM. The key comes from
 * TOKEN_ENCRYPTION_KEY (32 random bytes, base64: `openssl rand -base64 32`);
 * a missing or malformed key is a start-up error, never a silent plain-text
 * fallback. Rotation: set the new key as TOKEN_ENCRYPTION_KEY and the old one
 * as TOKEN_ENCRYPTION_KEY_PREVIOUS; secrets sealed with the old key are read
 * and re-sealed with the new one as they are used (`rotate()` does all now).
 *
 * Sealed form: v1.<key id>.<iv>.<tag>.<ciphertext>, base64url parts; the key
 * id (8 hex of SHA-256 of the key) says which key sealed it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/ports/clock.js';
import type { SecretStore, Vault } from '../core/ports/secrets.js';

export class VaultKeyError extends Error {}

interface Key {
  id: string;
  bytes: Buffer;
}

export function parseKey(name: string, value: string | undefined): Key {
  if (!value) throw new VaultKeyError(`${name} is not set: generate one with \`openssl rand -base64 32\` (many-workspace Slack installs store tokens encrypted with it).`);
  const bytes = Buffer.from(value.trim(), 'base64');
  if (bytes.length !== 32 || bytes.toString('base64').replace(/=+$/, '') !== value.trim().replace(/=+$/, '')) {
    throw new VaultKeyError(`${name} must be 32 random bytes, base64-encoded (\`openssl rand -base64 32\`); the value given is not.`);
  }
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export function seal(key: Key, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', key.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function open(keys: readonly Key[], sealed: string): { plain: string; key: Key } {
  const [version, id, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new VaultKeyError('not a sealed secret');
  const key = keys.find((k) => k.id === id);
  if (!key) throw new VaultKeyError(`sealed with key ${id}, which is neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_PREVIOUS`);
  const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  return { plain, key };
}

export class SealedVault implements Vault {
  private readonly keys: Key[];

  constructor(
    private readonly store: SecretStore,
    private readonly clock: Clock,
    current: string | undefined,
    previous?: string,
  ) {
    this.keys = [parseKey('TOKEN_ENCRYPTION_KEY', current), ...(previous ? [parseKey('TOKEN_ENCRYPTION_KEY_PREVIOUS', previous)] : [])];
  }

  async put(name: string, scope: string, value: string): Promise<void> {
    await this.store.put({ name, scope, sealed: seal(this.keys[0]!, value), updatedAt: this.clock.now() });
  }

  async get(name: string): Promise<string | null> {
    const row = await this.store.get(name);
    if (!row) return null;
    const { plain, key } = open(this.keys, row.sealed);
    // Read with the previous key: re-seal with the current one, so rotation completes as secrets are used.
    if (key !== this.keys[0]) await this.put(name, row.scope, plain);
    return plain;
  }

  delete(name: string): Promise<boolean> {
    return this.store.delete(name);
  }

  async namesIn(scope: string): Promise<string[]> {
    return (await this.store.list()).filter((row) => row.scope === scope).map((row) => row.name);
  }

  /**
   * Start-up check: every stored secret opens with the configured keys. A
   * wrong key is a clear start-up error here, not a post failing later.
   */
  async check(): Promise<void> {
    const rows = await this.store.list();
    const unreadable = rows.filter((row) => {
      try {
        open(this.keys, row.sealed);
        return false;
      } catch {
        return true;
      }
    });
    if (unreadable.length > 0) {
      throw new VaultKeyError(
        `TOKEN_ENCRYPTION_KEY does not open ${unreadable.length} of the ${rows.length} stored Slack installation secrets. ` +
          'If you changed the key, set the old one as TOKEN_ENCRYPTION_KEY_PREVIOUS (see docs/security.md, "Rotating the key").',
      );
    }
  }

  /** Re-seals every secret with the current key; returns how many changed. */
  async rotate(): Promise<number> {
    let n = 0;
    for (const row of await this.store.list()) {
      const { key } = open(this.keys, row.sealed);
      if (key !== this.keys[0]) {
        await this.get(row.name);
        n++;
      }
    }
    return n;
  }
}
