// Scorecard statistics (issue 12): pure functions of the stored calls, no database, no I/O.
// - deploymentMetrics: one deployment's metrics with 95% intervals (items are the unit)
// - compareToReference: verdict per metric (equivalent / different / inconclusive)
// - scoreScorecard: the table of a run, with one sentence per deployment
// - detectDrifts: the latest run against the trailing baseline
// - historySeries: the history points of the view
import type { MetricName, MetricValue, ProbeCall, ToolErrorClass, VerdictDetail } from "@/lib/scorecards/types";
import { compareEvidence, type CompareOptions } from "./compare";
import { collectEvidence } from "./evidence";
import { metricsOf, outputLengthOf } from "./metrics";

export { ALPHA, DEFAULT_MARGINS, holm, resolveMargins, samplesToDecide, type CompareOptions, type Margins } from "./compare";
export { detectDrifts, type DriftInput } from "./drift";
export { collectEvidence, isRateLimited, mergeEvidence, type Evidence } from "./evidence";
export {
  historySeries,
  runMetrics,
  runStats,
  type DeploymentRunStats,
  type HistoryRun,
  type RunCalls,
  type RunStats,
  type StatsCache,
} from "./history";
export { accuracyMetrics, metricSpecs, metricValue, passAtK, passHatK } from "./metrics";
export { REFERENCE_SUMMARY, SAME_MODEL, scoreScorecard, summarize, type DeploymentInfo, type ScoreInput } from "./score";
export { formatValue, metricLabels } from "./words";

/** The metrics of ONE deployment's calls (filter by deploymentId first). n = 0: value and interval null. */
export function deploymentMetrics(calls: readonly ProbeCall[], samples: number): Partial<Record<MetricName, MetricValue>> {
  return metricsOf(collectEvidence(calls, samples));
}

/** Verdict per metric of a candidate deployment's calls against the reference deployment's calls. */
export function compareToReference({
  candidate,
  reference,
  samples,
  ...options
}: { candidate: readonly ProbeCall[]; reference: readonly ProbeCall[]; samples: number } & CompareOptions): Partial<
  Record<MetricName, VerdictDetail>
> {
  return compareEvidence(collectEvidence(candidate, samples), collectEvidence(reference, samples), options);
}

/** Tool-call errors by class over one deployment's done calls. */
export function toolErrorsByClass(calls: readonly ProbeCall[]): Record<ToolErrorClass, number> {
  return collectEvidence(calls, 1).toolErrorsByClass;
}

/** Finish reasons of one deployment's done calls ("unknown" when none was reported). */
export function finishReasons(calls: readonly ProbeCall[]): Record<string, number> {
  return collectEvidence(calls, 1).finishReasons;
}

/** Output tokens of one deployment's done calls: p10, p50, p90, max. */
export function outputLength(calls: readonly ProbeCall[]) {
  return outputLengthOf(collectEvidence(calls, 1));
}
