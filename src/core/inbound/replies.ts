/** The replies every path shares: a refusal in plain words, the apology, slow down. */
import { context, paragraph, privateReply, type Reply } from '../messages.js';

export function errorReply(message: string, usage?: string): Reply {
  const blocks = [paragraph(`⚠️ ${message}`)];
  if (usage) blocks.push(context(`Usage: ${usage}`));
  return privateReply(message, blocks);
}

export const SORRY = 'Something went wrong on my side; nothing was changed. Please try again.';
export const FORM_TOO_LATE = 'The bot restarted before your form could open. Please run the command or press the button again.';

export function slowDown(retryInSeconds: number): Reply {
  const text = `You are going a little fast — please wait ${retryInSeconds} s and try again. (Nobody else was slowed down.)`;
  return privateReply(text, [paragraph(`🐢 ${text}`)]);
}

/** zod's messages, said plainly: "Too big: expected string to have <=64 characters" never reaches a person. */
export function plainValidation(field: string | undefined, message: string, code: string, maximum?: unknown, origin?: unknown): string {
  const where = field ? `${field}: ` : '';
  const long = code === 'too_big' && typeof maximum === 'number' && origin === 'string';
  // A command's own message (e.g. "A mock interview has 1 to 10 questions") is plain already.
  if (!long && !/^(Too big|Too small|Invalid input)\b/.test(message)) return message;
  if (long) return `${where}that is too long (at most ${maximum} characters).`;
  if (code === 'too_small') return `${where}that is too short or missing.`;
  if (code === 'invalid_type') return `${where}missing or not the right kind of value.`;
  return `${where}${message}`;
}
