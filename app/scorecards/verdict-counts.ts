// The verdict counts the scorecards list shows: of the latest finished run of each scorecard, how
// many (deployment, metric) verdicts against the reference were equivalent, different, inconclusive.
// Reads the run's cached summary (lib/scorecards/view.ts summaryOf caches it when a run finishes).
import "server-only";
import { getDb } from "@/lib/db";
import type { DeploymentScore } from "@/lib/scorecards/types";

export type VerdictCounts = { equivalent: number; different: number; inconclusive: number };

export async function verdictCounts(scorecardIds: string[]): Promise<Map<string, VerdictCounts>> {
  if (scorecardIds.length === 0) return new Map();
  const runs = await getDb().scorecardRun.findMany({
    where: { scorecardId: { in: scorecardIds }, status: "finished" },
    orderBy: [{ scorecardId: "asc" }, { finishedAt: "desc" }],
    distinct: ["scorecardId"],
    select: { scorecardId: true, summary: true },
  });
  const out = new Map<string, VerdictCounts>();
  for (const run of runs) {
    const deployments = (run.summary as { deployments?: DeploymentScore[] } | null)?.deployments;
    if (!deployments) continue;
    const counts: VerdictCounts = { equivalent: 0, different: 0, inconclusive: 0 };
    for (const d of deployments) {
      if (d.reference) continue;
      for (const v of Object.values(d.verdicts ?? {})) if (v) counts[v] += 1;
    }
    out.set(run.scorecardId, counts);
  }
  return out;
}
