// An app-like process that only runs the evaluation workers, for the restart and two-process
// tests: `node --conditions=react-server --import tsx tests/helpers/eval-worker-process.ts` (the condition makes `server-only` importable) with DATABASE_URL, EMULATOR_URL,
// WORKER_NAME and the JUXTA_EVAL_* settings. Prints {"ready": workerId} once its loops run; on
// SIGTERM it stops like an app being restarted (waits WORKER_GRACE_MS, default 0, then aborts).
import { createDb } from "@/lib/db";
import { parseEnv } from "@/lib/env";
import { createEvalQueue } from "@/lib/evals/run/queue";
import { startEvalWorkers } from "@/lib/evals/run/worker";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";

const url = process.env.DATABASE_URL;
const emulatorUrl = process.env.EMULATOR_URL;
if (!url || !emulatorUrl) throw new Error("DATABASE_URL and EMULATOR_URL are required");
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const env = parseEnv(emulatorEnv(emulatorUrl) as Record<string, string>);
const db = createDb(url);
const queue = await createEvalQueue({ connectionString: url, pollMs: 200, maintenanceIntervalSeconds: 1 });
const workers = startEvalWorkers({ db, queue, env, workerId: process.env.WORKER_NAME });
console.log(JSON.stringify({ ready: workers.workerId, pid: process.pid }));

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await workers.stop({ graceMs: Number(process.env.WORKER_GRACE_MS ?? 0) });
    await queue.stop();
    await db.$disconnect();
    console.log(JSON.stringify({ stopped: workers.workerId }));
    process.exit(0);
  })();
});
