// History: the metrics of every run per deployment, one point per (run, deployment, metric),
// as ScorecardView.history wants them. A finished run never changes, so its points can be cached
// by the caller under its run id (and K): pass the same Map to every call, and only new runs are
// computed (see bench/scorecard-compute.ts for what that saves).
import type { MetricName, MetricValue, ProbeCall, ScorecardView } from "@/lib/scorecards/types";
import { callsByDeployment, collectEvidence } from "./evidence";
import { metricsOf } from "./metrics";

export type RunMetrics = Map<string, Partial<Record<MetricName, MetricValue>>>;
/** runId + K -> deployment id -> metrics */
export type HistoryCache = Map<string, RunMetrics>;

/** The metrics of every deployment in one run's calls. */
export function runMetrics(calls: readonly ProbeCall[], samples: number): RunMetrics {
  const out: RunMetrics = new Map();
  for (const [id, list] of callsByDeployment(calls)) out.set(id, metricsOf(collectEvidence(list, samples)));
  return out;
}

export type HistoryRun = { runId: string; at: string; calls: readonly ProbeCall[] };

/** One point per run (in the order given, oldest first), deployment and metric. */
export function historySeries(runs: readonly HistoryRun[], samples: number, cache?: HistoryCache): ScorecardView["history"] {
  const points: ScorecardView["history"] = [];
  for (const run of runs) {
    const key = `${run.runId}:${samples}`;
    let metrics = cache?.get(key);
    if (!metrics) {
      metrics = runMetrics(run.calls, samples);
      cache?.set(key, metrics);
    }
    for (const [deploymentId, values] of metrics) {
      for (const [metric, value] of Object.entries(values) as [MetricName, MetricValue][]) {
        points.push({ runId: run.runId, at: run.at, deploymentId, metric, value });
      }
    }
  }
  return points;
}
