/**
 * Baseline of bench/startup.bench.ts: a bare discord.js client, no bot.
 * Plain JavaScript run by `node` itself (no TypeScript loader), as the bot
 * runs from dist/. Guilds intent, REST at DISCORD_API_URL (the gateway URL
 * is discovered from it, as the bot's is), logs in with DISCORD_TOKEN and
 * answers every interaction with a static reply. Prints "ready" on stdout
 * at ClientReady; SIGTERM stops it.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL } });
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isRepliable()) interaction.reply('static').catch(() => undefined);
});
client.once(Events.ClientReady, () => process.stdout.write('ready\n'));
await client.login(process.env.DISCORD_TOKEN);
process.once('SIGTERM', () => {
  client.destroy().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
