"use client";
// History per metric: one line per deployment, one point per finished run (recharts). A metric
// picker chooses the chart; the same numbers are in a table below it for screen readers and for
// reading exact values.
import { useId, useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { inputClasses } from "@/components/ui/field";
import type { DeploymentScore, MetricName, ScorecardView } from "@/lib/scorecards/types";
import { formatMetric, tableMetrics } from "./format";

const colours = ["#6366f1", "#0ea5e9", "#f59e0b", "#ef4444", "#10b981", "#a855f7", "#64748b", "#ec4899"];

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function HistoryCharts({ history, deployments }: { history: ScorecardView["history"]; deployments: DeploymentScore[] }) {
  const id = useId();
  const available = tableMetrics.filter((m) => history.some((h) => h.metric === m.name && h.value.value != null));
  const [metric, setMetric] = useState<MetricName>(available[0]?.name ?? "accuracy");
  const label = (d: DeploymentScore) => `${d.providerLabel}${d.reference ? " (reference)" : ""}`;

  const rows = useMemo(() => {
    const byRun = new Map<string, Record<string, number | string | null>>();
    for (const h of history) {
      if (h.metric !== metric) continue;
      const row = byRun.get(h.runId) ?? { runId: h.runId, at: h.at };
      row[h.deploymentId] = h.value.value;
      byRun.set(h.runId, row);
    }
    return [...byRun.values()].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  }, [history, metric]);

  if (available.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">The history starts with the first finished run.</p>;
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-metric`} className="text-sm font-medium">
          Metric
        </label>
        <select
          id={`${id}-metric`}
          value={metric}
          onChange={(e) => setMetric(e.target.value as MetricName)}
          className={`${inputClasses()} h-8 px-2 text-sm`}
        >
          {available.map((m) => (
            <option key={m.name} value={m.name}>
              {m.label}
            </option>
          ))}
        </select>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{rows.length === 1 ? "1 run" : `${rows.length} runs`}</span>
      </div>
      <figure
        aria-label={`History of ${tableMetrics.find((m) => m.name === metric)?.label ?? metric} per deployment`}
        className="h-64 w-full text-xs"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
            <XAxis
              dataKey="at"
              tickFormatter={(v: string) => when(v)}
              tick={{ fill: "currentColor" }}
              className="text-zinc-500"
              minTickGap={24}
            />
            <YAxis
              tickFormatter={(v: number) => formatMetric(metric, v)}
              tick={{ fill: "currentColor" }}
              width={64}
              domain={["auto", "auto"]}
            />
            <Tooltip
              formatter={(v) => formatMetric(metric, typeof v === "number" ? v : null)}
              labelFormatter={(v) => `${when(String(v))} UTC`}
              contentStyle={{ background: "var(--color-zinc-900)", border: "none", borderRadius: 8, color: "white" }}
              itemStyle={{ color: "white" }}
            />
            <Legend />
            {deployments.map((d, i) => (
              <Line
                key={d.id}
                type="monotone"
                dataKey={d.id}
                name={label(d)}
                stroke={colours[i % colours.length]}
                strokeWidth={d.reference ? 2.5 : 1.75}
                strokeDasharray={d.reference ? undefined : i % 2 ? "5 3" : undefined}
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <details className="text-sm">
        <summary className="cursor-pointer text-xs font-medium text-indigo-700 dark:text-indigo-300">Show as a table</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-xs">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-3 text-left font-medium">
                  Run (UTC)
                </th>
                {deployments.map((d) => (
                  <th key={d.id} scope="col" className="py-1 pr-3 text-left font-medium">
                    {label(d)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={String(r.runId)} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 pr-3 whitespace-nowrap">{when(String(r.at))}</td>
                  {deployments.map((d) => (
                    <td key={d.id} className="py-1 pr-3 tabular-nums">
                      {formatMetric(metric, (r[d.id] as number | null | undefined) ?? null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
