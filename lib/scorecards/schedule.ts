// Scheduled scorecard runs through pg-boss's cron (lib/evals/run/queue.ts turns scheduling on).
// pg-boss 10 keeps one schedule per queue name, so each scheduled scorecard has its own small
// queue, `scorecard-cron.<id>`, holding its one schedule: set on create / PATCH, removed (with the
// queue) on unschedule or delete. Once a minute one pg-boss instance turns due schedules into
// jobs; the schedule pump here (started with the eval workers) takes them and starts a run with
// trigger "schedule". The minute (and hour, day) of each scorecard's cron is spread by its id so
// many scorecards do not all start at once.
import "server-only";
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { QUEUE_SCHEMA, type EvalQueue } from "@/lib/evals/run/queue";
import type { Schedule } from "./types";

export const CRON_QUEUE_PREFIX = "scorecard-cron.";
export const cronQueueOf = (scorecardId: string) => `${CRON_QUEUE_PREFIX}${scorecardId}`;

/** The cron expression of a schedule, spread by the scorecard id (UTC). */
export function cronOf(scorecardId: string, schedule: Schedule): string {
  const h = createHash("sha256").update(scorecardId).digest();
  const minute = h[0]! % 60;
  const hour = h[1]! % 24;
  const day = h[2]! % 7;
  if (schedule === "hourly") return `${minute} * * * *`;
  if (schedule === "daily") return `${minute} ${hour} * * *`;
  return `${minute} ${hour} * * ${day}`;
}

export type ScheduledJobData = { scorecardId: string };

/** Sets (or replaces) the scorecard's one schedule. */
export async function syncSchedule(scorecard: { id: string; schedule: Schedule }, queue: EvalQueue): Promise<void> {
  const name = cronQueueOf(scorecard.id);
  await queue.boss.createQueue(name, { name, policy: "stately" });
  await queue.boss.schedule(name, cronOf(scorecard.id, scorecard.schedule), { scorecardId: scorecard.id } satisfies ScheduledJobData, {
    tz: "UTC",
    retryLimit: 2,
    expireInSeconds: 600,
  });
}

/** Removes the schedule and its queue (its pending jobs with it); nothing when there was none. */
export async function unschedule(scorecardId: string, queue: EvalQueue): Promise<void> {
  const name = cronQueueOf(scorecardId);
  await queue.boss.unschedule(name).catch(() => {});
  await queue.boss.deleteQueue(name).catch(() => {});
}

/** The scorecard ids with a schedule in pg-boss (for the pages and tests). */
export async function scheduledScorecards(queue: EvalQueue): Promise<{ scorecardId: string; cron: string }[]> {
  const schedules = await queue.boss.getSchedules();
  return schedules
    .filter((s) => s.name.startsWith(CRON_QUEUE_PREFIX))
    .map((s) => ({ scorecardId: s.name.slice(CRON_QUEUE_PREFIX.length), cron: s.cron }));
}

/**
 * The scheduled job's handler: starts a run with trigger "schedule". A scorecard deleted or no
 * longer scheduled is skipped; one with a run under way skips this time (the next tick tries again).
 */
export async function handleScheduledRun(
  data: ScheduledJobData,
  deps: { db: PrismaClient; env: Env; queue: EvalQueue },
): Promise<{ started: string | null; reason?: string }> {
  const s = await deps.db.scorecard.findUnique({ where: { id: data.scorecardId }, select: { id: true, schedule: true } });
  if (!s) return { started: null, reason: "deleted" };
  if (!s.schedule) return { started: null, reason: "unscheduled" };
  const { startScorecardRun } = await import("./service");
  try {
    const run = await startScorecardRun(s.id, "schedule", deps);
    return { started: run.id };
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return { started: null, reason: "busy" };
    throw error;
  }
}

/** Takes due scheduled jobs from every scorecard's cron queue and starts their runs. One pass. */
export async function pumpSchedules(deps: { db: PrismaClient; env: Env; queue: EvalQueue }): Promise<number> {
  const { rows } = (await deps.queue.boss
    .getDb()
    .executeSql(
      `SELECT DISTINCT name FROM ${QUEUE_SCHEMA}.job WHERE name LIKE $1 AND state IN ('created', 'retry') AND start_after <= now()`,
      [`${CRON_QUEUE_PREFIX}%`],
    )) as { rows: { name: string }[] };
  let started = 0;
  for (const { name } of rows) {
    const jobs = await deps.queue.boss.fetch<ScheduledJobData>(name, { batchSize: 1 });
    for (const job of jobs) {
      try {
        const r = await handleScheduledRun(job.data, deps);
        if (r.started) started++;
        await deps.queue.boss.complete(name, job.id);
      } catch (error) {
        await deps.queue.boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return started;
}
