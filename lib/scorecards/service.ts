// Scorecards: create (deployments checked against the catalog), list, read, change, delete, and
// the runs: start (one ScorecardCall per deployment x item x sample, one job each on the provider
// queues), pause, resume, cancel. The calls themselves are made by the workers (./worker.ts).
// Bulk changes address a run's calls and jobs by the run id in one statement each, so a run of
// 40,000 calls cancels as fast as one of 40.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { getEvalQueue, type EvalQueue } from "@/lib/evals/run/queue";
import { priceOfModel } from "@/lib/evals/run/spend";
import { findModel, missingConfigHint } from "@/lib/providers";
import { requireTeamPermission, teamIdsWith } from "@/lib/teams/access";
import { assertScorecard, readableBy, type ScorecardAccess } from "./access";
import { finishRun } from "./finish";
import { itemsForModel } from "./probes";
import { syncSchedule, unschedule } from "./schedule";
import type { CreateScorecardInput, DeploymentSnapshot, UpdateScorecardInput } from "./schema";
import { openWebhooks, sealWebhooks, webhookLabel } from "./secrets";
import { loadSuite } from "./suites";
import type { Schedule, ScorecardRunStatus, ScorecardRunSummary } from "./types";

export type ScorecardDeps = { db?: PrismaClient; env?: Env; queue?: EvalQueue; now?: Date };

export type ScorecardSummary = {
  id: string;
  name: string;
  status: ScorecardRunStatus | "draft";
  team: { id: string; name: string } | null;
  deployments: { id: string; label: string; providerLabel: string; reference: boolean }[];
  suiteId: string;
  samples: number;
  schedule: Schedule | null;
  lastRunAt: string | null;
  createdAt: string;
};

/** The deployments as the catalog has them now; 400 naming `deployments.<i>` for an unknown or unavailable one. */
export function resolveDeployments(ids: string[], env: Env, field = "deployments"): DeploymentSnapshot[] {
  return ids.map((id, i) => {
    const model = findModel(id, env);
    if (!model) throw new AppError("unknown_model", `Unknown deployment "${id}". GET /api/v1/models lists the models.`, `${field}.${i}`);
    if (!model.available)
      throw new AppError(
        "model_unavailable",
        `${model.label} (${model.providerLabel}) is not available: ${missingConfigHint(model.provider, env)}`,
        `${field}.${i}`,
      );
    const price = priceOfModel(model);
    return {
      id: model.id,
      label: model.label,
      provider: model.provider,
      providerLabel: model.providerLabel,
      logicalModel: model.logicalModel,
      price: price ? { input: price.input, output: price.output } : null,
    };
  });
}

export async function createScorecard(
  input: CreateScorecardInput,
  viewer: Pick<Viewer, "id">,
  deps: ScorecardDeps = {},
): Promise<{ id: string }> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  if (input.teamId) await requireTeamPermission(input.teamId, viewer, "evals:create", db);
  const deployments = resolveDeployments(input.deployments, env);
  if (!input.deployments.includes(input.reference))
    throw new AppError("validation", "The reference must be one of the deployments.", "reference");
  const suite = await loadSuite(input.suite, viewer, { db });
  if (input.suite !== "builtin") {
    // a team scorecard may only use a personal suite of its creator or a suite of the same team
    const row = await db.probeSuite.findUnique({ where: { id: input.suite }, select: { teamId: true } });
    if (row?.teamId && row.teamId !== (input.teamId ?? null))
      throw new AppError("validation", "This probe suite belongs to another team: use a suite of the scorecard's team.", "suite");
  }
  if (!suite.items.length) throw new AppError("validation", "This probe suite has no items.", "suite");
  if (input.spendCapUsd != null) {
    const unpriced = deployments.filter((d) => !d.price);
    if (unpriced.length)
      throw new AppError(
        "validation",
        `Cannot keep to the spend cap: ${unpriced.map((d) => d.label).join(", ")} ${unpriced.length === 1 ? "has" : "have"} no known price. Set a price (JUXTA_PRICES) or remove the cap.`,
        "spendCapUsd",
      );
  }
  const id = newId();
  await db.scorecard.create({
    data: {
      id,
      name: input.name,
      teamId: input.teamId ?? null,
      ownerId: viewer.id,
      deployments,
      referenceId: input.reference,
      suiteId: input.suite,
      samples: input.samples,
      schedule: input.schedule,
      spendCapUsd: input.spendCapUsd ?? null,
      alertEmail: input.alerts?.email ?? true,
      alertWebhooks: sealWebhooks(input.alerts?.webhooks ?? [], env),
    },
  });
  if (input.schedule) await syncSchedule({ id, schedule: input.schedule }, deps.queue ?? (await getEvalQueue()));
  return { id };
}

export async function listScorecards(
  { viewer, teamId }: { viewer: Pick<Viewer, "id">; teamId?: string },
  deps: ScorecardDeps = {},
): Promise<ScorecardSummary[]> {
  const db = deps.db ?? getDb();
  const teamIds = await teamIdsWith(viewer, "evals:read", db);
  const rows = await db.scorecard.findMany({
    where: teamId ? { AND: [readableBy(viewer.id, teamIds), { teamId }] } : readableBy(viewer.id, teamIds),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      name: true,
      deployments: true,
      referenceId: true,
      suiteId: true,
      samples: true,
      schedule: true,
      createdAt: true,
      team: { select: { id: true, name: true } },
      runs: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, createdAt: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.runs[0]?.status ?? "draft",
    team: r.team,
    deployments: (r.deployments as DeploymentSnapshot[]).map((d) => ({
      id: d.id,
      label: d.label,
      providerLabel: d.providerLabel,
      reference: d.id === r.referenceId,
    })),
    suiteId: r.suiteId,
    samples: r.samples,
    schedule: (r.schedule as Schedule | null) ?? null,
    lastRunAt: r.runs[0]?.createdAt.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** The scorecard's settings (the alert webhooks by origin only: they may carry tokens). */
export type ScorecardSettings = {
  id: string;
  name: string;
  teamId: string | null;
  ownerId: string;
  deployments: DeploymentSnapshot[];
  referenceId: string;
  suiteId: string;
  samples: number;
  schedule: Schedule | null;
  spendCapUsd: number | null;
  alerts: { email: boolean; webhooks: string[] };
  createdAt: string;
  can: string[];
};

export async function getScorecardSettings(access: ScorecardAccess, deps: ScorecardDeps = {}): Promise<ScorecardSettings> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const { id } = assertScorecard(access, "evals:read");
  const s = await db.scorecard.findUnique({ where: { id } });
  if (!s) throw new AppError("not_found", "This scorecard does not exist.");
  return {
    id: s.id,
    name: s.name,
    teamId: s.teamId,
    ownerId: s.ownerId,
    deployments: s.deployments as DeploymentSnapshot[],
    referenceId: s.referenceId,
    suiteId: s.suiteId,
    samples: s.samples,
    schedule: (s.schedule as Schedule | null) ?? null,
    spendCapUsd: s.spendCapUsd == null ? null : Number(s.spendCapUsd),
    alerts: { email: s.alertEmail, webhooks: openWebhooks(s.alertWebhooks, env).map(webhookLabel) },
    createdAt: s.createdAt.toISOString(),
    can: access.can,
  };
}

export async function updateScorecard(access: ScorecardAccess, input: UpdateScorecardInput, deps: ScorecardDeps = {}): Promise<void> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const { id } = assertScorecard(access, "evals:create");
  const s = await db.scorecard.findUnique({ where: { id }, select: { deployments: true } });
  if (!s) throw new AppError("not_found", "This scorecard does not exist.");
  if (input.spendCapUsd != null && (s.deployments as DeploymentSnapshot[]).some((d) => !d.price))
    throw new AppError("validation", "Cannot keep to a spend cap: a deployment has no known price.", "spendCapUsd");
  await db.scorecard.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.schedule !== undefined ? { schedule: input.schedule } : {}),
      ...(input.spendCapUsd !== undefined ? { spendCapUsd: input.spendCapUsd } : {}),
      ...(input.alerts?.email !== undefined ? { alertEmail: input.alerts.email } : {}),
      ...(input.alerts?.webhooks !== undefined ? { alertWebhooks: sealWebhooks(input.alerts.webhooks, env) } : {}),
    },
  });
  if (input.schedule !== undefined) {
    const queue = deps.queue ?? (await getEvalQueue());
    if (input.schedule) await syncSchedule({ id, schedule: input.schedule }, queue);
    else await unschedule(id, queue);
  }
}

/** Deletes the scorecard with its runs; runs under way are cancelled first, its schedule removed. */
export async function deleteScorecard(access: ScorecardAccess, deps: ScorecardDeps = {}): Promise<void> {
  const db = deps.db ?? getDb();
  const { id } = assertScorecard(access, "evals:create");
  const queue = deps.queue ?? (await getEvalQueue());
  const active = await db.scorecardRun.findMany({
    where: { scorecardId: id, status: { in: ["queued", "running", "paused"] } },
    select: { id: true },
  });
  for (const r of active) {
    await db.scorecardRun.updateMany({ where: { id: r.id }, data: { status: "cancelled" } });
    await queue.scorecardJobs(r.id, "remove");
  }
  await unschedule(id, queue);
  await db.scorecard.delete({ where: { id } });
}

// ---------------------------------------------------------------------------------------------
// runs

const runSelect = {
  id: true,
  status: true,
  trigger: true,
  suiteVersion: true,
  callsTotal: true,
  chargedUsd: true,
  createdAt: true,
  finishedAt: true,
} as const;

/** The runs' summaries with their progress (newest first). */
export async function runSummaries(db: PrismaClient, scorecardId: string, take = 50): Promise<ScorecardRunSummary[]> {
  const runs = await db.scorecardRun.findMany({
    where: { scorecardId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: runSelect,
  });
  if (!runs.length) return [];
  const ended = await db.scorecardCall.groupBy({
    by: ["runId"],
    where: { runId: { in: runs.map((r) => r.id) }, status: { in: ["done", "failed", "skipped", "cancelled"] } },
    _count: { _all: true },
  });
  const done = new Map(ended.map((e) => [e.runId, e._count._all]));
  return runs.map((r) => ({
    id: r.id,
    status: r.status,
    trigger: r.trigger === "schedule" ? "schedule" : "manual",
    suiteVersion: r.suiteVersion,
    callsDone: done.get(r.id) ?? 0,
    callsTotal: r.callsTotal,
    spentUsd: Number(r.chargedUsd),
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}

async function runSummary(db: PrismaClient, scorecardId: string, runId: string): Promise<ScorecardRunSummary> {
  const all = await runSummaries(db, scorecardId, 200);
  const run = all.find((r) => r.id === runId);
  if (!run) throw new AppError("not_found", "This run does not exist.");
  return run;
}

/**
 * Starts a run (evals:run; a scheduled run passes `trigger: "schedule"` and no viewer check). One
 * run at a time per scorecard: 409 while one is queued, running or paused.
 */
export async function startScorecardRun(
  scorecardId: string,
  trigger: "manual" | "schedule",
  deps: ScorecardDeps = {},
): Promise<ScorecardRunSummary> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const s = await db.scorecard.findUnique({ where: { id: scorecardId } });
  if (!s) throw new AppError("not_found", "This scorecard does not exist.");
  const suite = await loadSuite(s.suiteId, null, { db });
  const snapshot = s.deployments as DeploymentSnapshot[];
  const runId = newId();
  const calls: {
    id: string;
    runId: string;
    deploymentId: string;
    provider: string;
    itemKey: string;
    family: string;
    sample: number;
    status: "queued" | "skipped" | "failed";
    errorCode?: string;
    errorMessage?: string;
    finishedAt?: Date;
  }[] = [];
  for (const d of snapshot) {
    const model = findModel(d.id, env);
    if (!model || !model.available) {
      // recorded as failed calls: the run still says what was not measured, and why
      for (const item of suite.items)
        for (let k = 0; k < s.samples; k++)
          calls.push({
            id: newId(),
            runId,
            deploymentId: d.id,
            provider: d.provider,
            itemKey: item.key,
            family: item.family,
            sample: k,
            status: "failed",
            errorCode: "model_unavailable",
            errorMessage: `${d.label} (${d.providerLabel}) is not available on this server (its provider is not configured).`,
            finishedAt: new Date(),
          });
      continue;
    }
    const { items, skipped } = itemsForModel(suite, model.contextWindow ?? null, model.capabilities ?? null, model);
    for (const item of items)
      for (let k = 0; k < s.samples; k++)
        calls.push({
          id: newId(),
          runId,
          deploymentId: d.id,
          provider: d.provider,
          itemKey: item.key,
          family: item.family,
          sample: k,
          status: "queued",
        });
    for (const item of skipped)
      for (let k = 0; k < s.samples; k++)
        calls.push({
          id: newId(),
          runId,
          deploymentId: d.id,
          provider: d.provider,
          itemKey: item.key,
          family: item.family,
          sample: k,
          status: "skipped",
          errorCode: `skipped:${item.reason}`,
          errorMessage: item.detail,
          finishedAt: new Date(),
        });
  }
  const queue = deps.queue ?? (await getEvalQueue());
  await db.$transaction(
    async (tx) => {
      // one run at a time: the scorecard row's lock orders two starts
      await tx.$executeRaw`SELECT 1 FROM "Scorecard" WHERE id = ${scorecardId} FOR UPDATE`;
      const active = await tx.scorecardRun.findFirst({
        where: { scorecardId, status: { in: ["queued", "running", "paused"] } },
        select: { id: true },
      });
      if (active) throw new AppError("conflict", "A run of this scorecard is under way: wait for it to finish, or cancel it.");
      await tx.scorecardRun.create({
        data: {
          id: runId,
          scorecardId,
          status: "running",
          trigger,
          suiteVersion: suite.version,
          deployments: snapshot,
          referenceId: s.referenceId,
          samples: s.samples,
          spendCapUsd: s.spendCapUsd,
          callsTotal: calls.length,
          startedAt: new Date(),
        },
      });
      for (let i = 0; i < calls.length; i += 2000) await tx.scorecardCall.createMany({ data: calls.slice(i, i + 2000) });
    },
    { timeout: 120_000 },
  );
  const queued = calls.filter((c) => c.status === "queued");
  await queue.enqueueScorecardCalls(queued.map((c) => ({ scorecardCallId: c.id, runId, provider: c.provider })));
  if (!queued.length) await finishRun(db, runId, { env });
  return runSummary(db, scorecardId, runId);
}

async function runOf(db: PrismaClient, scorecardId: string, runId: string) {
  const run = await db.scorecardRun.findFirst({ where: { id: runId, scorecardId }, select: { id: true, status: true } });
  if (!run) throw new AppError("not_found", "This run does not exist.");
  return run;
}

const conflict = (action: string, status: string) => new AppError("conflict", `Cannot ${action}: the run is ${status}.`);

/** Pauses: nothing new starts (calls under way finish); the run's jobs wait, parked, in one statement. */
export async function pauseScorecardRun(access: ScorecardAccess, runId: string, deps: ScorecardDeps = {}): Promise<ScorecardRunSummary> {
  const db = deps.db ?? getDb();
  const { id } = assertScorecard(access, "evals:run");
  const run = await runOf(db, id, runId);
  const { count } = await db.scorecardRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "paused" } });
  if (!count) throw conflict("pause", run.status);
  await (deps.queue ?? (await getEvalQueue())).scorecardJobs(runId, "park");
  return runSummary(db, id, runId);
}

export async function resumeScorecardRun(access: ScorecardAccess, runId: string, deps: ScorecardDeps = {}): Promise<ScorecardRunSummary> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const { id } = assertScorecard(access, "evals:run");
  const run = await runOf(db, id, runId);
  const { count } = await db.scorecardRun.updateMany({ where: { id: runId, status: "paused" }, data: { status: "running" } });
  if (!count) throw conflict("resume", run.status);
  await (deps.queue ?? (await getEvalQueue())).scorecardJobs(runId, "unpark");
  await finishRun(db, runId, { env });
  return runSummary(db, id, runId);
}

/** Cancels: every queued call becomes cancelled and the run's jobs are deleted, one statement each. */
export async function cancelScorecardRun(access: ScorecardAccess, runId: string, deps: ScorecardDeps = {}): Promise<ScorecardRunSummary> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const { id } = assertScorecard(access, "evals:run");
  const run = await runOf(db, id, runId);
  const { count } = await db.scorecardRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running", "paused"] } },
    data: { status: "cancelled" },
  });
  if (!count) throw conflict("cancel", run.status);
  await cancelQueuedCalls(db, runId, "cancelled", "Not run: the run was cancelled.");
  await (deps.queue ?? (await getEvalQueue())).scorecardJobs(runId, "remove");
  await finishRun(db, runId, { env });
  return runSummary(db, id, runId);
}

/** One UPDATE for every queued call of the run. */
export async function cancelQueuedCalls(db: PrismaClient, runId: string, code: string, message: string): Promise<number> {
  return db.$executeRaw`
    UPDATE "ScorecardCall" SET status = 'cancelled', "errorCode" = ${code}, "errorMessage" = ${message}, "finishedAt" = now(), "updatedAt" = now()
    WHERE "runId" = ${runId} AND status = 'queued'`;
}

export { runSummary };
