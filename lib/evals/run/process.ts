// Starts the answer workers in an app process (called from instrumentation.ts register()), once
// per process, unless JUXTA_EVAL_WORKERS=0. Every app instance on the same database runs its own
// workers; pg-boss and the answer claims share the work between them.
import "server-only";
import { getDb } from "@/lib/db";
import { getRunConfig } from "./config";
import { getEvalQueue, stopEvalQueue } from "./queue";
import { startEvalWorkers, type EvalWorkers } from "./worker";
import { log } from "@/lib/observability/log";

const globalForWorkers = globalThis as unknown as { juxtaEvalWorkers?: Promise<EvalWorkers | null> };

export function startAppEvalWorkers(): Promise<EvalWorkers | null> {
  globalForWorkers.juxtaEvalWorkers ??= (async () => {
    const config = getRunConfig();
    if (!config.workers || !process.env.DATABASE_URL) return null;
    const queue = await getEvalQueue();
    const workers = startEvalWorkers({ db: getDb(), queue });
    log.info(`evaluation workers started (${config.concurrency} calls at once per provider in this process)`);
    const stop = (signal: NodeJS.Signals) => {
      // a listener of ours must not keep the process alive when nothing else handles the signal
      const alone = process.listenerCount(signal) === 0;
      // answers under way get 10 s to finish; the rest go back to the queue (leases cover a hard stop)
      void workers
        .stop({ graceMs: 10_000 })
        .then(() => stopEvalQueue())
        .catch(() => {})
        .finally(() => {
          if (alone) process.exit(signal === "SIGINT" ? 130 : 143);
        });
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    return workers;
  })().catch((error: unknown) => {
    log.error("evaluation workers could not start", { error });
    globalForWorkers.juxtaEvalWorkers = undefined;
    return null;
  });
  return globalForWorkers.juxtaEvalWorkers;
}
