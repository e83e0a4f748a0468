/**
 * Configuration, read once from the environment and validated. A bad value
 * stops start-up with a message naming the variable and the expected form.
 * Secrets (tokens, signing secret) only ever come from here.
 */
import { z } from 'zod';
import { canonicalZone } from './core/dates.js';

const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const urlWithSlash = (fallback: string) =>
  z
    .url({ message: 'must be an absolute http(s) URL' })
    .refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' })
    .default(fallback);

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_PATH: z.string().min(1).default('./data/bot.sqlite'),
    /** postgres://user:password@host:5432/db?sslmode=require — selects PostgreSQL; DATABASE_PATH is then ignored. */
    DATABASE_URL: optionalSecret.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), { message: 'must be a postgres:// URL' }),
    DATABASE_POOL_SIZE: z.coerce.number({ message: 'must be a number of connections' }).int().min(1).max(100).default(10),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: z.enum(['true', 'false', '1', '0']).optional(),
    PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    /** /healthz and /metrics: their own port, on loopback unless opened on purpose. */
    OPS_PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(9090),
    OPS_HOST: z.string().default('127.0.0.1'),
    /** When set, /metrics and /healthz need `Authorization: Bearer <OPS_TOKEN>` (required when OPS_HOST is not loopback). */
    OPS_TOKEN: optionalSecret,
    /** The public https URL of this deployment (HTTP mode): diagrams are served from it, OAuth redirects to it. */
    PUBLIC_URL: z
      .url({ message: 'must be an absolute https URL' })
      // Slack only talks to https; plain http is for a local test deployment.
      .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(u), { message: 'must start with https:// (http:// only for localhost)' })
      .optional(),
    DEFAULT_TIMEZONE: z
      .string()
      .transform((v, c) => {
        const check = canonicalZone(v);
        if (check.ok) return check.zone;
        c.addIssue({ code: 'custom', message: `must be an IANA time zone naming a place, such as Europe/Berlin${check.suggestion ? ` (${v} → ${check.suggestion})` : ''}` });
        return z.NEVER;
      })
      .default('UTC'),
    COMMANDS_PER_MINUTE: z.coerce.number({ message: 'must be a number' }).int().min(0).max(10_000).default(30),
    PUBLIC_COOLDOWN_SECONDS: z.coerce.number({ message: 'must be a number of seconds' }).int().min(0).max(86_400).default(60),
    /** Where rendered diagram PNGs are cached between runs (default: beside the SQLite file). */
    DIAGRAM_CACHE_DIR: z.string().min(1).optional(),

    SLACK_BOT_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must be a bot token starting with xoxb-',
    }),
    SLACK_APP_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token starting with xapp-',
    }),
    SLACK_SIGNING_SECRET: optionalSecret,
    SLACK_API_URL: urlWithSlash('https://slack.com/api/'),
    SLACK_CLIENT_ID: optionalSecret,
    SLACK_CLIENT_SECRET: optionalSecret,
    SLACK_STATE_SECRET: optionalSecret,
    /** 32 random bytes, base64 (`openssl rand -base64 32`): seals per-installation tokens. */
    TOKEN_ENCRYPTION_KEY: optionalSecret,
    /** The key before a rotation: secrets sealed with it are re-sealed with the new one. */
    TOKEN_ENCRYPTION_KEY_PREVIOUS: optionalSecret,
    SLACK_ADMIN_USER_IDS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be Slack user ids like U012ABCDEF, comma-separated'))),

    DISCORD_TOKEN: optionalSecret,
    DISCORD_APPLICATION_ID: z.string().regex(/^\d{15,22}$/, 'must be the numeric application id').optional(),
    DISCORD_GUILD_ID: z.string().regex(/^\d{15,22}$/, 'must be a numeric server (guild) id').optional(),
    DISCORD_API_URL: urlWithSlash('https://discord.com/api'),
    DISCORD_SHARDS: z
      .string()
      .regex(/^(auto|[1-9]\d{0,3})$/, 'must be auto or a number of shards (1 or more)')
      .optional(),
    /** This host's slice of the shards, e.g. 0,1 (with DISCORD_SHARD_COUNT): several hosts share one bot. */
    DISCORD_SHARD_IDS: z
      .string()
      .regex(/^\d{1,4}(,\d{1,4})*$/, 'must be shard ids like 0,1')
      .transform((v) => v.split(',').map(Number))
      .optional(),
    DISCORD_SHARD_COUNT: z.coerce.number({ message: 'must be a number of shards' }).int().min(1).max(10_000).optional(),
    /**
     * This process's share of Discord's global limit (50 requests/s per bot token). With N replicas posting,
     * give each 50/N, so together they stay under the limit instead of collecting 429s.
     */
    DISCORD_REQUESTS_PER_SECOND: z.coerce.number({ message: 'must be a number of requests per second' }).min(1).max(50).default(50),

    CATCH_UP_HOURS: z.coerce.number({ message: 'must be a number of hours' }).min(0).max(24).default(12),
    CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
    /** /healthz and /metrics: auto = whenever the bot runs as a service (see src/ops/http.ts). */
    HEALTH_SERVER: z.enum(['auto', 'on', 'off']).default('auto'),
  })
  .superRefine((c, ctx) => {
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is set, so also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)',
      });
    }
    const oauth = Boolean(c.SLACK_CLIENT_ID || c.SLACK_CLIENT_SECRET || c.SLACK_STATE_SECRET);
    if (oauth && !c.SLACK_BOT_TOKEN) {
      for (const k of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const) {
        if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'is required for the many-workspace (OAuth) Slack install' });
      }
      if (c.SLACK_APP_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'is for Socket Mode; the OAuth install runs in HTTP mode (remove it)' });
    } else if ((c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET) && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set' });
    }
    if (c.OPS_HOST !== '127.0.0.1' && c.OPS_HOST !== 'localhost' && c.OPS_HOST !== '::1' && !c.OPS_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['OPS_TOKEN'], message: 'is required when OPS_HOST opens /metrics and /healthz beyond loopback' });
    }
    // Array.isArray below: a value that failed its own check arrives here untransformed (a string).
    if ((c.DISCORD_SHARD_IDS === undefined) !== (c.DISCORD_SHARD_COUNT === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_IDS'], message: 'and DISCORD_SHARD_COUNT go together' });
    } else if (Array.isArray(c.DISCORD_SHARD_IDS) && c.DISCORD_SHARD_IDS.some((id) => id >= c.DISCORD_SHARD_COUNT!)) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_IDS'], message: 'must be below DISCORD_SHARD_COUNT' });
    }
    if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required when DISCORD_TOKEN is set' });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee .env.example for every variable and its form.`);
    this.name = 'ConfigError';
  }
}

/** Never throws anything but ConfigError; never echoes a value (it may be a secret). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty value (`DISCORD_TOKEN=` in a copied .env.example) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? 'config')} ${i.message}`));
  }
  return parsed.data;
}

export const slackMode = (c: Config): 'socket' | 'http' | 'oauth' | null =>
  c.SLACK_BOT_TOKEN ? (c.SLACK_APP_TOKEN ? 'socket' : 'http') : c.SLACK_CLIENT_ID && c.SLACK_CLIENT_SECRET && c.SLACK_STATE_SECRET && c.SLACK_SIGNING_SECRET ? 'oauth' : null;

export const discordEnabled = (c: Config): boolean => Boolean(c.DISCORD_TOKEN && c.DISCORD_APPLICATION_ID);
