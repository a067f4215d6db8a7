// Background-run benchmark: `npx tsx --conditions=react-server bench/evals.ts` (also step "evals" of bench/run-all.ts).
// A session of BENCH_EVAL_PROMPTS (1,000) prompts x 4 emulated models (one per provider) is run
// through the real queue (pg-boss) and workers, then checked: every answer done, none lost, none
// generated twice (the emulator's recorded requests). Side by side in the same run, the same
// 4,000 provider calls are made directly (generateAnswer, no queue, no database) with the same
// concurrency per provider. Prints items/s of both and the queue overhead per item:
//   overhead per item = (queue wall time - direct wall time) x lanes / items
// where lanes = providers x concurrency, i.e. how much longer each worker slot is busy per item
// than the bare provider call (fetch, claim, writes, complete, session bookkeeping).
// Loopback only; the database is a fresh one on the local PostgreSQL, else (or with
// BENCH_EVAL_DB=pglite) an in-memory PGlite. BENCH_EVAL_PROMPTS, BENCH_EVAL_CONCURRENCY change the size.
import os from "node:os";
import { LOCAL_USER_ID } from "../lib/auth/local";
import { createDb } from "../lib/db";
import { parseEnv } from "../lib/env";
import { createSessionSchema } from "../lib/evals/schema";
import { createSession } from "../lib/evals/sessions";
import { generateAnswer } from "../lib/evals/run/generate";
import { createEvalQueue } from "../lib/evals/run/queue";
import { startRun } from "../lib/evals/run/service";
import { startEvalWorkers } from "../lib/evals/run/worker";
import { findModel } from "../lib/providers";
import { emulatorEnv } from "../scripts/emulator-env.mjs";
import { runPrisma } from "../scripts/prisma.mjs";
import { startEmulator, type EmulatorScript } from "../tests/emulator/server";
import { createTestDatabase, LOCAL_POSTGRES, type TestDatabase } from "../tests/helpers/test-database";
import { round, summarize, table, words } from "./lib";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const PROMPTS = num("BENCH_EVAL_PROMPTS", 1000);
const CONCURRENCY = num("BENCH_EVAL_CONCURRENCY", 4);
// one model per provider, so each provider queue carries PROMPTS jobs
const MODELS = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0", "local:gpt-oss:20b"];
const WIRE: Record<string, string> = {
  "openai:gpt-4o-mini": "openai:gpt-4o-mini",
  "azure:prod-mini": "azure:prod-mini",
  "bedrock:amazon.nova-pro-v1:0": "bedrock:amazon.nova-pro-v1:0",
  "local:gpt-oss:20b": "compatible:gpt-oss:20b",
};
// 20 ms to the first token, then 30 tokens 1 ms apart: about 50 ms per call
const SCRIPT: EmulatorScript = { ttftMs: 20, tokensPerSecond: 1000, text: words(30) };

async function database(): Promise<TestDatabase> {
  // BENCH_EVAL_DB=pglite: the embedded database even when a PostgreSQL answers; migrated by main()
  const servers = process.env.BENCH_EVAL_DB === "pglite" ? [] : [process.env.TEST_DATABASE_URL, LOCAL_POSTGRES];
  return createTestDatabase({ servers, prefix: "juxta_bench_evals", skipUnreachable: true, migrate: false });
}

/** Runs `items` with at most `limit` at once per key. */
async function pooled<T>(items: T[], keyOf: (t: T) => string, limit: number, run: (t: T) => Promise<void>): Promise<void> {
  const byKey = new Map<string, T[]>();
  for (const it of items) byKey.set(keyOf(it), [...(byKey.get(keyOf(it)) ?? []), it]);
  await Promise.all(
    [...byKey.values()].flatMap((list) => {
      let next = 0;
      return Array.from({ length: limit }, async () => {
        while (next < list.length) await run(list[next++]!);
      });
    }),
  );
}

async function main() {
  console.log(
    `Juxta evals bench: node ${process.version}, ${os.cpus().length} CPUs, ${PROMPTS} prompts x ${MODELS.length} models, concurrency ${CONCURRENCY} per provider`,
  );
  const db = await database();
  const emulator = await startEmulator({ scripts: Object.fromEntries(Object.values(WIRE).map((k) => [k, SCRIPT])) });
  const cleanups: (() => Promise<unknown>)[] = [() => db.drop(), () => emulator.close()];
  try {
    console.log(`database: ${db.kind}; emulator ${emulator.url}`);
    await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: db.url }, quiet: true });
    const env = parseEnv(emulatorEnv(emulator.url) as Record<string, string>);
    const prisma = createDb(db.url);
    cleanups.unshift(() => prisma.$disconnect());
    await prisma.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
    const items = PROMPTS * MODELS.length;
    const lanes = MODELS.length * CONCURRENCY;

    // --- direct: the same calls, same concurrency per provider, no queue and no database
    const calls = Array.from({ length: PROMPTS }, (_, i) => MODELS.map((m) => ({ i, m }))).flat();
    const callMs: number[] = [];
    let directErrors = 0;
    const directCpu0 = process.cpuUsage();
    const direct0 = performance.now();
    await pooled(
      calls,
      (c) => c.m,
      CONCURRENCY,
      async ({ i, m }) => {
        const r = await generateAnswer({
          model: findModel(m, env)!,
          env,
          system: null,
          prompt: `direct ${i}: explain one idea.`,
          params: {},
          idleTimeoutMs: 30_000,
          deadlineMs: 60_000,
          attempt: 1,
        });
        if (!r.ok) directErrors++;
        callMs.push(r.fields.totalMs ?? 0);
      },
    );
    const directWallMs = performance.now() - direct0;
    const directCpu = process.cpuUsage(directCpu0);
    console.log(`direct: ${items} calls in ${(directWallMs / 1000).toFixed(1)} s, ${directErrors} errors`);

    // --- through the queue
    const input = createSessionSchema.parse({
      name: "bench",
      models: MODELS,
      prompts: Array.from({ length: PROMPTS }, (_, i) => ({ prompt: `Q${i}: explain one idea.` })),
    });
    const { id } = await createSession(input, { id: LOCAL_USER_ID }, { db: prisma, env });
    const queue = await createEvalQueue({ connectionString: db.url, concurrency: CONCURRENCY });
    cleanups.unshift(() => queue.stop());
    const workers = startEvalWorkers({ db: prisma, queue, env });
    cleanups.unshift(() => workers.stop({ graceMs: 0 }));
    emulator.reset(); // the recorded requests of the direct phase (the emulator keeps the last 5,000)
    const queueCpu0 = process.cpuUsage();
    const queue0 = performance.now();
    await startRun(id, { id: LOCAL_USER_ID }, { db: prisma, queue, env });
    const enqueuedMs = performance.now() - queue0;
    for (;;) {
      const s = await prisma.evalSession.findUnique({ where: { id }, select: { finishedAt: true } });
      if (s?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const queueWallMs = performance.now() - queue0;
    const queueCpu = process.cpuUsage(queueCpu0);
    const cpuMsPerItem = (u: NodeJS.CpuUsage) => round((u.user + u.system) / 1000 / items);
    await workers.stop({ graceMs: 0 });

    // --- nothing lost, nothing twice
    const answers = await prisma.evalAnswer.findMany({
      where: { sessionId: id },
      select: { status: true, attempts: true, totalMs: true, modelId: true, prompt: { select: { index: true } } },
    });
    const byStatus = answers.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});
    const requests = emulator.requests;
    const perPair = new Map<string, number>();
    for (const r of requests) {
      const m = /Q(\d+):/.exec(JSON.stringify(r.body));
      const key = `${r.provider}:${r.model}#${m?.[1]}`;
      perPair.set(key, (perPair.get(key) ?? 0) + 1);
    }
    const twice = [...perPair.values()].filter((n) => n > 1).length;
    const lost = items - (byStatus.done ?? 0);
    const multiAttempt = answers.filter((a) => a.attempts !== 1).length;

    const directRate = items / (directWallMs / 1000);
    const queueRate = items / (queueWallMs / 1000);
    const overheadMs = ((queueWallMs - directWallMs) * lanes) / items;
    const call = summarize(callMs);
    const stored = summarize(answers.map((a) => a.totalMs ?? 0));
    console.log(
      "\n" +
        table(
          ["", "direct calls", "queue (pg-boss + workers)"],
          [
            ["items", items, answers.length],
            ["wall time (s)", round(directWallMs / 1000), round(queueWallMs / 1000)],
            ["items/s", round(directRate), round(queueRate)],
            ["provider call p50 / p99 (ms)", `${call.p50} / ${call.p99}`, `${stored.p50} / ${stored.p99}`],
            ["CPU of this process per item (ms; emulator included)", cpuMsPerItem(directCpu), cpuMsPerItem(queueCpu)],
            ["errors / lost", directErrors, lost],
          ],
        ),
    );
    console.log(
      `\nqueue overhead per item: ${round(overheadMs)} ms of worker-slot time (${lanes} slots: ${MODELS.length} providers x ${CONCURRENCY}); ` +
        `${round((queueWallMs / directWallMs - 1) * 100)}% more wall time than the direct calls; startRun (create ${items} answers + enqueue) took ${round(enqueuedMs)} ms`,
    );
    console.log(
      `answers by status: ${JSON.stringify(byStatus)}; answers with attempts != 1: ${multiAttempt}; (prompt, model) pairs called more than once: ${twice}; provider requests: ${requests.length}`,
    );
    const ok = lost === 0 && twice === 0 && requests.length === items && multiAttempt === 0;
    console.log(`no lost item, none generated twice: ${ok ? "PASS" : "FAIL"}`);
    // for bench/run-all.ts
    const result = {
      database: db.kind,
      prompts: PROMPTS,
      models: MODELS.length,
      concurrency: CONCURRENCY,
      items,
      directWallMs: round(directWallMs),
      queueWallMs: round(queueWallMs),
      directItemsPerSecond: round(directRate),
      queueItemsPerSecond: round(queueRate),
      overheadPerItemMs: round(overheadMs),
      lost,
      generatedTwice: twice,
      pass: ok,
    };
    console.log(`BENCH_EVALS_RESULT ${JSON.stringify(result)}`);
    if (!ok) process.exitCode = 1;
  } finally {
    for (const c of cleanups) await c().catch((e) => console.error("cleanup:", e instanceof Error ? e.message : e));
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
