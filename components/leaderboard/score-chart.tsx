import type { LeaderboardEntry } from "@/lib/votes";
import { fmtInterval, fmtScore } from "./format";

const WIDTH = 960;
const LABEL_W = 260;
const RIGHT_PAD = 56;
const ROW_H = 28;
const TOP = 8;
const AXIS_H = 28;

/** Round tick step (1, 2 or 5 × 10^k) giving about `target` ticks over `span`. */
function tickStep(span: number, target = 6): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * mag;
}

const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Dot-and-whisker chart of the scores and their 95% intervals, one row per model, in table order.
 * An image for screen readers (its label says so); the table above carries the same numbers.
 */
export function ScoreChart({ rows, labels, tableId }: { rows: LeaderboardEntry[]; labels: Map<string, string>; tableId: string }) {
  if (rows.length === 0) return null;
  const values = rows.flatMap((r) => [r.score, r.ciLow ?? r.score, r.ciHigh ?? r.score]).filter(Number.isFinite);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 20) {
    const mid = (hi + lo) / 2;
    lo = mid - 10;
    hi = mid + 10;
  }
  const step = tickStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(t);
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const x = (v: number) => LABEL_W + ((v - lo) / (hi - lo)) * plotW;
  const height = TOP + rows.length * ROW_H + AXIS_H;
  const axisY = TOP + rows.length * ROW_H;
  const summary = rows
    .map(
      (r) =>
        `${labels.get(r.id) ?? r.id}: ${fmtScore(r.score)}, 95% interval ${r.ciLow == null && r.ciHigh == null ? (r.unbounded ? "not bounded" : "not available") : fmtInterval(r.ciLow, r.ciHigh, r.score)}${r.provisional ? " (provisional)" : ""}`,
    )
    .join("; ");

  return (
    <figure className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <figcaption className="mb-2 text-sm font-medium text-zinc-900 dark:text-zinc-100">Scores with 95% intervals</figcaption>
      <svg
        role="img"
        aria-label={`Dot-and-whisker chart of scores. ${summary}. The same numbers are in the leaderboard table.`}
        aria-details={tableId}
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="h-auto w-full text-zinc-900 dark:text-zinc-100"
      >
        {rows.map((r, i) =>
          i % 2 === 0 ? (
            <rect key={r.id} x={0} y={TOP + i * ROW_H} width={WIDTH} height={ROW_H} className="fill-zinc-50 dark:fill-zinc-950/40" />
          ) : null,
        )}
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP} y2={axisY} className="stroke-zinc-200 dark:stroke-zinc-800" strokeWidth={1} />
            <text x={x(t)} y={axisY + 18} textAnchor="middle" className="fill-zinc-500 text-[11px] tabular-nums dark:fill-zinc-400">
              {fmtScore(t)}
            </text>
          </g>
        ))}
        <line x1={LABEL_W} x2={WIDTH - RIGHT_PAD} y1={axisY} y2={axisY} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={1} />
        {rows.map((r, i) => {
          const cy = TOP + i * ROW_H + ROW_H / 2;
          const label = labels.get(r.id) ?? r.id;
          const hasCi = r.ciLow != null && r.ciHigh != null;
          const grey = r.provisional;
          const interval = r.ciLow == null && r.ciHigh == null && r.unbounded ? "not bounded" : fmtInterval(r.ciLow, r.ciHigh, r.score);
          return (
            <g key={r.id} opacity={grey ? 0.55 : undefined}>
              <title>{`${label}: ${fmtScore(r.score)} (95% interval ${interval})${grey ? ", provisional" : ""}`}</title>
              <text
                x={LABEL_W - 12}
                y={cy + 4}
                textAnchor="end"
                className={`text-[12px] ${grey ? "fill-zinc-500 italic dark:fill-zinc-400" : "fill-zinc-700 dark:fill-zinc-300"}`}
              >
                {grey ? `${clip(label, 26)} (provisional)` : clip(label)}
              </text>
              {hasCi ? (
                <>
                  <line
                    x1={x(r.ciLow!)}
                    x2={x(r.ciHigh!)}
                    y1={cy}
                    y2={cy}
                    className="stroke-indigo-400 dark:stroke-indigo-400"
                    strokeWidth={2}
                  />
                  <line x1={x(r.ciLow!)} x2={x(r.ciLow!)} y1={cy - 5} y2={cy + 5} className="stroke-indigo-400" strokeWidth={2} />
                  <line x1={x(r.ciHigh!)} x2={x(r.ciHigh!)} y1={cy - 5} y2={cy + 5} className="stroke-indigo-400" strokeWidth={2} />
                </>
              ) : null}
              <circle
                cx={x(r.score)}
                cy={cy}
                r={5}
                className={
                  grey
                    ? "fill-white stroke-zinc-500 dark:fill-zinc-900 dark:stroke-zinc-400"
                    : "fill-indigo-600 stroke-white dark:fill-indigo-300 dark:stroke-zinc-900"
                }
                strokeWidth={1.5}
              />
              <text
                x={WIDTH - RIGHT_PAD + 8}
                y={cy + 4}
                className="fill-zinc-900 text-[12px] font-semibold tabular-nums dark:fill-zinc-100"
              >
                {fmtScore(r.score)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
