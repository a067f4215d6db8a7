import { formatCount, formatPercent } from "@/lib/format";
import type { LeaderboardEntry } from "@/lib/votes";
import { fmtInterval, fmtScore } from "./format";

const th = "px-3 py-2 text-left text-xs font-semibold text-zinc-700 dark:text-zinc-300";
const td = "px-3 py-2 tabular-nums";

export function LeaderboardTable({
  rows,
  labels,
  groupBy,
}: {
  rows: LeaderboardEntry[];
  labels: Map<string, string>;
  groupBy: "model" | "deployment";
}) {
  return (
    <div className="relative overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm">
        <caption className="px-3 pt-3 pb-2 text-left text-xs text-zinc-600 dark:text-zinc-400">
          {groupBy === "model" ? "Models" : "Deployments"} by Bradley-Terry score. Rank (UB) is 1 + the number of rows whose whole 95%
          interval is above this row&rsquo;s, so rows that cannot be told apart share a rank. Win rate counts only outright wins.
        </caption>
        <thead className="border-y border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950/40">
          <tr>
            <th scope="col" className={th}>
              <abbr title="Rank upper bound" className="no-underline">
                Rank (UB)
              </abbr>
            </th>
            <th scope="col" className={th}>
              {groupBy === "model" ? "Model" : "Deployment"}
            </th>
            <th scope="col" className={`${th} text-right`}>
              Score
            </th>
            <th scope="col" className={`${th} text-right`}>
              95% interval
            </th>
            <th scope="col" className={`${th} text-right`}>
              Battles
            </th>
            <th scope="col" className={`${th} text-right`}>
              Win rate
            </th>
            <th scope="col" className={`${th} text-right`}>
              Both bad
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((r) => {
            const label = labels.get(r.id);
            return (
              <tr key={r.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
                <td className={`${td} font-medium text-zinc-900 dark:text-zinc-100`}>{r.rankUB}</td>
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{label ?? r.id}</span>
                  {label && label !== r.id ? (
                    <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{r.id}</span>
                  ) : null}
                </th>
                <td className={`${td} text-right font-semibold text-zinc-900 dark:text-zinc-100`}>{fmtScore(r.score)}</td>
                <td className={`${td} text-right text-zinc-700 dark:text-zinc-300`}>{fmtInterval(r.ciLow, r.ciHigh, r.score)}</td>
                <td className={`${td} text-right text-zinc-700 dark:text-zinc-300`}>{formatCount(r.battles)}</td>
                <td
                  className={`${td} text-right text-zinc-700 dark:text-zinc-300`}
                  title={`${formatCount(r.wins)} won, ${formatCount(r.ties)} tied, ${formatCount(r.losses)} lost`}
                >
                  {formatPercent(r.battles > 0 ? r.wins / r.battles : null)}
                </td>
                <td
                  className={`${td} text-right text-zinc-700 dark:text-zinc-300`}
                  title={`${formatCount(r.bothBad)} of ${formatCount(r.battles)}`}
                >
                  {formatPercent(r.battles > 0 ? r.bothBad / r.battles : null)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
