import type { ReactNode } from "react";
import type { JudgeTrustRow } from "@/lib/judges/trust-data";
import type { Rate } from "@/lib/judges/trust";
import { kappaBand } from "@/components/evals/kappa";
import { fmtKappa, fmtKofN, fmtN, fmtRate, makerLabel } from "./format";

// The judges page's ranking: one card per judge and rubric, best agreement with the people first,
// each figure with its n and 95% interval and a plain-language reading. Server component.

function Figure({ term, children, detail }: { term: string; children: ReactNode; detail?: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{term}</dt>
      <dd className="mt-0.5 text-sm font-semibold text-zinc-900 tabular-nums dark:text-zinc-100">{children}</dd>
      {detail ? <dd className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{detail}</dd> : null}
    </div>
  );
}

const withN = (r: Rate, empty: string) => (r.n === 0 ? empty : `${fmtRate(r)}, ${fmtKofN(r)}`);

export function JudgeTrustList({ rows }: { rows: JudgeTrustRow[] }) {
  return (
    <ol aria-label="Judges, ranked by agreement with people" className="grid gap-4">
      {rows.map((j, i) => {
        const k = j.majority;
        const band = k.kappa !== null ? kappaBand(k.kappa).label : null;
        const id = `judge-${i}`;
        return (
          <li key={`${j.judge.model}:${j.rubric.id}`}>
            <article aria-labelledby={id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
              <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="text-sm font-semibold text-zinc-500 tabular-nums dark:text-zinc-400" aria-hidden="true">
                  #{i + 1}
                </span>
                <h2 id={id} className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
                  <span className="sr-only">Rank {i + 1}: </span>
                  {j.judge.label}
                </h2>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {j.rubric.name} rubric · made by {makerLabel(j.judge.maker)} · <code className="font-mono">{j.judge.model}</code>
                </span>
              </header>
              <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                {j.judged.toLocaleString("en-US")} pairs judged ({j.sources.comparisons.toLocaleString("en-US")} from comparisons,{" "}
                {j.sources.evals.toLocaleString("en-US")} from evaluation items); people also rated {j.overlap.toLocaleString("en-US")}
                {j.tiedMajority > 0 ? `, split on ${j.tiedMajority.toLocaleString("en-US")}` : ""}.
              </p>
              <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
                <Figure
                  term="Agreement with the people’s majority (Cohen’s kappa)"
                  detail={k.n > 0 ? `${fmtN(k.n)}${band ? ` · ${band}` : ""}` : undefined}
                >
                  {fmtKappa(k)}
                </Figure>
                <Figure term="Raw agreement with the majority" detail={k.n > 0 ? fmtKofN(k.raw) : undefined}>
                  {fmtRate(k.raw)}
                </Figure>
                <Figure term="Accuracy on gold items">{withN(j.gold, "no gold items")}</Figure>
                <Figure term="Position consistency (same verdict in both orders)">
                  {withN(j.positionConsistency, "no pair judged in both orders")}
                </Figure>
                <Figure
                  term="Picked the longer answer"
                  detail={j.lengthBias.pairs > 0 ? `people: ${withN(j.lengthBias.humans, "no side picked")}` : undefined}
                >
                  {j.lengthBias.pairs === 0 ? "no overlap" : withN(j.lengthBias.judge, "no side picked")}
                </Figure>
                <Figure
                  term="Picked its own maker’s model"
                  detail={j.selfPreference.pairs > 0 ? `people: ${withN(j.selfPreference.humans, "no side picked")}` : undefined}
                >
                  {j.selfPreference.pairs === 0 ? "no overlap" : withN(j.selfPreference.judge, "no side picked")}
                </Figure>
              </dl>
              <ul className="mt-3 grid list-disc gap-0.5 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
                {j.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
