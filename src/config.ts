/**
 * Configuration, read once from the environment and validated. A bad value
 * stops start-up with a message naming the variable and the expected form.
 * Secrets (tokens, signing secret) only ever come from here.
 */
import { z } from 'zod';
import { isValidTimeZone } from './core/dates.js';

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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: z.enum(['true', 'false', '1', '0']).optional(),
    PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DEFAULT_TIMEZONE: z
      .string()
      .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' })
      .default('UTC'),

    SLACK_BOT_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must be a bot token starting with xoxb-',
    }),
    SLACK_APP_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token starting with xapp-',
    }),
    SLACK_SIGNING_SECRET: optionalSecret,
    SLACK_API_URL: urlWithSlash('https://slack.com/api/'),
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
    if ((c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET) && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set' });
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

export const slackMode = (c: Config): 'socket' | 'http' | null =>
  !c.SLACK_BOT_TOKEN ? null : c.SLACK_APP_TOKEN ? 'socket' : 'http';

export const discordEnabled = (c: Config): boolean => Boolean(c.DISCORD_TOKEN && c.DISCORD_APPLICATION_ID);
