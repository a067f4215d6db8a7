// The style coefficients of a style-controlled board (GET /api/v1/leaderboard?style=control): one
// row per covariate with its bootstrap interval, and what the numbers mean.
import type { StyleCoefficients, StyleFitSummary } from "@/lib/votes/style-control";

const NAMES: Record<keyof StyleCoefficients, { label: string; what: string }> = {
  length: { label: "Length", what: "answer length in tokens" },
  headers: { label: "Headers", what: "markdown headings" },
  lists: { label: "Lists", what: "list items" },
  bold: { label: "Bold", what: "bold spans" },
};

const fmt = (x: number) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(2);

function interval(lo: number | null, hi: number | null): string {
  if (lo == null && hi == null) return "not bounded";
  return `${lo == null ? "open" : fmt(lo)} to ${hi == null ? "open" : fmt(hi)}`;
}

export function StyleCoefficientsTable({ style, fit }: { style: StyleCoefficients; fit: StyleFitSummary }) {
  return (
    <section aria-labelledby="lb-style" className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="lb-style" className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
        Style coefficients
      </h2>
      <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        A positive coefficient means voters prefer the answer with relatively more of that feature, whatever the model (log-odds per
        standard deviation of the normalised difference; +0.40 multiplies the odds by 1.5). The scores above hold style equal.
      </p>
      {!fit.converged ? (
        <p role="status" className="mt-2 text-xs text-amber-800 dark:text-amber-300">
          These votes separate perfectly (for example, the longer answer won every vote): the style fit has no finite estimate, so no
          interval is shown. More votes will settle it.
        </p>
      ) : null}
      <div className="mt-2 overflow-x-auto">
        <table className="w-full min-w-[22rem] text-left text-sm">
          <caption className="sr-only">Style coefficients with 95% bootstrap intervals</caption>
          <thead className="text-xs text-zinc-600 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-1.5 pr-3 font-medium">
                Feature
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                Coefficient
              </th>
              <th scope="col" className="py-1.5 font-medium">
                95% interval
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {(Object.keys(NAMES) as (keyof StyleCoefficients)[]).map((key) => {
              const s = style[key];
              return (
                <tr key={key}>
                  <th scope="row" className="py-1.5 pr-3 font-normal text-zinc-900 dark:text-zinc-100">
                    {NAMES[key].label} <span className="text-xs text-zinc-500 dark:text-zinc-400">({NAMES[key].what})</span>
                  </th>
                  <td className="py-1.5 pr-3 text-right font-mono tabular-nums text-zinc-900 dark:text-zinc-100">
                    {s.coef == null ? "–" : fmt(s.coef)}
                  </td>
                  <td className="py-1.5 font-mono text-xs tabular-nums text-zinc-700 dark:text-zinc-300">
                    {s.coef != null
                      ? interval(s.ciLow, s.ciHigh)
                      : fit.converged
                        ? "not estimable: it never varies in these votes"
                        : "no finite estimate"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
