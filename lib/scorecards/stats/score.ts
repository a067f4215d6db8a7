// A scorecard's table: every deployment's metrics, its verdicts against the reference, the mixes,
// and one sentence a person reads ("Same model as the reference on everything measured", or what
// differs and what is still open).
import type { DeploymentScore, MetricName, ProbeCall, VerdictDetail } from "@/lib/scorecards/types";
import { metricNames } from "@/lib/scorecards/types";
import { compareEvidence, type Margins } from "./compare";
import { callsByDeployment, collectEvidence, type Evidence } from "./evidence";
import { metricsOf, outputLengthOf } from "./metrics";
import { capitalize, differsClause, listText, metricLabels } from "./words";

export type DeploymentInfo = { id: string; label: string; provider: string; providerLabel: string };

export const SAME_MODEL = "Same model as the reference on everything measured";
export const REFERENCE_SUMMARY = "Reference";

/** A verdict rests on evidence on both sides (else the metric was not measured for this pair). */
export const measured = (d: VerdictDetail) => d.verdict !== "inconclusive" || d.ci95 !== null;

/**
 * The one sentence for a deployment compared with the reference, from its verdicts: the metrics
 * that differ, in plain words with the difference (accuracy in points with its 95% interval, times
 * and cost in percent), then what is inconclusive.
 */
export function summarize(details: Partial<Record<MetricName, VerdictDetail>>): string {
  const entries = metricNames.flatMap((m) => (details[m] ? [[m, details[m]] as const] : []));
  const measuredOnes = entries.filter(([, d]) => measured(d));
  if (measuredOnes.length === 0) return "Not compared yet: no evidence on both sides";
  const different = measuredOnes.filter(([, d]) => d.verdict === "different");
  const open = measuredOnes.filter(([, d]) => d.verdict === "inconclusive");
  if (different.length === 0 && open.length === 0) return SAME_MODEL;
  const parts = different.map(([m, d]) => differsClause(m, d));
  if (open.length > 0) {
    // the accuracy families read as one phrase: "accuracy on reasoning, tool calling and long context"
    const families = open.filter(([m]) => m.startsWith("accuracy.")).map(([m]) => metricLabels[m].replace(/^accuracy on /, ""));
    const labels = open.filter(([m]) => !m.startsWith("accuracy.")).map(([m]) => metricLabels[m]);
    if (families.length > 0) labels.push(`accuracy on ${listText(families)}`);
    const named = labels.length > 4 ? `${labels.slice(0, 3).join(", ")} and ${labels.length - 3} more` : listText(labels);
    const needed = open.map(([, d]) => d.samplesToDecide);
    const most = needed.every((n) => n !== null) ? Math.max(...(needed as number[])) : null;
    const hint = most !== null ? ` (about ${most.toLocaleString("en-US")} calls per metric would decide)` : "";
    parts.push(`${different.length === 0 ? "no difference found so far; " : ""}inconclusive on ${named}${hint}`);
  }
  return capitalize(parts.join("; "));
}

export type ScoreInput = {
  deployments: readonly DeploymentInfo[];
  referenceId: string;
  calls: readonly ProbeCall[];
  /** K: samples per item */
  samples: number;
  margins?: Partial<Margins> | null;
};

/** Scores every deployment of one run (its calls) against the reference deployment. */
export function scoreScorecard({ deployments, referenceId, calls, samples, margins }: ScoreInput): DeploymentScore[] {
  const by = callsByDeployment(calls);
  const evidence = new Map<string, Evidence>(deployments.map((d) => [d.id, collectEvidence(by.get(d.id) ?? [], samples)]));
  const ref = evidence.get(referenceId) ?? collectEvidence([], samples);
  return deployments.map((d) => {
    const e = evidence.get(d.id)!;
    const reference = d.id === referenceId;
    const verdictDetails = reference ? {} : compareEvidence(e, ref, { margins });
    const verdicts: DeploymentScore["verdicts"] = {};
    for (const [m, v] of Object.entries(verdictDetails) as [MetricName, VerdictDetail][]) verdicts[m] = v.verdict;
    return {
      id: d.id,
      label: d.label,
      provider: d.provider,
      providerLabel: d.providerLabel,
      reference,
      metrics: metricsOf(e),
      verdicts,
      verdictDetails,
      toolErrorsByClass: { ...e.toolErrorsByClass },
      finishReasons: { ...e.finishReasons },
      outputLength: outputLengthOf(e),
      summary: reference ? REFERENCE_SUMMARY : summarize(verdictDetails),
    };
  });
}
