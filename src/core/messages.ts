/**
 * The neutral message model. Core use cases return a Reply; each adapter's
 * pure renderer turns it into its platform's payload. Inline formatting is
 * data, not markup, because Slack mrkdwn, Discord markdown and the terminal
 * all spell bold and links differently.
 */
import type { Link } from './model.js';

export type Inline =
  | { kind: 'plain'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'italic'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; url: string };

export interface Button {
  /** An encoded action id (see actions.ts). */
  action: string;
  label: string;
  style?: 'primary' | 'danger';
  /** What to type instead on a text-only platform (the console), e.g. `answer`, `1`. */
  typed?: string;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: Inline[] }
  | { kind: 'links'; links: Link[] }
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  | { kind: 'code'; text: string; language?: string }
  | { kind: 'actions'; buttons: Button[] }
  | { kind: 'context'; text: string }
  /** A Mermaid diagram; each adapter shows it as a picture or text (see src/diagrams). */
  | { kind: 'diagram'; source: string; alt: string };

export interface Attachment {
  filename: string;
  content: string;
  mimeType: string;
}

export interface FormField {
  id: string;
  label: string;
  placeholder?: string;
  multiline: boolean;
  minLength?: number;
  maxLength: number;
}

/** A form (modal) to open: its id is encoded and checked like a button id (see actions.ts). */
export interface FormSpec {
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
}

export interface Reply {
  /** private = ephemeral (Slack, Discord) / shown only to the asker. */
  visibility: 'private' | 'channel';
  blocks: Block[];
  /** Plain text for notifications, screen readers and logs. */
  fallbackText: string;
  /** A file to hand the user (e.g. the export). */
  attachment?: Attachment;
  /** Instead of a message: open this form (platforms with forms). */
  form?: FormSpec;
}

// ---- builders -------------------------------------------------------------

export const plain = (text: string): Inline => ({ kind: 'plain', text });
export const bold = (text: string): Inline => ({ kind: 'bold', text });
export const italic = (text: string): Inline => ({ kind: 'italic', text });
export const code = (text: string): Inline => ({ kind: 'code', text });
export const link = (text: string, url: string): Inline => ({ kind: 'link', text, url });

export const heading = (text: string): Block => ({ kind: 'heading', text });
export const context = (text: string): Block => ({ kind: 'context', text });
export const codeBlock = (text: string, language?: string): Block =>
  language ? { kind: 'code', text, language } : { kind: 'code', text };
export const links = (items: Link[]): Block => ({ kind: 'links', links: items });
export const fields = (items: { label: string; value: string }[]): Block => ({ kind: 'fields', fields: items });
export const actions = (buttons: Button[]): Block => ({ kind: 'actions', buttons });
export const diagram = (source: string, alt: string): Block => ({ kind: 'diagram', source, alt });

/** A paragraph; strings become plain runs. */
export function paragraph(...parts: (Inline | string)[]): Block {
  return { kind: 'text', text: parts.map((p) => (typeof p === 'string' ? plain(p) : p)) };
}

export function privateReply(fallbackText: string, blocks: Block[]): Reply {
  return { visibility: 'private', fallbackText, blocks };
}

export function channelReply(fallbackText: string, blocks: Block[]): Reply {
  return { visibility: 'channel', fallbackText, blocks };
}

/** The plain-text content of inline runs (links keep only their text). */
export function inlineToPlain(runs: Inline[]): string {
  return runs.map((r) => r.text).join('');
}
