/**
 * Which question a channel gets on a given local day.
 *
 * Deterministic for (channel, date, history): among the questions not yet
 * used in the channel's current cycle, pick the one with the smallest hash of
 * (channel, date, id). When every candidate has been used, a new cycle starts,
 * so nothing repeats in a channel until the (filtered) bank is exhausted.
 * Hash ordering, rather than a stored shuffle, keeps the choice stable when
 * questions are added to the bank.
 */
import type { LocalDate } from './model.js';

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a, 32-bit, continued from `state`: hashing a shared prefix once saves work per candidate. */
function fnv(text: string, state = FNV_OFFSET): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a, 32-bit: small, fast, stable across runs and platforms. */
export function stableHash(text: string): number {
  return fnv(text);
}

export interface RotationPick {
  questionId: string;
  cycle: number;
}

export function pickForDay(
  candidateIds: readonly string[],
  channelKey: string,
  date: LocalDate,
  history: { cycle: number; used: ReadonlySet<string> },
): RotationPick | null {
  if (candidateIds.length === 0) return null;
  let cycle = history.cycle;
  let pool = candidateIds.filter((id) => !history.used.has(id));
  if (pool.length === 0) {
    cycle += 1;
    pool = [...candidateIds];
  }
  // Same as stableHash(`${channelKey}|${date}|${id}`), with the prefix hashed once.
  const prefix = fnv(`${channelKey}|${date}|`);
  let best = pool[0]!;
  let bestHash = fnv(best, prefix);
  for (const id of pool.slice(1)) {
    const h = fnv(id, prefix);
    if (h < bestHash || (h === bestHash && id < best)) {
      best = id;
      bestHash = h;
    }
  }
  return { questionId: best, cycle };
}

/** A uniformly spread but reproducible pick, e.g. for `question` on demand. */
export function pickSeeded(candidateIds: readonly string[], seed: string, exclude?: ReadonlySet<string>): string | null {
  const pool = exclude ? candidateIds.filter((id) => !exclude.has(id)) : candidateIds;
  const from = pool.length > 0 ? pool : candidateIds;
  if (from.length === 0) return null;
  return from[stableHash(seed) % from.length]!;
}
