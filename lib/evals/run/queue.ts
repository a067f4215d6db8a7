// The job queue of background runs: pg-boss (jobs live in PostgreSQL, schema "pgboss"), one queue
// per provider so concurrency is bounded per provider. One pg-boss instance per process.
//
// Every answer has exactly one job, whose id is derived from the answer id (jobIdFor). So
// enqueueing twice is a no-op (pg-boss inserts with ON CONFLICT DO NOTHING), and pause / resume /
// cancel address a session's jobs by id through pg-boss's own API (cancel, resume, deleteJob).
//
// Embedded PGlite (`npm start` without DATABASE_URL): pglite-socket serves every connection from
// one PostgreSQL session through one query queue, and while a transaction is open it serves only
// the connection that opened it. pg-boss's statements are single statements (fetch is one
// UPDATE ... FOR UPDATE SKIP LOCKED) or whole BEGIN...COMMIT scripts sent as one message, so they
// stay correct there; nothing runs in parallel, which only costs throughput. The pool follows the
// URL's `connection_limit` (1 for the embedded database), like the app's Prisma client.
import "server-only";
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import type { ProviderId } from "@/lib/providers";
import { getRunConfig, runTimings, type RunConfig } from "./config";

export const QUEUE_SCHEMA = "pgboss";

export const PROVIDER_QUEUES: Record<ProviderId, string> = {
  openai: "eval-openai",
  azure: "eval-azure",
  bedrock: "eval-bedrock",
  compatible: "eval-compatible",
  anthropic: "eval-anthropic",
  // the same account quota as Converse (Bedrock throttles per model and account, whichever API)
  "bedrock-openai": "eval-bedrock",
  google: "eval-google",
  vertex: "eval-vertex",
};
export const QUEUE_NAMES = [...new Set(Object.values(PROVIDER_QUEUES))];

export type AnswerJobData = { answerId: string; sessionId: string };
/** A model judge's call (lib/judges/worker.ts): on the same provider queues, so judges share the per-provider concurrency. */
export type JudgeJobData = { judgeCallId: string; passId: string };
/** A scorecard call (lib/scorecards/worker.ts): on the same provider queues, as judges. */
export type ScorecardJobData = { scorecardCallId: string; runId: string };
export type AnswerJob = PgBoss.JobWithMetadata<AnswerJobData>;

/** The queue of a provider; an unknown provider (a stale session) falls back to the compatible queue. */
export function queueFor(provider: string): string {
  return PROVIDER_QUEUES[provider as ProviderId] ?? PROVIDER_QUEUES.compatible;
}

/** The job id of an answer: a UUID derived from the answer id (stable, so re-enqueueing is idempotent). */
export function jobIdFor(answerId: string): string {
  const h = createHash("sha256").update(`juxta-eval-answer:${answerId}`).digest("hex");
  // RFC 4122 layout, version 8 ("custom"), variant 10
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type EvalQueue = {
  boss: PgBoss;
  config: RunConfig;
  /** one job per judge call (lib/judges), on its judge's provider queue; calls already enqueued are skipped */
  enqueueJudgeCalls(items: { judgeCallId: string; passId: string; provider: string }[]): Promise<void>;
  /** one job per scorecard call (lib/scorecards), on its deployment's provider queue; calls already enqueued are skipped */
  enqueueScorecardCalls(items: { scorecardCallId: string; runId: string; provider: string }[]): Promise<void>;
  /**
   * A scorecard run's jobs, addressed by the run id in their data (one statement per action,
   * whatever the number of calls): "park" (pause), "unpark" (resume; failed ones get one more
   * try) or "remove" (cancel). Returns how many jobs changed.
   */
  scorecardJobs(runId: string, action: "park" | "unpark" | "remove"): Promise<number>;
  /** one job per answer; answers already enqueued are skipped */
  enqueue(items: { answerId: string; sessionId: string; provider: string }[]): Promise<void>;
  /** pause: their jobs stay in the queue, cancelled, until resume */
  park(items: { answerId: string; provider: string }[]): Promise<void>;
  /** resume parked jobs (and give failed ones one more try) */
  unpark(items: { answerId: string; provider: string }[]): Promise<void>;
  /** cancel: their jobs are removed */
  remove(items: { answerId: string; provider: string }[]): Promise<void>;
  /** fail the jobs of answers whose worker died, so pg-boss retries them */
  failStale(items: { answerId: string; provider: string }[]): Promise<void>;
  /** wake local workers after an enqueue (other processes poll) */
  onEnqueue(listener: () => void): () => void;
  stop(): Promise<void>;
};

export type EvalQueueOptions = Partial<RunConfig> & { connectionString?: string; poolSize?: number; schedule?: boolean };

function poolSizeOf(url: string, fallback: number): number {
  const limit = Number(new URL(url).searchParams.get("connection_limit"));
  return Number.isInteger(limit) && limit > 0 ? limit : fallback;
}

function byQueue<T extends { provider: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const q = queueFor(item.provider);
    groups.set(q, [...(groups.get(q) ?? []), item]);
  }
  return groups;
}

const CHUNK = 1000;
function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Starts a pg-boss instance (creating its schema and the provider queues on first use). */
export async function createEvalQueue(options: EvalQueueOptions = {}): Promise<EvalQueue> {
  const url = options.connectionString ?? process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: the evaluation queue lives in the app's database.");
  const config: RunConfig = { ...getRunConfigSafe(), ...stripUndefined(options) };
  const timings = runTimings(config);
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: options.poolSize ?? poolSizeOf(url, 4),
    application_name: "juxta-evals",
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
    // cron schedules (scorecards, lib/scorecards/schedule.ts): pg-boss keeps them in its own
    // table and one instance at a time turns a due schedule into a job (its cron lock)
    schedule: options.schedule ?? true,
  });
  boss.on("error", (error: unknown) => console.error("[juxta] eval queue:", error instanceof Error ? error.message : error));
  await boss.start();
  for (const name of QUEUE_NAMES) await boss.createQueue(name, { name, policy: "standard" });

  const listeners = new Set<() => void>();
  const jobOptions = {
    retryLimit: config.retryLimit,
    retryDelay: config.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: timings.expireInSeconds,
  };

  const each = async (items: { answerId: string; provider: string }[], run: (queue: string, ids: string[]) => Promise<unknown>) => {
    for (const [queue, group] of byQueue(items))
      for (const part of chunks(group))
        await run(
          queue,
          part.map((i) => jobIdFor(i.answerId)),
        );
  };

  return {
    boss,
    config,
    async enqueue(items) {
      for (const [queue, group] of byQueue(items))
        for (const part of chunks(group))
          await boss.insert(
            part.map((i) => ({
              id: jobIdFor(i.answerId),
              name: queue,
              data: { answerId: i.answerId, sessionId: i.sessionId } satisfies AnswerJobData,
              ...jobOptions,
            })),
          );
      for (const l of listeners) l();
    },
    async enqueueJudgeCalls(items) {
      for (const [queue, group] of byQueue(items))
        for (const part of chunks(group))
          await boss.insert(
            part.map((i) => ({
              id: jobIdFor(`judge:${i.judgeCallId}`),
              name: queue,
              data: { judgeCallId: i.judgeCallId, passId: i.passId } satisfies JudgeJobData,
              ...jobOptions,
            })),
          );
      for (const l of listeners) l();
    },
    async enqueueScorecardCalls(items) {
      for (const [queue, group] of byQueue(items))
        for (const part of chunks(group))
          await boss.insert(
            part.map((i) => ({
              id: jobIdFor(`scorecard:${i.scorecardCallId}`),
              name: queue,
              data: { scorecardCallId: i.scorecardCallId, runId: i.runId } satisfies ScorecardJobData,
              ...jobOptions,
            })),
          );
      for (const l of listeners) l();
    },
    async scorecardJobs(runId, action) {
      const db = boss.getDb();
      const where = `name = ANY($1::text[]) AND data->>'runId' = $2`;
      const sql =
        action === "park"
          ? `UPDATE ${QUEUE_SCHEMA}.job SET state = 'cancelled', completed_on = now() WHERE ${where} AND state IN ('created', 'retry')`
          : action === "unpark"
            ? `UPDATE ${QUEUE_SCHEMA}.job SET state = 'created', completed_on = NULL, start_after = now(),
                 retry_limit = CASE WHEN state = 'failed' THEN retry_limit + 1 ELSE retry_limit END
               WHERE ${where} AND state IN ('cancelled', 'failed')`
            : `DELETE FROM ${QUEUE_SCHEMA}.job WHERE ${where} AND state <> 'active'`;
      const result = (await db.executeSql(`WITH changed AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM changed`, [
        QUEUE_NAMES,
        runId,
      ])) as {
        rows: { n: number }[];
      };
      if (action === "unpark") for (const l of listeners) l();
      return result.rows[0]?.n ?? 0;
    },
    park: (items) => each(items, (queue, ids) => boss.cancel(queue, ids)),
    async unpark(items) {
      await each(items, async (queue, ids) => {
        await boss.resume(queue, ids);
        await boss.retry(queue, ids);
      });
      for (const l of listeners) l();
    },
    remove: (items) => each(items, (queue, ids) => boss.deleteJob(queue, ids)),
    failStale: (items) => each(items, (queue, ids) => boss.fail(queue, ids)),
    onEnqueue(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      listeners.clear();
      await boss.stop({ graceful: false, wait: true, close: true });
    },
  };
}

function getRunConfigSafe(): RunConfig {
  return getRunConfig();
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && k !== "connectionString" && k !== "poolSize" && k !== "schedule"),
  ) as Partial<T>;
}

// ---------------------------------------------------------------------------------------------
// the process-wide instance (routes enqueue through it; workers fetch through it)

const globalForQueue = globalThis as unknown as { juxtaEvalQueue?: Promise<EvalQueue> };

/** The process's queue on DATABASE_URL, started on first use. */
export function getEvalQueue(): Promise<EvalQueue> {
  if (!globalForQueue.juxtaEvalQueue) {
    const started = createEvalQueue();
    globalForQueue.juxtaEvalQueue = started;
    // a failed start is not cached: the next call tries again
    started.catch(() => {
      if (globalForQueue.juxtaEvalQueue === started) globalForQueue.juxtaEvalQueue = undefined;
    });
  }
  return globalForQueue.juxtaEvalQueue;
}

/** Stops the process's queue (tests; shutdown). */
export async function stopEvalQueue(): Promise<void> {
  const current = globalForQueue.juxtaEvalQueue;
  globalForQueue.juxtaEvalQueue = undefined;
  if (current) await (await current.catch(() => null))?.stop();
}
