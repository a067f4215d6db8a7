// Drift: each deployment's latest run against its own trailing baseline (the previous finished
// runs pooled), by the same tests as the verdicts. Only a "different" verdict is a drift. Every
// metric of a deployment shares one Holm correction here (not only the accuracy families): a
// scheduled run checks some twenty metrics each time, and without it some metric would cross 5%
// by chance on most runs, an alert a day that means nothing.
import type { Drift, MetricName, ProbeCall } from "@/lib/scorecards/types";
import { compareEvidence, type Margins } from "./compare";
import { mergeEvidence, type Evidence } from "./evidence";
import { runStats, type RunCalls, type StatsCache } from "./history";
import { metricValue } from "./metrics";
import type { DeploymentInfo } from "./score";
import { differenceText, formatValue, metricLabels } from "./words";

export type DriftInput = {
  deployments: readonly DeploymentInfo[];
  /** the latest finished run's calls (with its runId, it may come from / go to the cache) */
  latest: readonly ProbeCall[] | RunCalls;
  /** the trailing runs' calls (e.g. the last 5 finished runs before the latest), oldest first */
  baseline: readonly (readonly ProbeCall[] | RunCalls)[];
  /** K; default: the largest sample index in `latest` plus one */
  samples?: number;
  margins?: Partial<Margins> | null;
  /** the per-run cache shared with historySeries (runs given with their runId only) */
  cache?: StatsCache;
};

const asRun = (r: readonly ProbeCall[] | RunCalls): RunCalls => (Array.isArray(r) ? { calls: r as readonly ProbeCall[] } : (r as RunCalls));

function inferSamples(calls: readonly ProbeCall[]): number {
  let k = 0;
  for (const c of calls) if (c.sample + 1 > k) k = c.sample + 1;
  return Math.max(1, k);
}

export function detectDrifts({ deployments, latest, baseline, samples, margins, cache }: DriftInput): Drift[] {
  const last = asRun(latest);
  const runs = baseline.map(asRun).filter((r) => r.calls.length > 0 || r.runId !== undefined);
  if (runs.length === 0 || last.calls.length === 0) return [];
  const k = samples ?? inferSamples(last.calls);
  const now = runStats(last, k, cache);
  const before = runs.map((r) => runStats(r, k, cache));
  const drifts: Drift[] = [];
  for (const d of deployments) {
    const ea = now.get(d.id)?.evidence;
    const parts = before.flatMap((r): Evidence[] => {
      const s = r.get(d.id);
      return s ? [s.evidence] : [];
    });
    if (!ea || parts.length === 0) continue;
    const eb = mergeEvidence(parts, k);
    const details = compareEvidence(ea, eb, { margins, holm: "all" });
    for (const [metric, v] of Object.entries(details) as [MetricName, NonNullable<(typeof details)[MetricName]>][]) {
      if (v.verdict !== "different" || !v.direction) continue;
      const latestValue = metricValue(ea, metric);
      const baselineValue = metricValue(eb, metric);
      const moved = latestValue.value !== null && baselineValue.value !== null && latestValue.value < baselineValue.value ? "fell" : "rose";
      const diff = differenceText(v);
      const text =
        `Drift (${v.direction}) on ${d.label} (${d.providerLabel}): ${metricLabels[metric]} ${moved} from ` +
        `${formatValue(metric, baselineValue.value)} to ${formatValue(metric, latestValue.value)}${diff ? ` (${diff})` : ""} ` +
        `in the latest run, against the ${parts.length === 1 ? "run" : `${parts.length} runs`} before it.`;
      drifts.push({
        deploymentId: d.id,
        metric,
        verdict: "different",
        direction: v.direction,
        latest: latestValue,
        baseline: baselineValue,
        text,
      });
    }
  }
  return drifts;
}
