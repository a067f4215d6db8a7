// GET /api/v1/scorecards/<id>: the ScorecardView (lib/scorecards/types.ts). The deployments'
// metrics and verdicts are those of the latest finished run (cached on the run when it finished,
// computed now if missing); the history has one point per finished run, deployment and metric.
import "server-only";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertScorecard, type ScorecardAccess } from "./access";
import { computeRunScores, type RunSummary } from "./finish";
import type { DeploymentSnapshot } from "./schema";
import { runSummaries } from "./service";
import { loadSuite } from "./suites";
import type { DeploymentScore, MetricName, MetricValue, Schedule, ScorecardView } from "./types";

/** Runs of history the view carries (the charts). */
export const HISTORY_RUNS = 100;

type Deps = { db?: PrismaClient; env?: Env };

/** A run's cached summary, or computed now (and cached) when it finished without one. */
export async function summaryOf(
  db: PrismaClient,
  run: { id: string; summary: unknown; deployments: unknown; referenceId: string; samples: number; status: string },
): Promise<RunSummary> {
  const cached = run.summary as RunSummary | null;
  if (cached?.deployments) return cached;
  const summary: RunSummary = { computedAt: new Date().toISOString(), deployments: await computeRunScores(db, run), drifts: [] };
  if (run.status === "finished" || run.status === "cancelled")
    await db.scorecardRun.update({ where: { id: run.id }, data: { summary: summary as object } });
  return summary;
}

/** The metrics every deployment of the API carries (issue 12); one without evidence has value null and n 0. */
export const CORE_METRICS: MetricName[] = [
  "accuracy",
  "toolCallErrorRate",
  "ttftP50Ms",
  "outputTokensPerSecond",
  "errorRate",
  "costPerCorrectUsd",
];
const NO_EVIDENCE: MetricValue = { value: null, ciLow: null, ciHigh: null, n: 0 };

function withCoreMetrics(d: DeploymentScore): DeploymentScore {
  const metrics = { ...d.metrics };
  for (const m of CORE_METRICS) metrics[m] ??= NO_EVIDENCE;
  return { ...d, metrics };
}

/** Deployments before any run: no metrics yet. */
function emptyScores(deployments: DeploymentSnapshot[], referenceId: string): DeploymentScore[] {
  return deployments.map((d) => ({
    id: d.id,
    label: d.label,
    provider: d.provider,
    providerLabel: d.providerLabel,
    reference: d.id === referenceId,
    metrics: {},
    verdicts: {},
    verdictDetails: {},
    toolErrorsByClass: { invalid_json: 0, unknown_tool: 0, schema_mismatch: 0, wrong_arguments: 0 },
    finishReasons: {},
    outputLength: { p10: null, p50: null, p90: null, max: null },
    summary: "Not measured yet: start a run.",
  }));
}

export async function scorecardView(access: ScorecardAccess, deps: Deps = {}): Promise<ScorecardView> {
  const db = deps.db ?? getDb();
  const { id } = assertScorecard(access, "evals:read");
  return viewOf(db, id, deps);
}

/** The view without an access check (share links, after their own check). */
export async function viewOf(db: PrismaClient, id: string, deps: Deps = {}): Promise<ScorecardView> {
  void (deps.env ?? getEnv());
  const s = await db.scorecard.findUnique({ where: { id } });
  if (!s) throw new AppError("not_found", "This scorecard does not exist.");
  const suite = await loadSuite(s.suiteId, null, { db }).catch(() => null);
  const [runs, finished] = await Promise.all([
    runSummaries(db, id),
    db.scorecardRun.findMany({
      where: { scorecardId: id, status: { in: ["finished"] } },
      orderBy: { finishedAt: "desc" },
      take: HISTORY_RUNS,
      select: { id: true, summary: true, deployments: true, referenceId: true, samples: true, status: true, finishedAt: true },
    }),
  ]);
  const latest = finished[0];
  const latestSummary = latest ? await summaryOf(db, latest) : null;
  const history: ScorecardView["history"] = [];
  for (const run of [...finished].reverse()) {
    const summary = run === latest ? latestSummary! : ((run.summary as RunSummary | null) ?? null);
    if (!summary) continue;
    const at = (run.finishedAt ?? new Date()).toISOString();
    for (const d of summary.deployments)
      for (const [metric, value] of Object.entries(d.metrics) as [MetricName, MetricValue][])
        if (value) history.push({ runId: run.id, at, deploymentId: d.id, metric, value });
  }
  return {
    id: s.id,
    name: s.name,
    status: runs[0]?.status ?? "draft",
    teamId: s.teamId,
    suite: { id: s.suiteId, name: suite?.name ?? "(deleted suite)", version: suite?.version ?? "", items: suite?.items.length ?? 0 },
    samples: s.samples,
    schedule: (s.schedule as Schedule | null) ?? null,
    spendCapUsd: s.spendCapUsd == null ? null : Number(s.spendCapUsd),
    deployments: (latestSummary?.deployments ?? emptyScores(s.deployments as DeploymentSnapshot[], s.referenceId)).map(withCoreMetrics),
    runs,
    history,
    drifts: latestSummary?.drifts ?? [],
  };
}
