/** slack/manifest.yml stays in step with what the adapter needs, and asks for no more. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../src/adapters/slack/oauth.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; usage_hint: string; should_escape: boolean; url?: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(new URL('../../slack/manifest.yml', import.meta.url), 'utf8')) as Manifest;

describe('slack/manifest.yml', () => {
  it('declares the /aws command with a usage hint and escaped mentions', () => {
    expect(manifest.features.slash_commands).toHaveLength(1);
    const [aws] = manifest.features.slash_commands;
    expect(aws).toMatchObject({ command: '/aws', should_escape: true });
    expect(aws!.usage_hint).toContain('question');
  });

  it('enables interactivity, the Home tab, the events the app listens to, and Socket Mode (no request URLs)', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    // The Home tab, and the OAuth install's lifecycle (oauth.ts: the token is deleted, subscriptions paused).
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'app_uninstalled', 'tokens_revoked']);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
    expect(manifest.features.slash_commands[0]!.url).toBeUndefined();
  });

  it('asks for exactly the bot scopes the app uses (the OAuth install asks for the same)', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect([...BOT_SCOPES].sort()).toEqual(['channels:read', 'chat:write', 'commands', 'files:write', 'groups:read', 'im:write', 'users:read']);
    // Never chat:write.public: the bot posts only where it was invited.
    expect(manifest.oauth_config.scopes.bot).not.toContain('chat:write.public');
  });
});
