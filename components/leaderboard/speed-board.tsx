import "server-only";
import { formatCount, formatMs, formatTokensPerSecond, formatUsd, MISSING } from "@/lib/format";
import { byTtft, computeSpeedBoard, type SpeedBoardRow } from "@/lib/votes/speed-board";

const thBase = "px-3 py-2 text-xs font-semibold text-zinc-700 dark:text-zinc-300";
const th = `${thBase} text-right`;
const td = "px-3 py-2 text-right tabular-nums";
const tdMuted = `${td} text-zinc-700 dark:text-zinc-300`;

/** A missing value: a dash on screen, words for a screen reader. */
function Missing() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">no data</span>
    </>
  );
}

const num = (x: number | null, digits: number) =>
  x == null || !Number.isFinite(x) ? (
    <Missing />
  ) : (
    x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
  );

/** A lib/format text, or <Missing /> for its dash. */
const text = (s: string) => (s === MISSING ? <Missing /> : s);
const usd = (x: number | null) => text(formatUsd(x));
const duration = (ms: number | null) => text(formatMs(ms));

/**
 * Speed and cost per deployment from the stored answers (GET /api/v1/leaderboard/speed), fastest
 * first token first. Renders the table only; the page gives it its heading.
 */
export async function SpeedBoard({ from, to, provider }: { from?: string; to?: string; provider?: string[] }) {
  const { rows } = await computeSpeedBoard({ from, to, provider });
  if (rows.length === 0)
    return (
      <p className="rounded-xl border border-dashed border-zinc-300 px-6 py-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        No finished answers {from || to || provider ? "for this filter " : ""}yet.
      </p>
    );
  const sorted = [...rows].sort(byTtft);
  return (
    <div className="relative overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm">
        <caption className="px-3 pt-3 pb-2 text-left text-xs text-zinc-600 dark:text-zinc-400">
          Deployments by median time to first token, from every user&rsquo;s finished answers
          {from || to ? " started in the selected dates" : ""}
          {provider?.length ? ` on ${provider.join(", ")}` : ""} (blind comparisons once revealed). p50 and p95 are percentiles with linear
          interpolation, over answers that completed, timed from the moment the request was written (the provider&rsquo;s part; answers
          stored before Juxta split the time are left out of the times); error rate is failed answers among completed, failed and stopped
          ones; stopped answers (stopped by the person) are counted apart, not as errors, and never in the times. Cost per win is the cost
          of the answers that were voted on, divided by their wins (a tie or both-bad counts as half a win). A deployment answered at a flex
          or priority service tier has a row per tier, priced at that tier. — means no data.
        </caption>
        <thead className="border-y border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950/40">
          <tr>
            <th scope="col" className={`${thBase} text-left`}>
              Deployment
            </th>
            <th scope="col" className={th}>
              Answers
            </th>
            <th scope="col" className={th}>
              Error rate (%)
            </th>
            <th scope="col" className={th}>
              Stopped
            </th>
            <th scope="col" className={th}>
              <abbr title="time to first token" className="no-underline">
                TTFT
              </abbr>{" "}
              p50
            </th>
            <th scope="col" className={th}>
              <abbr title="time to first token" className="no-underline">
                TTFT
              </abbr>{" "}
              p95
            </th>
            <th scope="col" className={th}>
              Output p50 (tokens/s)
            </th>
            <th scope="col" className={th}>
              Total time p50
            </th>
            <th scope="col" className={th}>
              Total time p95
            </th>
            <th scope="col" className={th}>
              Cost per 1k output tokens
            </th>
            <th scope="col" className={th}>
              Cost
            </th>
            <th scope="col" className={th}>
              Wins
            </th>
            <th scope="col" className={th}>
              Cost per win
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {sorted.map((r: SpeedBoardRow) => (
            <tr key={`${r.id} ${r.serviceTier}`} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{r.label}</span>
                {r.serviceTier !== "standard" ? (
                  <span
                    className="ml-1.5 rounded bg-sky-50 px-1.5 py-px text-[11px] whitespace-nowrap text-sky-800 ring-1 ring-sky-200 ring-inset dark:bg-sky-950/50 dark:text-sky-200 dark:ring-sky-800"
                    title="The service tier that served these answers; times and cost are of that tier only"
                  >
                    {r.serviceTier} tier
                  </span>
                ) : null}
                {r.label !== r.id ? <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{r.id}</span> : null}
              </th>
              <td className={tdMuted}>{formatCount(r.answers)}</td>
              <td className={tdMuted} title={`${formatCount(r.errors)} of ${formatCount(r.answers)}`}>
                {num(r.answers > 0 ? r.errorRate * 100 : null, 1)}
              </td>
              <td
                className={tdMuted}
                title={`${num(r.answers > 0 ? r.stoppedRate * 100 : null, 1)}% of ${formatCount(r.answers)} stopped by the person`}
              >
                {formatCount(r.stopped)}
              </td>
              <td
                className={`${td} font-semibold text-zinc-900 dark:text-zinc-100`}
                title={`over ${formatCount(r.timedAnswers)} timed answer${r.timedAnswers === 1 ? "" : "s"}`}
              >
                {duration(r.ttftP50Ms)}
              </td>
              <td className={tdMuted}>{duration(r.ttftP95Ms)}</td>
              <td className={tdMuted}>{text(formatTokensPerSecond(r.tokensPerSecondP50))}</td>
              <td className={tdMuted}>{duration(r.totalMsP50)}</td>
              <td className={tdMuted}>{duration(r.totalMsP95)}</td>
              <td className={tdMuted}>{usd(r.costPer1kOutputUsd)}</td>
              <td className={tdMuted}>{usd(r.costUsd)}</td>
              <td className={tdMuted}>{formatCount(r.wins)}</td>
              <td className={tdMuted}>{usd(r.costPerWinUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
