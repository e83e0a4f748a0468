import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, discordEnabled, loadConfig, slackMode } from '../../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
};

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ DATABASE_PATH: './data/bot.sqlite', PORT: 3000, CATCH_UP_HOURS: 12, SLACK_API_URL: 'https://slack.com/api/' });
    expect(slackMode(c)).toBeNull();
    expect(discordEnabled(c)).toBe(false);
  });

  it('accepts .env.example as it is (empty values mean unset)', () => {
    const example = parseEnv(readFileSync(resolve(import.meta.dirname, '../../.env.example'), 'utf8'));
    expect(() => loadConfig(example as Record<string, string>)).not.toThrow();
  });

  it('takes an https PUBLIC_URL, and plain http only for localhost', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://bot.example.com' }).PUBLIC_URL).toBe('https://bot.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }).PUBLIC_URL).toBe('http://127.0.0.1:3000');
  });

  it('picks the Slack transport from the tokens', () => {
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toBe('socket');
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toBe('http');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a port number'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_BOT_TOKEN is set, so also set SLACK_APP_TOKEN'],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN is required'],
    [{ DISCORD_TOKEN: 'abc' }, 'DISCORD_APPLICATION_ID is required'],
    [{ DISCORD_APPLICATION_ID: 'my-app' }, 'DISCORD_APPLICATION_ID must be the numeric application id'],
    [{ DEFAULT_TIMEZONE: 'Berlin' }, 'DEFAULT_TIMEZONE must be an IANA time zone'],
    [{ SLACK_ADMIN_USER_IDS: 'alice' }, 'SLACK_ADMIN_USER_IDS'],
    [{ DISCORD_SHARDS: 'many' }, 'DISCORD_SHARDS must be auto or a number'],
    [{ DISCORD_SHARDS: '0' }, 'DISCORD_SHARDS must be auto or a number of shards (1 or more)'],
    [{ CATCH_UP_HOURS: '48' }, 'CATCH_UP_HOURS'],
    [{ PUBLIC_URL: 'http://bot.example.com' }, 'PUBLIC_URL must start with https:// (http:// only for localhost)'],
    [{ PUBLIC_URL: 'bot.example.com' }, 'PUBLIC_URL must be an absolute https URL'],
  ])('%j → %s', (env, message) => {
    expect(problemsOf(env).join('\n')).toContain(message);
  });

  it('never echoes a secret value in its message', () => {
    const secret = 'xoxp-9999-very-secret';
    expect(problemsOf({ SLACK_BOT_TOKEN: secret, SLACK_APP_TOKEN: 'xapp-1' }).join('\n')).not.toContain(secret);
  });
});
