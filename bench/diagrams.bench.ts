/**
 * `npm run bench -- diagrams`: drawing the bank's diagrams (cold: every one
 * drawn; cached: a Map look-up), and what a diagram adds to a reveal on Slack
 * and Discord — the adapter's work from the core's reply to the platform
 * payload (picture reference or attached PNG), measured in the same run.
 */
import { loadBank } from '../src/content/loader.js';
import { answerCard } from '../src/core/cards.js';
import { DiagramRenderer } from '../src/diagrams/render.js';
import { renderReply as renderSlack } from '../src/adapters/slack/render.js';
import { SlackPictureService } from '../src/adapters/slack/pictures.js';
import { discordPictures } from '../src/adapters/discord/transport.js';
import { renderReply as renderDiscord } from '../src/adapters/discord/render.js';
import { silentLogger } from '../src/ops/logger.js';
import { slackInfo } from '../src/adapters/slack/index.js';

const bank = loadBank();
const withDiagram = bank.questions.filter((q) => q.diagram);
const without = bank.questions.filter((q) => !q.diagram);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const line = (what: string, xs: number[]) => process.stdout.write(`${what.padEnd(48)} p50 ${pct(xs, 50).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms  (n=${xs.length})\n`);

const renderer = new DiagramRenderer();
await renderer.ready();
const cold: number[] = [];
let bytes = 0;
let widest = 0;
for (const q of withDiagram) {
  const t = process.hrtime.bigint();
  const d = renderer.render(q.diagram!);
  cold.push(ms(t));
  bytes += d.png.length;
  widest = Math.max(widest, d.width);
}
const cached: number[] = [];
for (let i = 0; i < 20; i++) for (const q of withDiagram) {
  const t = process.hrtime.bigint();
  renderer.render(q.diagram!);
  cached.push(ms(t));
}
process.stdout.write(`${withDiagram.length} diagrams, ${(bytes / 1024).toFixed(0)} KiB of PNG in all, widest ${widest} px\n`);
line('draw, cold (Mermaid → SVG → PNG + text)', cold);
line('draw, cached', cached);

// Slack with PUBLIC_URL (an image block by URL); Discord attaching the PNG.
const slack = new SlackPictureService(renderer, async () => { throw new Error('no upload in this benchmark'); }, silentLogger, 'https://bot.example.com');
const pictures = discordPictures(renderer);
async function reveal(platform: 'slack' | 'discord', qs: typeof bank.questions): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 5; i++) for (const q of qs) {
    const t = process.hrtime.bigint();
    const reply = answerCard(bank, q, { source: 'd', platform: slackInfo });
    if (platform === 'slack') renderSlack(reply, await slack.resolve(reply, 'slack:T1'));
    else {
      const p = pictures(reply);
      const message = renderDiscord(reply, p.pictures);
      p.files(message.images.map((x) => x.name));
    }
    out.push(ms(t));
  }
  return out;
}
line('Slack reveal, with a diagram', await reveal('slack', withDiagram));
line('Slack reveal, without', await reveal('slack', without));
line('Discord reveal, with a diagram (PNG attached)', await reveal('discord', withDiagram));
line('Discord reveal, without', await reveal('discord', without));
