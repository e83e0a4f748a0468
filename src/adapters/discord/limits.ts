/**
 * Discord's documented message limits, named so the renderer can enforce
 * them (trim or split, never let Discord reject a message). Sources:
 * "Embed Limits" and "Component Reference" in the Discord developer docs.
 */
export const EMBED_TITLE_LIMIT = 256;
export const EMBED_DESCRIPTION_LIMIT = 4096;
export const EMBED_FIELD_NAME_LIMIT = 256;
export const EMBED_FIELD_VALUE_LIMIT = 1024;
export const EMBED_FIELDS_LIMIT = 25;
export const EMBED_FOOTER_LIMIT = 2048;
/** Sum of titles, descriptions, field names/values and footers across all embeds of one message. */
export const EMBED_TOTAL_LIMIT = 6000;
export const EMBEDS_PER_MESSAGE_LIMIT = 10;
export const BUTTONS_PER_ROW_LIMIT = 5;
export const ACTION_ROWS_LIMIT = 5;
export const CUSTOM_ID_LIMIT = 100;
export const BUTTON_LABEL_LIMIT = 80;
export const MESSAGE_CONTENT_LIMIT = 2000;
export const AUTOCOMPLETE_CHOICES_LIMIT = 25;
export const CHOICE_NAME_LIMIT = 100;
export const CHOICE_VALUE_LIMIT = 100;
export const COMMAND_DESCRIPTION_LIMIT = 100;
export const SUBCOMMANDS_LIMIT = 25;

/** Message flag that makes an interaction reply visible only to the person who triggered it. */
export const EPHEMERAL_FLAG = 64;

/** Cuts `text` to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  let end = max - 1;
  // Never leave half of a surrogate pair (an emoji) before the ellipsis.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
