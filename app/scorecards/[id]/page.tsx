import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { ProviderDot } from "@/components/compare/provider-dot";
import type { PaneModel } from "@/components/compare/types";
import { DriftList } from "@/components/scorecards/drift-list";
import { scheduleLabel } from "@/components/scorecards/format";
import { HistoryCharts } from "@/components/scorecards/history-charts";
import { ItemCompare } from "@/components/scorecards/item-compare";
import { RouteIt } from "@/components/scorecards/route-it";
import { RunsPanel, RunStatusBadge } from "@/components/scorecards/runs-panel";
import { ScorecardShare } from "@/components/scorecards/share-export";
import { VerdictTable } from "@/components/scorecards/verdict-table";
import { requirePageViewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { formatCount, formatUsd } from "@/lib/format";
import { getCatalog } from "@/lib/providers";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { scorecardView } from "@/lib/scorecards/view";
import { listRunItems } from "./items";

// Someone without access gets the same 404 as for a scorecard that does not exist.
const load = cache(async (id: string) => {
  const viewer = await requirePageViewer(`/scorecards/${encodeURIComponent(id)}`);
  const access = await authorizeScorecard(id, viewer, "evals:read").catch((e: unknown) => {
    if (e instanceof AppError && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  });
  const view = await scorecardView(access);
  return { access, view };
});

export async function generateMetadata({ params }: PageProps<"/scorecards/[id]">): Promise<Metadata> {
  const { view } = await load((await params).id);
  return { title: view.name };
}

function Section({ title, id, children, note }: { title: string; id: string; children: React.ReactNode; note?: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      {note ? <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{note}</p> : null}
      <div className="mt-3">{children}</div>
    </section>
  );
}

// GET /scorecards/<id>: verdicts against the reference, runs, history, drifts, route-it, items side by side
export default async function ScorecardPage({ params }: PageProps<"/scorecards/[id]">) {
  await connection();
  const { access, view } = await load((await params).id);
  const canRun = access.can.includes("evals:run");
  const canShare = access.can.includes("evals:share");
  const lastFinished = view.runs.find((r) => r.status === "finished") ?? view.runs.find((r) => r.callsDone > 0) ?? null;
  const items = lastFinished ? await listRunItems(access, lastFinished.id) : [];
  const catalog = new Map(getCatalog().map((m) => [m.id, m]));
  const panes: PaneModel[] = view.deployments.map((d) => {
    const m = catalog.get(d.id);
    return {
      id: d.id,
      label: d.label,
      provider: d.provider,
      providerLabel: d.providerLabel,
      location: m?.location ?? null,
      emulated: m?.emulated ?? false,
      price: m?.price ? { input: m.price.input, output: m.price.output } : null,
      logicalModel: m?.logicalModel,
    };
  });
  const reference = view.deployments.find((d) => d.reference);
  return (
    <main id="main" className="mx-auto grid max-w-7xl grid-cols-[minmax(0,1fr)] gap-4 px-4 py-6 sm:px-6">
      <div>
        <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">
          <Link href="/scorecards" className="hover:underline">
            Scorecards
          </Link>{" "}
          / {view.teamId ? "Team" : "Personal"}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold tracking-tight">{view.name}</h1>
          <RunStatusBadge status={view.status} />
        </div>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {view.suite.id === "builtin" ? "Built-in suite" : view.suite.name} ({view.suite.version}, {formatCount(view.suite.items)} items) ·{" "}
          {view.samples} {view.samples === 1 ? "sample" : "samples"} per item ·{" "}
          {view.schedule ? `${scheduleLabel[view.schedule]} runs` : "No schedule"}
          {view.spendCapUsd != null ? ` · spend cap ${formatUsd(view.spendCapUsd)} per run` : ""}
          {reference ? ` · reference: ${reference.providerLabel}` : ""}
        </p>
      </div>

      <Section
        id="verdicts-heading"
        title="Verdicts"
        note="Each deployment against the reference, per metric; hover or focus a cell for its value and 95% interval."
      >
        <VerdictTable deployments={view.deployments} />
        <ul className="mt-4 grid gap-1.5 text-sm" aria-label="Summary per deployment">
          {view.deployments.map((d) => (
            <li key={d.id} className="flex items-start gap-2" data-summary={d.id}>
              <ProviderDot provider={d.provider} />
              <span>
                <span className="font-medium">{d.providerLabel}</span>
                {d.reference ? <span className="text-zinc-500 dark:text-zinc-400"> (reference)</span> : null}: {d.summary}
              </span>
            </li>
          ))}
        </ul>
      </Section>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <RunsPanel scorecardId={view.id} initialRuns={view.runs} canRun={canRun} />
        <Section id="drifts-heading" title="Drifts" note="The latest run against the runs before it, by the same test as the verdicts.">
          <DriftList drifts={view.drifts} deployments={view.deployments} />
        </Section>
      </div>

      <Section id="history-heading" title="History" note="One point per finished run.">
        <HistoryCharts history={view.history} deployments={view.deployments} />
      </Section>

      <Section
        id="items-heading"
        title="Items side by side"
        note={
          lastFinished
            ? "Each deployment's answers to one item of the latest run, in the same panes as a comparison, with the checker's result."
            : "The answers show here once a run has made calls."
        }
      >
        {lastFinished && items.length > 0 ? (
          <ItemCompare scorecardId={view.id} runId={lastFinished.id} items={items} deployments={panes} />
        ) : null}
      </Section>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <RouteIt scorecardId={view.id} />
        <ScorecardShare scorecardId={view.id} runId={lastFinished?.id ?? null} canShare={canShare} />
      </div>
    </main>
  );
}
