import { Card, Table, td, th, thr } from "./parts";
import type { SessionJudge } from "@/lib/judges/session-judges";
import { fmtKofN, fmtRate, kappaParts, rateParts } from "./format";

// A session's model judges as extra raters: each judge's agreement with every person who rated
// and with the people's majority. Its own section, after (and apart from) the agreement between
// the people, whose figures never include a judge. Server component.

export function JudgeRatersSection({ judges, raterLabels }: { judges: SessionJudge[]; raterLabels: Map<string, string> }) {
  return (
    <section aria-labelledby="eval-judges" className="grid grid-cols-1 gap-4" data-testid="eval-judges">
      <div>
        <h2 id="eval-judges" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          Model judges as extra raters
        </h2>
        <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          Each judge&rsquo;s final pairwise verdicts (a tie when its two orders disagreed) against each person&rsquo;s ratings on the items
          both rated, and against the people&rsquo;s majority (items where the people were split are left out). Gold items are not compared
          here. These figures are kept apart: the agreement between raters above counts people only.
        </p>
      </div>
      {judges.map((j, i) => (
        <JudgeCard key={`${j.judge.model}:${j.rubric.id}`} judge={j} index={i} raterLabels={raterLabels} />
      ))}
    </section>
  );
}

function JudgeCard({ judge: j, index, raterLabels }: { judge: SessionJudge; index: number; raterLabels: Map<string, string> }) {
  const rows = [
    ...j.raters.map((r) => ({ key: r.rater, label: raterLabels.get(r.rater) ?? r.rater, a: r, majority: false })),
    { key: "majority", label: "People’s majority", a: j.majority, majority: true },
  ];
  return (
    <Card
      id={`eval-judge-${index}`}
      title={`${j.judge.label} · ${j.rubric.name} rubric`}
      caption={
        <>
          {j.judged.toLocaleString("en-US")} {j.judged === 1 ? "item" : "items"} judged
          {j.inconsistent > 0 ? `, ${j.inconsistent.toLocaleString("en-US")} inconsistent between orders (counted as ties)` : ""}
          {j.tiedMajority > 0 ? `; people split on ${j.tiedMajority.toLocaleString("en-US")}` : ""}. Gold items:{" "}
          {j.gold.n === 0 ? "no gold items judged" : `${fmtKofN(j.gold)} correct, ${fmtRate(j.gold)}`}. Kappa unweighted over a, b, tie and
          both bad, 95% bootstrap interval over items; raw agreement with the 95% Wilson interval.
        </>
      }
    >
      <Table
        caption={`${j.judge.label}: agreement with each rater and with the majority`}
        head={
          <>
            <th scope="col" className={th}>
              Judge against
            </th>
            <th scope="col" className={thr}>
              Items
            </th>
            <th scope="col" className={thr}>
              Cohen&rsquo;s kappa
            </th>
            <th scope="col" className={thr}>
              Raw agreement
            </th>
          </>
        }
      >
        {rows.map((row) => (
          <tr key={row.key} className={row.majority ? "bg-zinc-50 dark:bg-zinc-950/40" : undefined}>
            <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 dark:text-zinc-100">
              {row.label}
            </th>
            <td className={td}>{row.a.n.toLocaleString("en-US")}</td>
            <td className={td}>
              <Figure {...kappaParts(row.a)} strong />
            </td>
            <td className={td}>
              <Figure {...rateParts(row.a.raw)} />
            </td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

/** A value with its interval below it, so a narrow column wraps between them, not inside them. */
function Figure({ value, interval, strong = false }: { value: string; interval: string | null; strong?: boolean }) {
  return (
    <>
      <span className={`block ${strong ? "font-semibold text-zinc-900 dark:text-zinc-100" : ""}`}>{value}</span>
      {interval ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">{interval}</span> : null}
    </>
  );
}
