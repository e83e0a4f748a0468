/** The message a user sees after grading: what was recorded and the streak. */
import { GRADE_LABELS } from '../cards.js';
import type { CommandContext } from '../context.js';
import { context, paragraph, privateReply, bold, type Reply } from '../messages.js';
import type { Grade, Question } from '../model.js';
import type { GradeResult } from './grade.js';
import { daysUntilDue } from '../learning/fsrs.js';
import { userZone } from './zone.js';

export function streakLine(current: number, longest: number): string {
  if (current <= 0) return 'No streak yet — grade a question to start one.';
  const days = current === 1 ? '1-day streak' : `${current}-day streak`;
  return `🔥 ${days} (longest ${longest})`;
}

export function gradeOutcome(ctx: CommandContext, q: Question, grade: Grade, result: GradeResult): Reply {
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
    if (result.review) lines.push(reviewLine(ctx, result.review.due));
  }
  const text = result.recorded ? `Recorded: ${GRADE_LABELS[grade]}. ${streak}` : `Already graded today. ${streak}`;
  return privateReply(text, [
    paragraph(bold(`${GRADE_LABELS[grade]}`), ` — ${q.id}`),
    paragraph(streak),
    ...lines.map((l) => context(l)),
  ]);
}

/** When the spaced-repetition queue brings this question back. */
function reviewLine(ctx: CommandContext, due: Date): string {
  const zone = userZone(ctx.deps, ctx.actor.userKey, ctx.channelKey);
  const days = daysUntilDue(due, ctx.deps.clock.now(), zone);
  const when = days <= 0 ? 'later today' : days === 1 ? 'tomorrow' : `in ${days} days`;
  return `🔁 This question comes back for review ${when} (\`review\`).`;
}
