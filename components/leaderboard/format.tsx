// Leaderboard scores and their intervals; counts and percentages come from lib/format.
import { formatCount } from "@/lib/format";

/** A rating score: a whole number ("1,012"). */
export const fmtScore = (x: number) => (Number.isFinite(x) ? formatCount(Math.round(x)) : "–");

export function fmtInterval(lo: number | null, hi: number | null, score: number): string {
  // one-sided rows (every vote won, or every vote lost): only one end is bounded
  if (lo == null && hi != null) return `at most ${fmtScore(hi)} (not bounded below)`;
  if (hi == null && lo != null) return `at least ${fmtScore(lo)} (not bounded above)`;
  if (lo == null || hi == null) return "n/a";
  return `${fmtScore(lo)} – ${fmtScore(hi)} (−${fmtScore(score - lo)} / +${fmtScore(hi - score)})`;
}
