/**
 * What happens when someone uses the bot: slash commands, button presses and
 * autocomplete. Every interaction must be answered within Discord's
 * 3-second window, so a reply that is not ready in time is deferred first
 * (Discord then shows "thinking…") and sent as an edit afterwards.
 */
import {
  MessageFlags,
  MessageFlagsBitField,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
} from 'discord.js';
import { findCommand } from '../../core/commands/registry.js';
import type { CoreDeps } from '../../core/context.js';
import { errorReply, handleAction, handleCommand, unwrapped, type Handled, type HandleWrapper } from '../../core/dispatch.js';
import type { Logger } from '../../core/ports.js';
import { autocompleteChoices } from './autocomplete.js';
import { parentCommandOf } from './commands.js';
import { EMBED_TOTAL_LIMIT, EMBEDS_PER_MESSAGE_LIMIT } from './limits.js';
import { readSubcommand, toCommandContext } from './normalize.js';
import { embedSize, renderReply, type DiscordMessage } from './render.js';

export interface InteractionEnv {
  deps: CoreDeps;
  logger: Logger;
  /** Defer when the answer is not ready after this long; 0 = always defer. */
  deferAfterMs: number;
  /** Wraps each command and button press (timing, log line, metrics). */
  wrap?: HandleWrapper;
}

/** Well inside Discord's 3 s, leaving room for the network round trip. */
export const DEFAULT_DEFER_AFTER_MS = 1500;

/** Commands whose answer is posted for the whole channel; the rest are private. */
const CHANNEL_REPLY_COMMANDS = new Set(['question']);

const ALLOW_NO_MENTIONS = { parse: [] };

function replyOptions(message: DiscordMessage): InteractionReplyOptions {
  const options: InteractionReplyOptions = {
    embeds: message.embeds,
    components: message.components,
    allowedMentions: ALLOW_NO_MENTIONS,
  };
  if (message.flags) options.flags = MessageFlags.Ephemeral;
  if (message.attachment) options.files = [{ attachment: Buffer.from(message.attachment.content, 'utf8'), name: message.attachment.filename }];
  return options;
}

/** An edit cannot change whether a message is private: that was fixed when the reply was deferred. */
function editOptions(message: DiscordMessage): InteractionEditReplyOptions {
  const { flags: _fixedAtDefer, ...rest } = replyOptions(message);
  return rest;
}

/** Only what helps debugging: an error's url can hold an interaction token, so it is never logged. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { code, status } = err as { code?: unknown; status?: unknown };
  return { name: err.name, message: err.message, code, status };
}

/** Runs `work`; if it is not done within `deferAfterMs`, calls `defer` first so Discord keeps waiting. */
async function inTime<T>(work: Promise<T>, deferAfterMs: number, defer: () => Promise<unknown>): Promise<{ value: T; deferred: boolean }> {
  if (deferAfterMs <= 0) {
    await defer();
    return { value: await work, deferred: true };
  }
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), deferAfterMs)));
  const first = await Promise.race([work, slow]);
  clearTimeout(timer);
  if (first !== 'slow') return { value: first as T, deferred: false };
  await defer();
  return { value: await work, deferred: true };
}

const wrapped = (env: InteractionEnv, user: string, run: () => Promise<Handled>) =>
  (env.wrap ?? unwrapped)({ platform: 'discord', user }, run);

async function onCommand(interaction: ChatInputCommandInteraction, env: InteractionEnv): Promise<void> {
  const ctx = toCommandContext(interaction, env.deps);
  const { subcommand, options } = readSubcommand(interaction.options.data);
  const command = subcommand ? findCommand(subcommand) : undefined;
  if (!command || parentCommandOf(command) !== interaction.commandName) {
    const name = subcommand ?? interaction.commandName;
    await interaction.reply(replyOptions(renderReply(errorReply(`I don't know "/${interaction.commandName} ${name.slice(0, 40)}". Try /aws help.`))));
    return;
  }
  const publicDefer = CHANNEL_REPLY_COMMANDS.has(command.name);
  const { value: handled, deferred } = await inTime(wrapped(env, ctx.actor.userKey, () => handleCommand(command.name, options, ctx)), env.deferAfterMs, () =>
    interaction.deferReply(publicDefer ? {} : { flags: MessageFlags.Ephemeral }),
  );
  logHandled(env, handled, ctx.actor.userKey);
  const message = renderReply(handled.reply);
  if (!deferred) {
    await interaction.reply(replyOptions(message));
  } else if (publicDefer && message.flags) {
    // A public "thinking…" cannot turn private: remove it and answer privately instead.
    await interaction.deleteReply();
    await interaction.followUp(replyOptions(message));
  } else {
    await interaction.editReply(editOptions(message));
  }
}

function isEphemeral(message: ButtonInteraction['message']): boolean {
  return new MessageFlagsBitField(message.flags).has(MessageFlags.Ephemeral);
}

/** discord.js gives a cached Message (Embed objects) or, for an uncached channel, the raw payload. */
function embedsOf(message: ButtonInteraction['message']): APIEmbed[] {
  const embeds = (message.embeds ?? []) as unknown[];
  return embeds.map((e) => (e && typeof e === 'object' && 'toJSON' in e ? (e as { toJSON(): APIEmbed }).toJSON() : (e as APIEmbed)));
}

/** The answer stays readable above the grade outcome, within the message limits. */
function answerThenOutcome(previous: readonly APIEmbed[], outcome: readonly APIEmbed[]): APIEmbed[] {
  const combined = [...previous, ...outcome];
  const size = combined.reduce((n, e) => n + embedSize(e), 0);
  return combined.length <= EMBEDS_PER_MESSAGE_LIMIT && size <= EMBED_TOTAL_LIMIT ? combined : [...outcome];
}

async function onButton(interaction: ButtonInteraction, env: InteractionEnv): Promise<void> {
  const ctx = toCommandContext(interaction, env.deps);
  // The grade buttons live on the private answer; grading edits that message in place.
  const updatesInPlace = interaction.customId.startsWith('grade:') && isEphemeral(interaction.message);
  const { value: handled, deferred } = await inTime(wrapped(env, ctx.actor.userKey, () => handleAction(interaction.customId, ctx)), env.deferAfterMs, () =>
    updatesInPlace ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral }),
  );
  logHandled(env, handled, ctx.actor.userKey);
  const message = renderReply(handled.reply);
  if (updatesInPlace && handled.outcome === 'ok') {
    const previous = embedsOf(interaction.message);
    const update = { embeds: answerThenOutcome(previous, message.embeds), components: message.components };
    await (deferred ? interaction.editReply(update) : interaction.update(update));
  } else if (updatesInPlace && deferred) {
    await interaction.followUp(replyOptions(message));
  } else {
    await (deferred ? interaction.editReply(editOptions(message)) : interaction.reply(replyOptions(message)));
  }
}

async function onAutocomplete(interaction: AutocompleteInteraction, env: InteractionEnv): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const subcommand = interaction.options.getSubcommand(false);
  const choices = subcommand ? autocompleteChoices(env.deps.bank, subcommand, focused.name, String(focused.value)) : [];
  await interaction.respond(choices);
}

function logHandled(env: InteractionEnv, handled: Handled, userKey: string): void {
  env.logger.debug({ platform: 'discord', command: handled.command, outcome: handled.outcome, user: userKey }, 'interaction handled');
}

const SORRY = 'Something went wrong on my side; nothing was changed. Please try again.';

async function apologise(interaction: Interaction): Promise<void> {
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      const options = replyOptions(renderReply(errorReply(SORRY)));
      await (interaction.replied || interaction.deferred ? interaction.followUp(options) : interaction.reply(options));
    }
  } catch {
    // The interaction may have expired (3 s / 15 min); there is nobody left to tell.
  }
}

export async function onInteraction(interaction: Interaction, env: InteractionEnv): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) await onCommand(interaction, env);
    else if (interaction.isButton()) await onButton(interaction, env);
    else if (interaction.isAutocomplete()) await onAutocomplete(interaction, env);
  } catch (err) {
    env.logger.error({ platform: 'discord', err: describeError(err), interactionType: interaction.type }, 'discord interaction failed');
    await apologise(interaction);
  }
}
