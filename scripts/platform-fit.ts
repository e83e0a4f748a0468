/**
 * Does a question's reveal fit one Slack message and one Discord embed as
 * the real renderers draw it, without anything split or trimmed? The limits
 * are the renderers' own named constants.
 */
import { renderReply as renderDiscord, embedSize, EMBED_DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT } from '../src/adapters/discord/render.js';
import { renderReply as renderSlack, MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT } from '../src/adapters/slack/render.js';
import { QuestionBank } from '../src/core/bank.js';
import { answerCard, questionCard } from '../src/core/cards.js';
import type { Question } from '../src/core/model.js';
import type { Finding } from '../src/content/quality.js';
import { TOPICS } from '../src/content/topics.js';

const bank = new QuestionBank([], TOPICS);

export function platformFit(q: Question): Finding[] {
  const out: Finding[] = [];
  const reveal = answerCard(bank, q, { source: 'd' });
  const post = questionCard(bank, q, { title: "Today's AWS interview question", visibility: 'channel', source: 'd' });

  const slack = renderSlack(reveal);
  // Each neutral text, links or code block must stay one section: a split means it was too long.
  const expectedSections = reveal.blocks.filter((b) => b.kind === 'text' || b.kind === 'links' || b.kind === 'code').length;
  // Diagrams are pictures (an image block, an attachment): they do not count against the text limits.
  const sections = slack.blocks.filter((b) => b.type === 'section');
  if (slack.blocks.length > MAX_MESSAGE_BLOCKS) out.push({ id: q.id, field: '(reveal)', reason: `Slack: ${slack.blocks.length} blocks, limit ${MAX_MESSAGE_BLOCKS}` });
  if (sections.length !== expectedSections) {
    out.push({ id: q.id, field: '(reveal)', reason: `Slack: a section exceeds ${MAX_SECTION_TEXT} characters and had to be split` });
  }

  for (const [what, reply] of [
    ['reveal', reveal],
    ['daily post', post],
  ] as const) {
    const discord = renderDiscord(reply);
    if (discord.embeds.length !== 1) {
      out.push({ id: q.id, field: `(${what})`, reason: `Discord: needs ${discord.embeds.length} embeds, not one (description limit ${EMBED_DESCRIPTION_LIMIT})` });
    } else if (embedSize(discord.embeds[0]!) > EMBED_TOTAL_LIMIT) {
      out.push({ id: q.id, field: `(${what})`, reason: `Discord: embed is ${embedSize(discord.embeds[0]!)} characters, limit ${EMBED_TOTAL_LIMIT}` });
    }
  }
  return out;
}
