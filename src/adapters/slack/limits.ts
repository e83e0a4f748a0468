/**
 * Block Kit limits, named so the renderer can enforce them instead of letting
 * Slack reject a message (`invalid_blocks`, `msg_too_long`). Values are from
 * Slack's Block Kit reference (blocks, text objects, button element, views).
 */

/** Blocks in one message (chat.postMessage, respond). */
export const MAX_MESSAGE_BLOCKS = 50;
/** Blocks in a Home tab (views.publish with type "home"). */
export const MAX_HOME_BLOCKS = 100;
/** Header block: plain_text only. */
export const MAX_HEADER_TEXT = 150;
/** Section block `text`. */
export const MAX_SECTION_TEXT = 3000;
/** Fields in one section block. */
export const MAX_SECTION_FIELDS = 10;
/** One section field. */
export const MAX_FIELD_TEXT = 2000;
/** Elements in one context block. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** One context text element. */
export const MAX_CONTEXT_TEXT = 3000;
/** Elements in one actions block. */
export const MAX_ACTIONS_ELEMENTS = 25;
/** Button label (plain_text). */
export const MAX_BUTTON_TEXT = 75;
/** Button `action_id`. */
export const MAX_ACTION_ID = 255;
/** Button `value`. */
export const MAX_BUTTON_VALUE = 2000;
/**
 * Top-level message `text` (the notification / screen-reader fallback).
 * Slack truncates past 40,000 characters and advises far less; 4,000 keeps
 * notifications readable.
 */
export const MAX_FALLBACK_TEXT = 4000;
