// History: the metrics of every run per deployment, one point per (run, deployment, metric),
// as ScorecardView.history wants them, and the per-run cache they share with drift detection.
// A finished run never changes, so its evidence and metrics can be kept under its run id (and K):
// pass the same StatsCache to historySeries and detectDrifts on every view, and only a new run is
// folded (bench/scorecard-compute.ts measures what that saves).
import type { MetricName, MetricValue, ProbeCall, ScorecardView } from "@/lib/scorecards/types";
import { callsByDeployment, collectEvidence, type Evidence } from "./evidence";
import { metricsOf } from "./metrics";

export type DeploymentRunStats = { evidence: Evidence; metrics: Partial<Record<MetricName, MetricValue>> | null };
/** deployment id -> its evidence (and metrics, once asked for) in one run */
export type RunStats = Map<string, DeploymentRunStats>;
/** `${runId}:${K}` -> the run's stats. Only finished runs belong here (their calls never change). */
export type StatsCache = Map<string, RunStats>;

/** A run's calls, with its id when it may be cached. */
export type RunCalls = { runId?: string; calls: readonly ProbeCall[] };

/** The evidence of every deployment in one run's calls, from the cache when the run is there. */
export function runStats(run: RunCalls, samples: number, cache?: StatsCache): RunStats {
  const key = run.runId !== undefined ? `${run.runId}:${samples}` : null;
  const hit = key !== null ? cache?.get(key) : undefined;
  if (hit) return hit;
  const out: RunStats = new Map();
  for (const [id, list] of callsByDeployment(run.calls)) out.set(id, { evidence: collectEvidence(list, samples), metrics: null });
  if (key !== null) cache?.set(key, out);
  return out;
}

/** The metrics of every deployment in one run's calls. */
export function runMetrics(calls: readonly ProbeCall[], samples: number): Map<string, Partial<Record<MetricName, MetricValue>>> {
  return new Map([...runStats({ calls }, samples)].map(([id, s]) => [id, metricsOf(s.evidence)]));
}

export type HistoryRun = { runId: string; at: string; calls: readonly ProbeCall[] };

/** One point per run (in the order given, oldest first), deployment and metric. */
export function historySeries(runs: readonly HistoryRun[], samples: number, cache?: StatsCache): ScorecardView["history"] {
  const points: ScorecardView["history"] = [];
  for (const run of runs) {
    for (const [deploymentId, s] of runStats(run, samples, cache)) {
      s.metrics ??= metricsOf(s.evidence);
      for (const [metric, value] of Object.entries(s.metrics) as [MetricName, MetricValue][]) {
        points.push({ runId: run.runId, at: run.at, deploymentId, metric, value });
      }
    }
  }
  return points;
}
