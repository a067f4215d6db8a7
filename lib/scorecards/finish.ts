// The end of a run: when no call is queued or running, exactly one worker (a conditional UPDATE)
// finishes it, computes the scorecard over its calls and caches it on the run (summary), compares
// the run with the trailing baseline (the previous finished runs of the same suite version) and
// sends an alert per drift (./alerts.ts).
import "server-only";
import { getEnv, type Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { sendDriftAlerts } from "./alerts";
import type { DeploymentSnapshot } from "./schema";
import { detectDrifts, scoreScorecard } from "./stats";
import type { DeploymentScore, Drift, ProbeCall, ProbeFamily, ToolErrorClass } from "./types";

/** Finished runs the drift baseline is made of (trailing window). */
export const BASELINE_RUNS = 5;

/** What a run caches when it ends. */
export type RunSummary = { computedAt: string; deployments: DeploymentScore[]; drifts: Drift[] };

/** A run's calls as the statistics read them (cancelled calls were never measured and are left out). */
export async function probeCallsOf(db: PrismaClient, runId: string): Promise<ProbeCall[]> {
  const rows = await db.scorecardCall.findMany({
    where: { runId, status: { in: ["done", "failed", "skipped"] } },
    select: {
      deploymentId: true,
      itemKey: true,
      family: true,
      sample: true,
      status: true,
      pass: true,
      errorClass: true,
      finishReason: true,
      errorCode: true,
      httpStatus: true,
      ttftMs: true,
      totalMs: true,
      outputTokens: true,
      reasoningTokens: true,
      costUsd: true,
    },
  });
  return rows.map((r) => ({
    deploymentId: r.deploymentId,
    itemKey: r.itemKey,
    family: r.family as ProbeFamily,
    sample: r.sample,
    outcome: r.status === "done" ? "done" : r.status === "skipped" ? "skipped" : "error",
    pass: r.status === "done" ? r.pass : null,
    errorClass: (r.errorClass as ToolErrorClass | null) ?? null,
    finishReason: r.finishReason,
    errorCode: r.status === "done" ? null : r.errorCode,
    httpStatus: r.httpStatus,
    ttftMs: r.ttftMs,
    totalMs: r.totalMs,
    outputTokens: r.outputTokens,
    reasoningTokens: r.reasoningTokens,
    costUsd: r.costUsd == null ? null : Number(r.costUsd),
  }));
}

/** The scorecard of one run (computed from its calls). */
export async function computeRunScores(db: PrismaClient, run: { id: string; deployments: unknown; referenceId: string; samples: number }) {
  const calls = await probeCallsOf(db, run.id);
  return scoreScorecard({
    deployments: run.deployments as DeploymentSnapshot[],
    referenceId: run.referenceId,
    samples: run.samples,
    calls,
  });
}

/**
 * Finishes the run when nothing is left to do (safe to call after every call, from every worker:
 * only one UPDATE wins). "running" becomes "finished"; a cancelled run keeps its status. The
 * winner computes and caches the summary and, for a finished run, the drifts and their alerts.
 */
export async function finishRun(db: PrismaClient, runId: string, deps: { env?: Env; origin?: string } = {}): Promise<boolean> {
  const won = await db.$queryRaw<{ status: string }[]>`
    UPDATE "ScorecardRun" SET
      status = CASE WHEN status = 'running' THEN 'finished'::"ScorecardRunStatus" ELSE status END,
      "finishedAt" = now(),
      "updatedAt" = now()
    WHERE id = ${runId}
      AND status IN ('running', 'cancelled')
      AND "finishedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "ScorecardCall" WHERE "runId" = ${runId} AND status IN ('queued', 'running'))
    RETURNING status::text AS status`;
  if (!won.length) return false;
  try {
    await summarizeRun(db, runId, { env: deps.env ?? getEnv(), origin: deps.origin });
  } catch (error) {
    // the run is finished either way; the page computes the scorecard itself when no summary is cached
    console.error("[juxta] scorecard summary:", error instanceof Error ? error.message : error);
  }
  return true;
}

async function summarizeRun(db: PrismaClient, runId: string, deps: { env: Env; origin?: string }) {
  const run = await db.scorecardRun.findUnique({
    where: { id: runId },
    select: {
      id: true,
      scorecardId: true,
      status: true,
      deployments: true,
      referenceId: true,
      samples: true,
      suiteVersion: true,
      finishedAt: true,
    },
  });
  if (!run) return;
  const calls = await probeCallsOf(db, runId);
  const deployments = run.deployments as DeploymentSnapshot[];
  const scores = scoreScorecard({ deployments, referenceId: run.referenceId, samples: run.samples, calls });
  let drifts: Drift[] = [];
  if (run.status === "finished") {
    const baselineRuns = await db.scorecardRun.findMany({
      where: {
        scorecardId: run.scorecardId,
        status: "finished",
        suiteVersion: run.suiteVersion,
        id: { not: runId },
        finishedAt: { lt: run.finishedAt ?? new Date() },
      },
      orderBy: { finishedAt: "desc" },
      take: BASELINE_RUNS,
      select: { id: true },
    });
    if (baselineRuns.length) {
      // oldest first, one list per run
      const baseline = await Promise.all(baselineRuns.reverse().map((r) => probeCallsOf(db, r.id)));
      drifts = detectDrifts({ deployments, latest: calls, baseline, samples: run.samples });
    }
  }
  const summary: RunSummary = { computedAt: new Date().toISOString(), deployments: scores, drifts };
  await db.scorecardRun.update({ where: { id: runId }, data: { summary: summary as object } });
  if (drifts.length) await sendDriftAlerts(db, { scorecardId: run.scorecardId, runId, drifts }, deps);
}
