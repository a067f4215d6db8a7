// Scorecard runs benchmark: `npx tsx --conditions=react-server bench/scorecards-queue.ts`.
// A scorecard of 4 deployments (on four provider queues) x 150 probe items x 3 samples = 1,800
// calls runs through the real queue (pg-boss) and workers (lib/scorecards/service.ts
// startScorecardRun), and the same 1,800 calls are made directly through callModel with the same
// number of calls in flight per provider. The provider emulator runs in its own process
// (tests/emulator/cli.ts). Prints calls per second side by side and the ratio (queue / direct).
// Loopback only; a fresh database on the local PostgreSQL (dropped at the end).
import { spawn } from "node:child_process";
import os from "node:os";
import { LOCAL_USER_ID } from "../lib/auth/local";
import { callModel } from "../lib/calls/call-model";
import { createDb } from "../lib/db";
import { parseEnv } from "../lib/env";
import { createEvalQueue } from "../lib/evals/run/queue";
import { startEvalWorkers } from "../lib/evals/run/worker";
import { newId } from "../lib/ids";
import { findModel } from "../lib/providers";
import { createScorecardSchema } from "../lib/scorecards/schema";
import { createScorecard, startScorecardRun } from "../lib/scorecards/service";
import type { ProbeItem } from "../lib/scorecards/types";
import { emulatorEnv } from "../scripts/emulator-env.mjs";
import { runPrisma } from "../scripts/prisma.mjs";
import { createTestDatabase, LOCAL_POSTGRES } from "../tests/helpers/test-database";
import { freePort, root, round, table } from "./lib";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const ITEMS = num("BENCH_SCORECARD_ITEMS", 150);
const SAMPLES = num("BENCH_SCORECARD_SAMPLES", 3);
const CONCURRENCY = num("BENCH_SCORECARD_CONCURRENCY", 8);
const DEPLOYMENTS = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0", "local:gpt-oss-120b"];
// how the emulator answers each: 20 ms to the first token, then 1,000 tokens/s
const SCRIPT = { ttftMs: 20, tokensPerSecond: 1000, text: "The answer is 42." };

async function startEmulatorProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "tests/emulator/cli.ts", "--port", String(port), "--quiet"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code})`)));
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("listening")) resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

const items: ProbeItem[] = Array.from({ length: ITEMS }, (_, i) => ({
  key: `bench/q${String(i).padStart(3, "0")}`,
  family: "custom",
  prompt: `Question ${i}: what is six times seven? End with "The answer is N."`,
  params: { maxOutputTokens: 64 },
  checker: { kind: "numeric", expected: 42 },
}));

async function main() {
  const calls = DEPLOYMENTS.length * ITEMS * SAMPLES;
  console.log(
    `Juxta scorecard queue bench: node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => round(l, 2))
      .join(" ")}; ` +
      `${DEPLOYMENTS.length} deployments x ${ITEMS} items x ${SAMPLES} samples = ${calls} calls, ${CONCURRENCY} in flight per provider`,
  );
  const db = await createTestDatabase({
    servers: [process.env.TEST_DATABASE_URL, LOCAL_POSTGRES],
    prefix: "juxta_bench_scorecards",
    migrate: false,
  });
  const emulator = await startEmulatorProcess();
  const cleanups: (() => Promise<unknown>)[] = [() => db.drop(), () => emulator.stop()];
  try {
    console.log(`database: ${db.kind}; emulator (own process) ${emulator.url}`);
    await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: db.url }, quiet: true });
    for (const key of ["gpt-4o-mini", "prod-mini", "amazon.nova-pro-v1:0", "gpt-oss-120b"])
      await fetch(`${emulator.url}/__emulator/scripts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key, script: SCRIPT }),
      });
    const env = parseEnv({ ...(emulatorEnv(emulator.url) as Record<string, string>), JUXTA_MAX_RETRIES: "0" });
    const prisma = createDb(db.url);
    cleanups.unshift(() => prisma.$disconnect());
    await prisma.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
    const suiteId = newId();
    await prisma.probeSuite.create({ data: { id: suiteId, name: "bench", ownerId: LOCAL_USER_ID, items: items as object[] } });

    // 1. direct: the same calls through callModel, CONCURRENCY at a time per provider
    const t0 = performance.now();
    let directDone = 0;
    await Promise.all(
      DEPLOYMENTS.map(async (id) => {
        const model = findModel(id, env)!;
        const work = items.flatMap((item) => Array.from({ length: SAMPLES }, () => item));
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < work.length) {
              const item = work[next++]!;
              const r = await callModel({
                model,
                env,
                system: null,
                messages: [{ role: "user", content: item.prompt }],
                params: item.params ?? {},
                maxRetries: 0,
              });
              if (r.status === "done") directDone++;
            }
          }),
        );
      }),
    );
    const directMs = performance.now() - t0;

    // 2. through the queue: a scorecard run
    const queue = await createEvalQueue({ connectionString: db.url, concurrency: CONCURRENCY, pollMs: 100, poolSize: 10 });
    cleanups.unshift(() => queue.stop());
    const workers = startEvalWorkers({ db: prisma, queue, env });
    cleanups.unshift(() => workers.stop({ graceMs: 0 }));
    const { id } = await createScorecard(
      createScorecardSchema.parse({ name: "bench", deployments: DEPLOYMENTS, reference: DEPLOYMENTS[0], suite: suiteId, samples: SAMPLES }),
      { id: LOCAL_USER_ID },
      { db: prisma, queue, env },
    );
    const t1 = performance.now();
    const run = await startScorecardRun(id, "manual", { db: prisma, queue, env });
    const enqueuedMs = performance.now() - t1;
    let finishedAt: Date | null = null;
    while (!finishedAt) {
      await new Promise((r) => setTimeout(r, 50));
      finishedAt = (await prisma.scorecardRun.findUniqueOrThrow({ where: { id: run.id }, select: { finishedAt: true } })).finishedAt;
    }
    const endedMs = performance.now() - t1;
    // the summary (scorecard, drifts) is computed by the worker that finished the run
    let summarized = false;
    while (!summarized) {
      summarized = Boolean((await prisma.scorecardRun.findUniqueOrThrow({ where: { id: run.id }, select: { summary: true } })).summary);
      if (!summarized) await new Promise((r) => setTimeout(r, 20));
    }
    const queueMs = performance.now() - t1;
    const stored = await prisma.scorecardCall.groupBy({ by: ["status"], where: { runId: run.id }, _count: { _all: true } });
    const attempts = await prisma.scorecardCall.aggregate({ where: { runId: run.id }, _sum: { attempts: true } });
    const queueDone = stored.find((s) => s.status === "done")?._count._all ?? 0;

    console.log(
      table(
        ["figure", "direct callModel", "scorecard run (queue)"],
        [
          ["calls done / all", `${directDone} / ${calls}`, `${queueDone} / ${calls}`],
          ["provider attempts", calls, attempts._sum.attempts ?? 0],
          ["set-up + enqueue (ms)", "-", round(enqueuedMs, 0)],
          ["wall time to the last call (s)", round(directMs / 1000, 2), round(endedMs / 1000, 2)],
          ["wall time incl. scorecard + drifts (s)", "-", round(queueMs / 1000, 2)],
          ["calls per second", round(calls / (directMs / 1000), 1), round(calls / (queueMs / 1000), 1)],
        ],
      ),
    );
    console.log(`ratio (queue calls/s / direct calls/s): ${round(directMs / queueMs, 2)}`);
  } finally {
    for (const c of cleanups) await c().catch((e: unknown) => console.error("cleanup:", e instanceof Error ? e.message : e));
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
