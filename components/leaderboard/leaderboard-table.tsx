import { formatCount, formatPercent } from "@/lib/format";
import type { LeaderboardEntry } from "@/lib/votes";
import { fmtInterval, fmtScore } from "./format";

const th = "px-3 py-2 text-left text-xs font-semibold text-zinc-700 dark:text-zinc-300";
const td = "px-3 py-2 tabular-nums";

/** "3 votes, needs 10": why a row is provisional (`noun` names the evidence: votes, ratings). */
export const provisionalReason = (r: Pick<LeaderboardEntry, "votes">, minBattles: number, noun = "votes") =>
  `provisional: ${formatCount(r.votes)} ${r.votes === 1 ? noun.replace(/s$/, "") : noun}, needs ${formatCount(minBattles)}`;

export function LeaderboardTable({
  rows,
  labels,
  groupBy,
  minBattles,
  evidence = "votes",
}: {
  rows: LeaderboardEntry[];
  labels: Map<string, string>;
  groupBy: "model" | "deployment";
  /** rows with fewer votes are provisional (greyed, with the reason) */
  minBattles: number;
  /** what a row's `votes` count: "votes" (a vote on several answers counts once) or "ratings" (evaluations: one outcome each) */
  evidence?: "votes" | "ratings";
}) {
  const showVotes = evidence === "votes";
  const provisional = rows.filter((r) => r.provisional).length;
  const legendId = `lb-legend-${evidence}`;
  return (
    <div className="rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="relative overflow-x-auto">
        <table className="w-full text-sm" aria-describedby={provisional ? legendId : undefined}>
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
              {showVotes ? (
                <th scope="col" className={`${th} text-right`}>
                  <abbr title="Distinct votes the model took part in (a vote on several answers counts once)" className="no-underline">
                    Votes
                  </abbr>
                </th>
              ) : null}
              <th scope="col" className={`${th} text-right`}>
                <abbr title="Pairwise outcomes: a vote on k answers gives each up to k − 1" className="no-underline">
                  Battles
                </abbr>
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
              const grey = r.provisional;
              const strong = grey ? "text-zinc-500 dark:text-zinc-500" : "text-zinc-900 dark:text-zinc-100";
              const soft = grey ? "text-zinc-500 dark:text-zinc-500" : "text-zinc-700 dark:text-zinc-300";
              return (
                <tr
                  key={r.id}
                  data-provisional={grey || undefined}
                  className={
                    grey
                      ? "bg-zinc-50/70 hover:bg-zinc-100/70 dark:bg-zinc-950/30 dark:hover:bg-zinc-800/40"
                      : "hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
                  }
                >
                  <td className={`${td} font-medium ${strong}`}>{r.rankUB}</td>
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <span className={`font-medium ${strong}`}>{label ?? r.id}</span>
                    {label && label !== r.id ? (
                      <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{r.id}</span>
                    ) : null}
                    {grey ? (
                      <span className="mt-0.5 inline-block rounded bg-zinc-200/80 px-1.5 py-px text-[11px] font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                        {provisionalReason(r, minBattles, evidence)}
                      </span>
                    ) : null}
                  </th>
                  <td className={`${td} text-right font-semibold ${strong}`}>{fmtScore(r.score)}</td>
                  <td
                    className={`${td} text-right ${soft}`}
                    title={
                      r.unbounded
                        ? "Not bounded: every vote of this model (or of its group) went one way, so the votes cannot bound its score. The score shown is capped."
                        : undefined
                    }
                  >
                    {r.ciLow == null && r.ciHigh == null && r.unbounded ? "not bounded" : fmtInterval(r.ciLow, r.ciHigh, r.score)}
                  </td>
                  {showVotes ? <td className={`${td} text-right ${soft}`}>{formatCount(r.votes)}</td> : null}
                  <td className={`${td} text-right ${soft}`}>{formatCount(r.battles)}</td>
                  <td
                    className={`${td} text-right ${soft}`}
                    title={`${formatCount(r.wins)} won, ${formatCount(r.ties)} tied, ${formatCount(r.losses)} lost`}
                  >
                    {formatPercent(r.battles > 0 ? r.wins / r.battles : null)}
                  </td>
                  <td className={`${td} text-right ${soft}`} title={`${formatCount(r.bothBad)} of ${formatCount(r.battles)}`}>
                    {formatPercent(r.battles > 0 ? r.bothBad / r.battles : null)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p
        id={legendId}
        className="flex items-start gap-2 border-t border-zinc-200 px-3 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
      >
        <span
          aria-hidden="true"
          className="mt-0.5 inline-block size-3 shrink-0 rounded-sm border border-zinc-300 bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-950"
        />
        <span>
          Greyed rows are <strong className="font-medium text-zinc-700 dark:text-zinc-300">provisional</strong>: fewer than{" "}
          {formatCount(minBattles)}{" "}
          {evidence === "votes" ? "votes (a vote on several answers counts once, however many pairs it ranks)" : "ratings"}. They keep their
          place in score order, but their score can still move a lot.
          {provisional
            ? ` ${formatCount(provisional)} of ${formatCount(rows.length)} ${rows.length === 1 ? "row is" : "rows are"} provisional.`
            : ""}
        </span>
      </p>
    </div>
  );
}
