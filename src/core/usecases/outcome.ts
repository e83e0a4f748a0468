/** The message a person sees after grading: what was recorded and the streak. */
import { GRADE_LABELS } from '../cards.js';
import { say, type CommandContext } from '../context.js';
import { daysUntilDue } from '../learning/fsrs.js';
import { bold, context, paragraph, privateReply, type Reply } from '../messages.js';
import type { Question } from '../model.js';
import { plural } from '../text.js';
import type { GradeResult } from './grade.js';
import { userZone } from './zone.js';

export function streakLine(current: number, longest: number): string {
  if (current <= 0) return 'No streak yet — grade a question to start one.';
  return `🔥 ${current}-day streak (longest ${longest})`;
}

export async function gradeOutcome(ctx: CommandContext, q: Question, result: GradeResult): Promise<Reply> {
  const streak = streakLine(result.streak.current, result.streak.longest);
  const lines: string[] = [];
  if (!result.recorded) {
    lines.push('You already graded this question today — it counts once.');
  } else {
    const outcome = result.practise?.outcome;
    if (outcome?.kind === 'frozen') {
      lines.push(`🧊 A streak freeze covered ${outcome.freezesUsed === 1 ? 'the missed day' : `${outcome.freezesUsed} missed days`}.`);
    } else if (outcome?.kind === 'reset') {
      lines.push('New streak started — welcome back.');
    }
    if (result.practise?.freezeEarned) lines.push('🧊 You earned a streak freeze (covers one missed day).');
    if (result.review) lines.push(await reviewLine(ctx, result.review.due));
  }
  // A repeat shows what was recorded the first time, not the button just pressed.
  const label = GRADE_LABELS[result.recordedGrade];
  const text = result.recorded ? `Recorded: ${label}. ${streak}` : `Already graded today (${label}). ${streak}`;
  return privateReply(text, [paragraph(bold(label), ` — ${q.id}`), paragraph(streak), ...lines.map((l) => context(l))]);
}

/** When the spaced-repetition queue brings this question back. */
async function reviewLine(ctx: CommandContext, due: Date): Promise<string> {
  const days = daysUntilDue(due, ctx.deps.clock.now(), await userZone(ctx.deps, ctx.actor.userKey));
  const when = days <= 0 ? 'later today' : days === 1 ? 'tomorrow' : `in ${plural(days, 'day')}`;
  return `🔁 This question comes back for review ${when} (${say(ctx, 'review')}).`;
}
