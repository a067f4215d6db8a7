// Judges benchmark: `npx tsx --conditions=react-server bench/judges.ts`.
// BENCH_JUDGE_PAIRS (1,000) pairs of an evaluation session are judged in both orders (2,000 judge
// calls) by one emulated judge model through the real queue (pg-boss) and workers, as a judged
// pass (lib/judges/service.ts startEvalJudging). The provider emulator runs in its own process
// (tests/emulator/cli.ts), so its work does not share this process's event loop. Prints the wall
// time from the start to the pass's end, judge calls and pairs per second, and the floor set by
// the emulator's speed: calls x seconds per call / lanes (lanes = concurrency on the provider).
// Loopback only; a fresh database on the local PostgreSQL (dropped at the end).
import { spawn } from "node:child_process";
import os from "node:os";
import { LOCAL_USER_ID } from "../lib/auth/local";
import { createDb } from "../lib/db";
import { parseEnv } from "../lib/env";
import { createEvalQueue } from "../lib/evals/run/queue";
import { startEvalWorkers } from "../lib/evals/run/worker";
import { newId } from "../lib/ids";
import { startEvalJudging } from "../lib/judges/service";
import { emulatorEnv } from "../scripts/emulator-env.mjs";
import { runPrisma } from "../scripts/prisma.mjs";
import { createTestDatabase, LOCAL_POSTGRES } from "../tests/helpers/test-database";
import { freePort, root, round, table, words } from "./lib";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const PAIRS = num("BENCH_JUDGE_PAIRS", 1000);
const CONCURRENCY = num("BENCH_JUDGE_CONCURRENCY", 8);
const JUDGE = "openai:gpt-4o-mini";
// the judge's answer: 20 ms to the first token, the verdict JSON streamed at 1,000 tokens/s
const SCRIPT = { ttftMs: 20, tokensPerSecond: 1000 };

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

async function main() {
  console.log(
    `Juxta judges bench: node ${process.version}, ${os.cpus().length} CPUs, ${PAIRS} pairs x 2 orders, concurrency ${CONCURRENCY} per provider`,
  );
  const db = await createTestDatabase({
    servers: [process.env.TEST_DATABASE_URL, LOCAL_POSTGRES],
    prefix: "juxta_bench_judges",
    migrate: false,
  });
  const emulator = await startEmulatorProcess();
  const cleanups: (() => Promise<unknown>)[] = [() => db.drop(), () => emulator.stop()];
  try {
    console.log(`database: ${db.kind}; emulator (own process) ${emulator.url}`);
    await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: db.url }, quiet: true });
    await fetch(`${emulator.url}/__emulator/scripts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: JUDGE, script: SCRIPT }),
    });
    const env = parseEnv(emulatorEnv(emulator.url) as Record<string, string>);
    const prisma = createDb(db.url);
    cleanups.unshift(() => prisma.$disconnect());
    await prisma.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });

    // a finished session with PAIRS pairwise items (two models, one prompt each)
    const sessionId = newId();
    const models = ["azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"];
    await prisma.evalSession.create({
      data: {
        id: sessionId,
        name: "judges bench",
        ownerId: LOCAL_USER_ID,
        models: models.map((id) => ({
          id,
          label: id,
          provider: id.split(":")[0],
          providerLabel: id,
          logicalModel: id.split(":")[1],
          location: null,
          price: null,
        })),
        design: { pairwise: true, criteria: [], raters: 1 },
        status: "completed",
        itemsBuiltAt: new Date(),
      },
    });
    const prompts = Array.from({ length: PAIRS }, (_, index) => ({
      id: newId(),
      sessionId,
      index,
      prompt: `Question ${index}: ${words(12)}`,
      tags: [],
    }));
    await prisma.evalPrompt.createMany({ data: prompts });
    const answers = prompts.flatMap((p) =>
      models.map((modelId) => ({ id: newId(), sessionId, promptId: p.id, modelId, status: "done" as const, text: words(60) })),
    );
    await prisma.evalAnswer.createMany({ data: answers });
    await prisma.evalItem.createMany({
      data: prompts.map((p, i) => ({
        id: newId(),
        sessionId,
        promptId: p.id,
        answerAId: answers[2 * i]!.id,
        answerBId: answers[2 * i + 1]!.id,
      })),
    });

    const queue = await createEvalQueue({ connectionString: db.url, concurrency: CONCURRENCY, pollMs: 100, poolSize: 8 });
    cleanups.unshift(() => queue.stop());
    const workers = startEvalWorkers({ db: prisma, queue, env });
    cleanups.unshift(() => workers.stop({ graceMs: 0 }));
    const access = {
      id: sessionId,
      teamId: null,
      ownerId: LOCAL_USER_ID,
      viewer: { id: LOCAL_USER_ID },
      role: null,
      can: ["evals:read", "evals:run"] as const,
    };

    const t0 = performance.now();
    const pass = await startEvalJudging({ ...access, can: [...access.can] }, { judge: JUDGE }, { db: prisma, queue, env });
    const enqueuedMs = performance.now() - t0;
    let status = pass.status as string;
    while (status === "running" || status === "queued") {
      await new Promise((r) => setTimeout(r, 100));
      status = (await prisma.judgePass.findUniqueOrThrow({ where: { id: pass.id }, select: { status: true } })).status;
    }
    const wallMs = performance.now() - t0;

    const calls = await prisma.judgeCall.findMany({
      where: { judgement: { passId: pass.id } },
      select: { status: true, totalMs: true, attempts: true, requestId: true },
    });
    const judgements = await prisma.judgement.groupBy({
      by: ["status", "inconsistent"],
      where: { passId: pass.id },
      _count: { _all: true },
    });
    const done = calls.filter((c) => c.status === "done");
    const perCallMs = done.reduce((s, c) => s + (c.totalMs ?? 0), 0) / Math.max(1, done.length);
    const floorMs = (calls.length * perCallMs) / CONCURRENCY;
    console.log(
      table(
        ["figure", "value"],
        [
          ["pass status", status],
          ["judge calls (done / all)", `${done.length} / ${calls.length}`],
          ["distinct provider requests of done calls", new Set(done.map((c) => c.requestId)).size],
          ["attempts (all calls)", calls.reduce((s, c) => s + c.attempts, 0)],
          [
            "judgements by status",
            judgements.map((j) => `${j.status}${j.inconsistent ? " (inconsistent)" : ""}: ${j._count._all}`).join(", "),
          ],
          ["set-up + enqueue (ms)", round(enqueuedMs, 0)],
          ["wall time, start to end (s)", round(wallMs / 1000, 2)],
          ["judge calls per second", round(calls.length / (wallMs / 1000), 1)],
          ["pairs per second (both orders)", round(PAIRS / (wallMs / 1000), 1)],
          ["mean call time at the emulator (ms)", round(perCallMs, 1)],
          [`emulator floor: calls x call time / ${CONCURRENCY} lanes (s)`, round(floorMs / 1000, 2)],
          ["wall time / floor", round(wallMs / floorMs, 2)],
        ],
      ),
    );
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
