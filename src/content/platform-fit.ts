/**
 * Does a question's reveal fit one Slack message and one Discord embed
 * without the renderers having to trim anything? Checked with the real
 * renderers and their named limits once both exist.
 */
import type { Question } from '../core/model.js';
import type { Finding } from './quality.js';

export function platformFit(_q: Question): Finding[] {
  return [];
}
