import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ProviderDot } from "@/components/compare/provider-dot";
import { DriftList } from "@/components/scorecards/drift-list";
import { scheduleLabel } from "@/components/scorecards/format";
import { HistoryCharts } from "@/components/scorecards/history-charts";
import { VerdictTable } from "@/components/scorecards/verdict-table";
import { formatCount } from "@/lib/format";
import { sharedScorecard } from "@/lib/scorecards/shares";

// Read on every request: a revoked or expired link stops working at once, and new runs show.
export const dynamic = "force-dynamic";

const load = cache((token: string) => sharedScorecard(token));

// Not for search engines; the token must not travel in a Referer header.
const hidden = { robots: { index: false, follow: false }, referrer: "no-referrer" } satisfies Metadata;

export async function generateMetadata({ params }: PageProps<"/scorecards/shared/[token]">): Promise<Metadata> {
  const view = await load((await params).token);
  return { ...hidden, title: view ? `Scorecard · ${view.name}` : "Not found" };
}

// GET /scorecards/shared/<token>: a shared scorecard, read-only, no sign-in: verdicts, summaries, history, drifts
export default async function SharedScorecardPage({ params }: PageProps<"/scorecards/shared/[token]">) {
  const view = await load((await params).token);
  // unknown, revoked, expired and malformed tokens: the same 404
  if (!view) notFound();
  return (
    <main id="main" className="mx-auto grid max-w-7xl grid-cols-[minmax(0,1fr)] gap-4 px-4 py-6 sm:px-6">
      <div>
        <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">Shared scorecard · read-only</p>
        <h1 className="text-lg font-semibold tracking-tight">{view.name}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {view.suite.id === "builtin" ? "Built-in suite" : view.suite.name} ({view.suite.version}, {formatCount(view.suite.items)} items) ·{" "}
          {view.samples} {view.samples === 1 ? "sample" : "samples"} per item ·{" "}
          {view.schedule ? `${scheduleLabel[view.schedule]} runs` : "No schedule"}
        </p>
      </div>
      <section
        aria-labelledby="verdicts-heading"
        className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <h2 id="verdicts-heading" className="mb-3 text-sm font-semibold">
          Verdicts
        </h2>
        <VerdictTable deployments={view.deployments} />
        <ul className="mt-4 grid gap-1.5 text-sm" aria-label="Summary per deployment">
          {view.deployments.map((d) => (
            <li key={d.id} className="flex items-start gap-2">
              <ProviderDot provider={d.provider} />
              <span>
                <span className="font-medium">{d.providerLabel}</span>
                {d.reference ? <span className="text-zinc-500 dark:text-zinc-400"> (reference)</span> : null}: {d.summary}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section
        aria-labelledby="drifts-heading"
        className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <h2 id="drifts-heading" className="mb-3 text-sm font-semibold">
          Drifts
        </h2>
        <DriftList drifts={view.drifts} deployments={view.deployments} />
      </section>
      <section
        aria-labelledby="history-heading"
        className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <h2 id="history-heading" className="mb-3 text-sm font-semibold">
          History
        </h2>
        <HistoryCharts history={view.history} deployments={view.deployments} />
      </section>
    </main>
  );
}
