import type { ReactNode } from "react";
import { countColour, Heatmap, winColour } from "@/components/leaderboard/heatmap";
import { LeaderboardTable } from "@/components/leaderboard/leaderboard-table";
import { ScoreChart } from "@/components/leaderboard/score-chart";
import type { EvalResults } from "@/lib/evals/results";
import type { AgreementMeasure } from "@/lib/evals/results-stats";
import { formatCount, formatMs, formatPercent, formatTokensPerSecond, formatUsd } from "@/lib/format";
import { JudgeRatersSection } from "@/components/judges/session-judges";
import { kappaTint } from "./kappa";

// A session's results, for the team's page and the public share page alike (the share page gets
// results already stripped of emails and ids by publicResults). Server component.

const th = "px-3 py-2 text-left text-xs font-semibold text-zinc-700 dark:text-zinc-300";
const thr = `${th} text-right`;
const td = "px-3 py-2 text-right tabular-nums text-zinc-700 dark:text-zinc-300";

function Card({ id, title, caption, children }: { id: string; title: string; caption?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id={id} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
        {title}
      </h2>
      {caption ? <p className="mt-0.5 mb-2 text-xs text-zinc-600 dark:text-zinc-400">{caption}</p> : <div className="mb-2" />}
      {children}
    </section>
  );
}

function Table({ caption, head, children }: { caption: string; head: ReactNode; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-y border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950/40">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}

const num = (x: number | null | undefined, digits = 2) => (x == null || !Number.isFinite(x) ? "–" : x.toFixed(digits));

/** Krippendorff's own reading of alpha (2004): >= .800 reliable, >= .667 tentative conclusions only. */
function alphaReading(alpha: number | null, reason: string | null): string {
  if (alpha == null) return reason === "no_variation" ? "everyone gave the same value" : "not enough overlapping ratings";
  if (alpha >= 0.8) return "reliable";
  if (alpha >= 0.667) return "tentative";
  return "low agreement";
}

export function ResultsView({
  results,
  modelLabels,
  raterLabels,
}: {
  results: EvalResults;
  modelLabels: Map<string, string>;
  raterLabels: Map<string, string>;
}) {
  const r = results;
  const label = (id: string) => modelLabels.get(id) ?? id;
  const order = r.matrices.models;
  const maxBattles = Math.max(1, ...r.matrices.battles.flat());
  return (
    <div className="grid grid-cols-1 gap-6">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {formatCount(r.counts.ratings)} {r.counts.ratings === 1 ? "rating" : "ratings"} by {formatCount(r.counts.raters)}{" "}
        {r.counts.raters === 1 ? "rater" : "raters"} on {formatCount(r.counts.items)} items
        {r.counts.goldItems ? ` (+ ${formatCount(r.counts.goldItems)} gold items, left out of the scores)` : ""}; up to {r.design.raters}{" "}
        raters per item. Intervals from {formatCount(r.rounds)} bootstrap rounds that resample items (each with all of its ratings), seed{" "}
        {r.seed} (add <code>?seed=</code> to redraw them).
      </p>
      {!r.itemsReady ? (
        <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <p className="font-medium text-zinc-800 dark:text-zinc-200">No ratings yet: the run has not finished.</p>
          <p className="mt-1">Rating opens when every answer is in (or the run is stopped). Speed and cost so far are below.</p>
        </div>
      ) : null}

      {r.design.pairwise && r.itemsReady ? (
        r.scores.length === 0 ? (
          <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            <p className="font-medium text-zinc-800 dark:text-zinc-200">No pairwise votes yet.</p>
            <p className="mt-1">Scores appear once raters have voted on items.</p>
          </div>
        ) : (
          <>
            <section aria-label="Scores" id="eval-scores">
              <LeaderboardTable rows={r.scores} labels={modelLabels} groupBy="deployment" minBattles={r.minBattles} evidence="ratings" />
            </section>
            <ScoreChart rows={r.scores} labels={modelLabels} tableId="eval-scores" />
            {r.unrated.length ? (
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                Without a rated battle (no score): {r.unrated.map(label).join(", ")}.
              </p>
            ) : null}
            <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <Heatmap
                id="eval-winrate"
                title="Head-to-head win rate"
                caption="Share of the row model’s votes against the column model that it won; ties and both-bad count as half."
                models={order}
                labels={modelLabels}
                values={r.matrices.winRate}
                format={(v) => `${Math.round(v * 100)}%`}
                colour={winColour}
                legend={<span>Green: the row mostly wins; red: it mostly loses; · = never compared.</span>}
              />
              <Heatmap
                id="eval-battles"
                title="Votes per pair"
                caption="Number of votes between the row and column models."
                models={order}
                labels={modelLabels}
                values={r.matrices.battles}
                format={formatCount}
                colour={countColour(maxBattles)}
                legend={<span>Darker = more votes (most: {formatCount(maxBattles)}).</span>}
              />
            </div>
            <VotesNeededCard results={r} label={label} />
          </>
        )
      ) : null}

      {r.criteria.length > 0 && r.itemsReady ? (
        <Card
          id="eval-criteria"
          title="Scores per criterion"
          caption="Mean per model (each item counts once: the mean of its raters’ scores; pass/fail as the pass rate), with 95% intervals from resampling items. Gold items are left out."
        >
          <div className="grid grid-cols-1 gap-4">
            {r.criteria.map((c) => (
              <Table
                key={c.key}
                caption={`${c.name} per model`}
                head={
                  <>
                    <th scope="col" className={th}>
                      {c.name} <span className="font-normal text-zinc-500">({c.scale === "likert" ? "1-5" : "pass rate"})</span>
                    </th>
                    <th scope="col" className={thr}>
                      Mean
                    </th>
                    <th scope="col" className={thr}>
                      95% interval
                    </th>
                    <th scope="col" className={thr}>
                      Items
                    </th>
                  </>
                }
              >
                {c.rows.length === 0 ? (
                  <tr>
                    <td colSpan={4} className="px-3 py-2 text-xs text-zinc-500">
                      No scores yet.
                    </td>
                  </tr>
                ) : (
                  [...c.rows]
                    .sort((x, y) => y.mean - x.mean)
                    .map((row) => (
                      <tr key={row.id}>
                        <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 dark:text-zinc-100">
                          {label(row.id)}
                        </th>
                        <td className={`${td} font-semibold text-zinc-900 dark:text-zinc-100`}>
                          {c.scale === "likert" ? num(row.mean) : formatPercent(row.mean)}
                        </td>
                        <td className={td}>
                          {row.ciLow == null || row.ciHigh == null
                            ? "n/a"
                            : c.scale === "likert"
                              ? `${num(row.ciLow)} – ${num(row.ciHigh)}`
                              : `${formatPercent(row.ciLow)} – ${formatPercent(row.ciHigh)}`}
                        </td>
                        <td className={td}>{formatCount(row.items)}</td>
                      </tr>
                    ))
                )}
              </Table>
            ))}
          </div>
        </Card>
      ) : null}

      <Card
        id="eval-speed"
        title="Speed and cost"
        caption="From this session’s answers. Times over done answers (percentiles interpolate linearly); error rate over done and failed answers; cost per win = cost of the model’s compared answers ÷ the items it won (each item’s win averaged over its raters, ties and both-bad as half)."
      >
        <Table
          caption="Speed and cost per model"
          head={
            <>
              <th scope="col" className={th}>
                Model
              </th>
              {[
                "Answers",
                "Errors",
                "TTFT p50",
                "TTFT p95",
                "Tokens/s p50",
                "Total p50",
                "Total p95",
                "Cost",
                "Per 1k output",
                "Cost per win",
              ].map((h) => (
                <th key={h} scope="col" className={thr}>
                  {h}
                </th>
              ))}
            </>
          }
        >
          {r.speed.map((s) => (
            <tr key={s.id}>
              <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 dark:text-zinc-100">
                {label(s.id)}
              </th>
              <td className={td}>{formatCount(s.answers)}</td>
              <td className={td} title={`${s.failed} failed`}>
                {formatPercent(s.answers ? s.errorRate : null)}
              </td>
              <td className={td}>{formatMs(s.ttftP50Ms)}</td>
              <td className={td}>{formatMs(s.ttftP95Ms)}</td>
              <td className={td}>{formatTokensPerSecond(s.tokensPerSecondP50)}</td>
              <td className={td}>{formatMs(s.totalMsP50)}</td>
              <td className={td}>{formatMs(s.totalMsP95)}</td>
              <td className={td}>{formatUsd(s.costUsd)}</td>
              <td className={td}>{formatUsd(s.costPer1kOutputUsd)}</td>
              <td className={td}>{formatUsd(s.costPerWinUsd)}</td>
            </tr>
          ))}
        </Table>
      </Card>

      {r.itemsReady && r.agreement.measures.length > 0 ? <AgreementSection results={r} raterLabels={raterLabels} /> : null}
      {r.judges.length > 0 ? <JudgeRatersSection judges={r.judges} raterLabels={raterLabels} /> : null}
    </div>
  );
}

function VotesNeededCard({ results, label }: { results: EvalResults; label: (id: string) => string }) {
  const v = results.votesNeeded;
  return (
    <Card
      id="eval-votes-needed"
      title="Votes still needed"
      caption={
        <>
          Method: the 95% Wilson score interval of the top two models&rsquo; head-to-head win rate p (ties and both-bad as half). It decides
          when it no longer contains 50%, which at a steady p takes n &gt; 1.96² / (4·(p − 0.5)²) votes in all. Unlike the normal
          approximation it holds at win rates of 0 and 1: four votes one way are the fewest that decide. It assumes p stays where it is;
          &ldquo;—&rdquo; when they never met or are exactly even.
        </>
      }
    >
      {v ? (
        <div className="grid gap-1 text-sm text-zinc-800 dark:text-zinc-200">
          <p>
            <strong className="font-semibold">{label(v.a)}</strong> vs <strong className="font-semibold">{label(v.b)}</strong>: win rate{" "}
            {v.winRate == null ? "–" : formatPercent(v.winRate)} over {formatCount(v.battles)} {v.battles === 1 ? "vote" : "votes"} →{" "}
            <strong className="text-base font-semibold tabular-nums" data-testid="votes-needed">
              {v.needed == null ? "—" : formatCount(v.needed)}
            </strong>{" "}
            {v.needed == null
              ? v.winRate == null
                ? "(they have not been compared yet)."
                : "(exactly even: no number of votes separates them at this win rate)."
              : `more ${v.needed === 1 ? "vote" : "votes"}${v.required != null ? ` (${formatCount(v.required)} in all)` : ""}.`}
          </p>
          {v.interval ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              <abbr title="Wilson score interval, 95%" className="no-underline">
                Wilson 95%
              </abbr>{" "}
              interval now: {formatPercent(v.interval.low)} – {formatPercent(v.interval.high)}
              {v.decided ? ", which excludes 50%: decided." : ", which still contains 50%: not decided yet."}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Needs at least two rated models.</p>
      )}
    </Card>
  );
}

function AgreementSection({ results, raterLabels }: { results: EvalResults; raterLabels: Map<string, string> }) {
  const { measures, gold, raters } = results.agreement;
  const rl = (id: string) => raterLabels.get(id) ?? id;
  return (
    <section aria-labelledby="eval-agreement" className="grid grid-cols-1 gap-4">
      <h2 id="eval-agreement" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
        Agreement between raters
      </h2>
      <Card
        id="eval-alpha"
        title="Krippendorff’s alpha"
        caption="Over all raters, units = items (criteria: each answer of an item), missing ratings allowed. Nominal for votes and pass/fail, ordinal for Likert scores. 1 = perfect, 0 = chance; ≥ 0.8 is reliable, ≥ 0.667 allows tentative conclusions (Krippendorff)."
      >
        <Table
          caption="Krippendorff's alpha per measure"
          head={
            <>
              <th scope="col" className={th}>
                Measure
              </th>
              <th scope="col" className={th}>
                Level
              </th>
              <th scope="col" className={thr}>
                Alpha
              </th>
              <th scope="col" className={thr}>
                Units rated twice or more
              </th>
              <th scope="col" className={th}>
                Reading
              </th>
            </>
          }
        >
          {measures.map((m) => (
            <tr key={m.key}>
              <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 dark:text-zinc-100">
                {m.label}
              </th>
              <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">{m.level}</td>
              <td className={`${td} font-semibold text-zinc-900 dark:text-zinc-100`}>{num(m.alpha, 3)}</td>
              <td className={td}>{formatCount(m.units)}</td>
              <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">{alphaReading(m.alpha, m.alphaReason)}</td>
            </tr>
          ))}
        </Table>
      </Card>
      {measures.map((m, i) => (
        <MeasureTables key={m.key} measure={m} raters={raters.map((r) => r.id)} raterLabels={raterLabels} open={i === 0} />
      ))}
      {gold.length > 0 ? (
        <Card
          id="eval-gold"
          title="Gold items"
          caption="Attention checks: one side shows the reference answer, the other an answer to a different prompt. Accuracy = share of gold items where the rater picked the reference; raters under 80% are flagged."
        >
          <Table
            caption="Gold accuracy per rater"
            head={
              <>
                <th scope="col" className={th}>
                  Rater
                </th>
                <th scope="col" className={thr}>
                  Gold items
                </th>
                <th scope="col" className={thr}>
                  Correct
                </th>
                <th scope="col" className={thr}>
                  Accuracy
                </th>
                <th scope="col" className={th}>
                  Flag
                </th>
              </>
            }
          >
            {gold.map((g) => (
              <tr key={g.rater}>
                <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 dark:text-zinc-100">
                  {rl(g.rater)}
                </th>
                <td className={td}>{formatCount(g.items)}</td>
                <td className={td}>{formatCount(g.correct)}</td>
                <td className={td}>{formatPercent(g.accuracy)}</td>
                <td className="px-3 py-2">
                  {g.flagged ? (
                    <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
                      below 80%: check this rater
                    </span>
                  ) : (
                    <span className="text-xs text-zinc-500">ok</span>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
    </section>
  );
}

function MeasureTables({
  measure: m,
  raters,
  raterLabels,
  open,
}: {
  measure: AgreementMeasure;
  raters: string[];
  raterLabels: Map<string, string>;
  open: boolean;
}) {
  const present = raters.filter((r) => m.majority.some((x) => x.rater === r));
  const idx = new Map(present.map((r, i) => [r, i]));
  const values: (number | null)[][] = present.map(() => present.map(() => null));
  for (const k of m.kappa) {
    const a = idx.get(k.raterA);
    const b = idx.get(k.raterB);
    if (a === undefined || b === undefined) continue;
    values[a]![b] = k.kappa;
    values[b]![a] = k.kappa;
  }
  const rl = (id: string) => raterLabels.get(id) ?? id;
  return (
    <details open={open} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <summary className="cursor-pointer text-sm font-medium text-zinc-900 dark:text-zinc-100">
        {m.label}: Cohen’s kappa between raters and agreement with the majority
      </summary>
      <div className="mt-3 grid grid-cols-1 gap-4 lg:grid-cols-2">
        {present.length >= 2 ? (
          <Heatmap
            id={`eval-kappa-${m.key}`}
            title={`Cohen’s kappa (${m.weights === "quadratic" ? "quadratic-weighted" : "unweighted"})`}
            caption="Each pair of raters on the items both rated. · = no shared item, or no variation."
            models={present}
            labels={raterLabels}
            values={values}
            format={(v) => v.toFixed(2)}
            colour={kappaTint}
            legend={
              <span>
                Landis–Koch bands: grey = no agreement beyond chance (0 or less), red = less than chance; green deepens from slight
                (0.01–0.20), fair, moderate, substantial to almost perfect (over 0.80).
              </span>
            }
          />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Kappa needs two raters who rated the same items.</p>
        )}
        <div>
          <h3 className="mb-1 text-sm font-medium text-zinc-900 dark:text-zinc-100">Each rater against the majority of the others</h3>
          <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
            Items the rater shared with at least two others; items where the others were split are skipped.
          </p>
          <Table
            caption={`${m.label}: agreement with the majority`}
            head={
              <>
                <th scope="col" className={th}>
                  Rater
                </th>
                <th scope="col" className={thr}>
                  Agreement
                </th>
                <th scope="col" className={thr}>
                  Items compared
                </th>
                <th scope="col" className={thr}>
                  Split, skipped
                </th>
              </>
            }
          >
            {m.majority.map((x) => (
              <tr key={x.rater}>
                <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 dark:text-zinc-100">
                  {rl(x.rater)}
                </th>
                <td className={`${td} font-semibold`}>{formatPercent(x.agreement)}</td>
                <td className={td}>{formatCount(x.items)}</td>
                <td className={td}>{formatCount(x.ties)}</td>
              </tr>
            ))}
          </Table>
        </div>
      </div>
    </details>
  );
}

/** Display names: "label · provider" per model id; raters by the labels the results carry. */
export function resultLabels(results: EvalResults): { modelLabels: Map<string, string>; raterLabels: Map<string, string> } {
  return {
    modelLabels: new Map(results.models.map((m) => [m.id, `${m.label} · ${m.provider}`])),
    raterLabels: new Map(results.agreement.raters.map((r) => [r.id, r.label])),
  };
}
