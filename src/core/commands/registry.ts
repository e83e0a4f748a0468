/** Every command, in the order `help` lists them. Add a command: one file, one line here. */
import { answerCommand } from './answer.js';
import { digestCommand } from './digest.js';
import { exportCommand } from './export.js';
import { gradeCommand } from './grade.js';
import { makeHelpCommand } from './help.js';
import { leaderboardCommand } from './leaderboard.js';
import { mockCommand } from './mock.js';
import { notesCommand, shareCommand } from './preferences.js';
import { forgetMeCommand, linkCommand, mydataCommand, unlinkCommand } from './privacy.js';
import { reportCommand, reportsCommand } from './report.js';
import { pauseCommand, resumeCommand } from './pause.js';
import { questionCommand } from './question.js';
import { remindCommand } from './remind.js';
import { reviewCommand } from './review.js';
import { scheduleCommand } from './schedule.js';
import { skipCommand } from './skip.js';
import { streakCommand } from './streak.js';
import { subscribeCommand } from './subscribe.js';
import { timezoneCommand } from './timezone.js';
import { topicsCommand } from './topics.js';
import type { CommandDefinition } from './types.js';
import { unsubscribeCommand } from './unsubscribe.js';
import { writeCommand } from './write.js';

const commands: CommandDefinition[] = [
  questionCommand,
  answerCommand,
  writeCommand,
  gradeCommand,
  streakCommand,
  leaderboardCommand,
  topicsCommand,
  reviewCommand,
  mockCommand,
  remindCommand,
  exportCommand,
  timezoneCommand,
  notesCommand,
  shareCommand,
  reportCommand,
  linkCommand,
  unlinkCommand,
  mydataCommand,
  forgetMeCommand,
  scheduleCommand,
  subscribeCommand,
  unsubscribeCommand,
  pauseCommand,
  resumeCommand,
  skipCommand,
  digestCommand,
  reportsCommand,
] as CommandDefinition[];
commands.push(makeHelpCommand(() => commands));

export const COMMANDS: readonly CommandDefinition[] = commands;

export function findCommand(name: string): CommandDefinition | undefined {
  return commands.find((c) => c.name === name);
}
