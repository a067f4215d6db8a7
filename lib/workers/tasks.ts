// The statistics that run off the request thread (lib/workers/pool.ts): pure functions of plain
// data, the same in a worker thread and, with JUXTA_STATS_THREADS=0, in the calling thread.
// No framework, no database, no `server-only` (a worker loads this file on its own).
import { bootstrapBradleyTerry } from "@/lib/ratings/bootstrap";
import { bootstrapStyleControl } from "@/lib/ratings/style";
import { criterionMeans } from "@/lib/evals/results-stats";

export const statsTasks = {
  bootstrapBradleyTerry,
  bootstrapStyleControl,
  criterionMeans,
};

export type StatsTasks = typeof statsTasks;
export type StatsTask = keyof StatsTasks;

export type TaskRequest = { id: number; task: StatsTask; args: unknown[] };
export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; stack?: string };

export function runTask(task: StatsTask, args: unknown[]): unknown {
  const fn = statsTasks[task] as (...a: unknown[]) => unknown;
  if (typeof fn !== "function") throw new Error(`unknown statistics task "${String(task)}"`);
  return fn(...args);
}
