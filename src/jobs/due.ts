/**
 * What is due on the clock at an instant, per subscription: the daily post,
 * its public reveal, the weekly digest. Pure: subscriptions and the recent
 * delivery rows in, due items out.
 *
 *   daily   the subscription's local time has come today (DST-aware), within
 *           the catch-up window, not paused or skipped (core/schedule.ts);
 *   reveal  today's daily post was sent, N hours have passed since its time,
 *           and it is still the same local day (never for a past day);
 *   digest  today is the digest weekday, its time has come, and it is still
 *           that day; one per local week (period = the week's Monday).
 */
import { localDate } from '../core/dates.js';
import type { LocalDate, Subscription } from '../core/model.js';
import type { DeliveryKind, PostRecord } from '../core/ports/channels.js';
import { duePost, isPostingDay, zonedInstant } from '../core/schedule.js';
import { weekStart } from '../core/usecases/digest.js';

const HOUR_MS = 3_600_000;

export interface DueItem {
  sub: Subscription;
  kind: DeliveryKind;
  /** The period: local day, or the Monday of the local week for digests. */
  date: LocalDate;
}

/** A pending row whose lease or retry time has passed (or that a crash orphaned). */
export function isClaimable(row: PostRecord, now: Date): boolean {
  return row.state === 'pending' && (row.notBefore === null || row.notBefore <= now.toISOString());
}

export function findDue(subs: readonly Subscription[], rows: readonly PostRecord[], now: Date, catchUpMs: number): DueItem[] {
  const byKey = new Map(rows.map((r) => [`${r.subscriptionId} ${r.kind} ${r.localDate}`, r]));
  const open = (sub: Subscription, kind: DeliveryKind, date: LocalDate) => {
    const row = byKey.get(`${sub.id} ${kind} ${date}`);
    return !row || isClaimable(row, now);
  };
  const items: DueItem[] = [];
  for (const sub of subs) {
    if (sub.status !== 'ok') continue;
    const daily = duePost(sub, now, { catchUpMs, notBefore: sub.updatedAt ? new Date(sub.updatedAt) : null });
    if (daily && open(sub, 'daily', daily.date)) items.push({ sub, kind: 'daily', date: daily.date });

    const today = localDate(now, sub.timezone);
    if (sub.revealAfterHours && isPostingDay(sub, today)) {
      const post = byKey.get(`${sub.id} daily ${today}`);
      const at = zonedInstant(today, sub.time, sub.timezone).getTime() + sub.revealAfterHours * HOUR_MS;
      if (post?.state === 'sent' && now.getTime() >= at && localDate(new Date(at), sub.timezone) === today && open(sub, 'reveal', today)) {
        items.push({ sub, kind: 'reveal', date: today });
      }
    }
    if (sub.digest) {
      const spec = { ...sub, days: [sub.digest.day], time: sub.digest.time };
      const at = zonedInstant(today, sub.digest.time, sub.timezone);
      if (isPostingDay(spec, today) && now.getTime() >= at.getTime() && open(sub, 'digest', weekStart(today))) {
        items.push({ sub, kind: 'digest', date: weekStart(today) });
      }
    }
  }
  return items;
}
