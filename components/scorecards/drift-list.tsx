// Drifts: the latest run against the trailing baseline, per deployment and metric, in words.
import type { DeploymentScore, Drift } from "@/lib/scorecards/types";
import { formatInterval, metricMeta } from "./format";

export function DriftList({ drifts, deployments }: { drifts: Drift[]; deployments: DeploymentScore[] }) {
  if (drifts.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No drift: the latest run matches the runs before it.</p>;
  const name = (id: string) => deployments.find((d) => d.id === id)?.providerLabel ?? id;
  return (
    <ul className="grid gap-2 text-sm">
      {drifts.map((d) => (
        <li
          key={`${d.deploymentId}|${d.metric}`}
          data-drift={d.metric}
          className={`rounded-lg px-3 py-2 ring-1 ring-inset ${
            d.direction === "worse"
              ? "bg-red-50 text-red-900 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900"
              : "bg-sky-50 text-sky-900 ring-sky-200 dark:bg-sky-950/50 dark:text-sky-200 dark:ring-sky-900"
          }`}
        >
          <p className="font-medium">
            {name(d.deploymentId)} · {metricMeta(d.metric).label}: {d.direction}
          </p>
          <p className="mt-0.5 text-xs">{d.text}</p>
          <p className="mt-0.5 text-xs opacity-80">
            Latest {formatInterval(d.metric, d.latest)}; before {formatInterval(d.metric, d.baseline)}
          </p>
        </li>
      ))}
    </ul>
  );
}
