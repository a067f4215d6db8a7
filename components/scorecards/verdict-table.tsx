"use client";
// The verdict table: deployments by metrics. Each cell carries its value and its verdict against
// the reference as words ("same", "worse", "better", "unsure"), with a colour as well, never colour
// alone; the value with its 95% interval and the test's outcome show in a tooltip on hover and on
// keyboard focus (each cell is a focusable button; Radix Tooltip).
import * as Tooltip from "@radix-ui/react-tooltip";
import { ProviderDot } from "@/components/compare/provider-dot";
import type { DeploymentScore } from "@/lib/scorecards/types";
import { formatMetric, tableMetrics, verdictLook, verdictSentences } from "./format";

export function VerdictTable({ deployments }: { deployments: DeploymentScore[] }) {
  // the columns that have evidence for at least one deployment
  const columns = tableMetrics.filter((c) => deployments.some((d) => d.metrics[c.name] && d.metrics[c.name]!.n > 0));
  if (deployments.length === 0 || columns.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No finished run yet: the table fills in when the first run ends.</p>;
  return (
    <Tooltip.Provider delayDuration={150}>
      <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full border-separate border-spacing-0 text-sm">
          <caption className="sr-only">
            Verdicts per deployment and metric against the reference; each cell says its verdict and opens its value and 95% interval on
            focus
          </caption>
          <thead>
            <tr>
              <th
                scope="col"
                className="sticky left-0 z-10 border-b border-zinc-200 bg-white px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
              >
                Deployment
              </th>
              {columns.map((c) => (
                <th
                  key={c.name}
                  scope="col"
                  title={c.hint}
                  className="border-b border-zinc-200 px-1.5 py-2 text-left text-xs font-medium whitespace-nowrap text-zinc-500 dark:border-zinc-800 dark:text-zinc-400"
                >
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {deployments.map((d) => (
              <tr key={d.id} data-deployment={d.id}>
                <th
                  scope="row"
                  className="sticky left-0 z-10 max-w-[11rem] border-b border-zinc-100 bg-white px-3 py-1.5 text-left align-middle font-normal dark:border-zinc-800 dark:bg-zinc-900"
                >
                  <span className="flex items-center gap-1.5 font-medium">
                    <ProviderDot provider={d.provider} />
                    <span className="truncate">{d.providerLabel}</span>
                  </span>
                  <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
                    {d.label}
                    {d.reference ? " · reference" : ""}
                  </span>
                </th>
                {columns.map((c) => {
                  const m = d.metrics[c.name];
                  const verdict = d.reference ? undefined : d.verdicts[c.name];
                  const detail = d.verdictDetails[c.name];
                  const look = verdictLook(verdict, detail);
                  const lines = verdictSentences(c.name, m, verdict, detail);
                  const spoken = `${d.providerLabel}, ${c.label}: ${d.reference ? "reference" : look.label || "no verdict"}. ${lines.join(" ")}`;
                  return (
                    <td
                      key={c.name}
                      className="border-b border-zinc-100 p-1 dark:border-zinc-800"
                      data-metric={c.name}
                      data-verdict={verdict ?? ""}
                    >
                      <Tooltip.Root>
                        <Tooltip.Trigger asChild>
                          <button
                            type="button"
                            aria-label={spoken}
                            className={`flex w-full min-w-[5.5rem] flex-col items-start rounded-md px-2 py-1 text-left ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 ${look.className}`}
                          >
                            <span className="font-medium tabular-nums">{formatMetric(c.name, m?.value)}</span>
                            <span className="text-[11px] leading-4 opacity-90">{d.reference ? "reference" : look.short || "–"}</span>
                          </button>
                        </Tooltip.Trigger>
                        <Tooltip.Portal>
                          <Tooltip.Content
                            side="top"
                            sideOffset={4}
                            collisionPadding={8}
                            className="z-50 max-w-xs rounded-lg bg-zinc-900 px-3 py-2 text-xs text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
                          >
                            <p className="font-medium">
                              {d.providerLabel} · {c.label}
                              {d.reference ? " (reference)" : look.label ? `: ${look.label}` : ""}
                            </p>
                            {lines.map((l) => (
                              <p key={l} className="mt-1">
                                {l}
                              </p>
                            ))}
                            <Tooltip.Arrow className="fill-zinc-900 dark:fill-zinc-100" />
                          </Tooltip.Content>
                        </Tooltip.Portal>
                      </Tooltip.Root>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <VerdictLegend />
    </Tooltip.Provider>
  );
}

function VerdictLegend() {
  const items = [
    verdictLook("equivalent", undefined),
    verdictLook("different", { direction: "better" } as never),
    verdictLook("different", { direction: "worse" } as never),
    verdictLook("inconclusive", undefined),
  ];
  return (
    <p className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {items.map((l) => (
        <span key={l.tone} className="inline-flex items-center gap-1">
          <span className={`rounded px-1 ring-1 ring-inset ${l.className}`}>{l.short}</span>
          {l.label}
        </span>
      ))}
      <span>Against the reference: equivalent within the margin (accuracy ±3 points, times ±20%), or different at 95%.</span>
    </p>
  );
}
