// Number formatting shared by the leaderboard tables and chart.

export const fmtScore = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "–");

/** Weighted counts are usually whole; show at most one decimal. */
export const fmtCount = (x: number) => (Number.isInteger(x) ? x.toLocaleString("en-US") : x.toLocaleString("en-US", { maximumFractionDigits: 1 }));

export const fmtPct = (x: number | null) => (x == null || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(0)}%`);

export function fmtInterval(lo: number | null, hi: number | null, score: number): string {
  if (lo == null || hi == null) return "n/a";
  return `${fmtScore(lo)} – ${fmtScore(hi)} (−${fmtScore(score - lo)} / +${fmtScore(hi - score)})`;
}
