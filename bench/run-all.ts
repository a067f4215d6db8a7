// Juxta benchmarks: `npx tsx --conditions=react-server bench/run-all.ts` (= `npm run bench`). See bench/README.md.
// Every number is measured side by side in one run against the in-process provider emulator:
//  1. TTFT overhead of the app over a direct streamText call (OpenAI, Bedrock), plus a breakdown
//  2. parallel panes: comparison total / slowest pane
//  3. load: 50 concurrent 4-pane comparisons
//  evals: background runs, 1,000 prompts x 4 models through the job queue vs. direct calls (bench/evals.ts)
// Prints tables and writes bench/results.json. Loopback only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { streamText, type LanguageModel } from "ai";
import type { CompareEvent } from "../lib/compare/events";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { LOCAL_USER_ID } from "../lib/auth/local";
import { parseEnv, type Env } from "../lib/env";
import { findModel, getLanguageModel } from "../lib/providers";
import { emulatorEnv as emulatorEnvJs } from "../scripts/emulator-env.mjs";
import { startEmulator, type Emulator, type EmulatorScript } from "../tests/emulator/server";
import {
  AppStartError,
  createBenchDatabase,
  groupCpuMs,
  makeSnapshot,
  selfCpuMs,
  envWithoutClouds,
  freePort,
  median,
  percentile,
  root,
  round,
  runComparison,
  startApp,
  summarize,
  table,
  words,
  type App,
  type BenchDatabase,
  type Summary,
} from "./lib";

const emulatorEnv = emulatorEnvJs as (url: string) => Record<string, string>;
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const CONFIG = {
  warmup: num("BENCH_WARMUP", 20),
  pairs: num("BENCH_PAIRS", 200),
  breakdownRounds: num("BENCH_BREAKDOWN_ROUNDS", 60),
  parallelRepeats: num("BENCH_PARALLEL_REPEATS", 10),
  loadComparisons: num("BENCH_LOAD", 50),
  loadTokens: num("BENCH_LOAD_TOKENS", 60),
  loadTokensPerSecond: num("BENCH_LOAD_TPS", 100),
  steps: (process.env.BENCH_STEPS ?? "1,1b,2,3,evals").split(","),
  ttftProviders: (process.env.BENCH_TTFT_MODELS ?? "openai:gpt-4o-mini,bedrock:amazon.nova-pro-v1:0").split(","),
};
const TARGETS = { ttftP50Ms: 5, ttftP99Ms: 20, parallelRatio: 1.1, loadErrors: 0 };

// --------------------------------------------------------------------------------------------
// emulator scripts

// 30 tokens 1 ms apart: the first token arrives on its own, as it does from the clouds.
// BENCH_TTFT_TPS=0 sends all 30 at once instead (see README: the app then flushes the first line
// only after the whole burst is processed).
const FAST = { ttftMs: 20, tokensPerSecond: num("BENCH_TTFT_TPS", 1000), text: words(30) } satisfies EmulatorScript;
const TTFT_SCRIPTS: Record<string, EmulatorScript> = {
  "openai:gpt-4o-mini": { ...FAST, chunkTokens: 1 },
  "azure:prod-mini": { ...FAST, chunkTokens: 4 },
  "bedrock:amazon.nova-pro-v1:0": { ...FAST, chunkTokens: 1 },
};
// four different speeds; the slowest takes ~1.5 s (200 ms + 99 tokens / 77 tok/s)
const PARALLEL_MODELS = ["openai:gpt-4.1-nano", "azure:prod-4o", "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0", "openai:gpt-4.1"];
const PARALLEL_SCRIPTS: Record<string, EmulatorScript> = {
  "openai:gpt-4.1-nano": { ttftMs: 50, tokensPerSecond: 400, chunkTokens: 1, text: words(100) },
  "azure:prod-4o": { ttftMs: 100, tokensPerSecond: 200, chunkTokens: 4, text: words(100) },
  "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0": { ttftMs: 150, tokensPerSecond: 110, chunkTokens: 1, text: words(100) },
  "openai:gpt-4.1": { ttftMs: 200, tokensPerSecond: 77, chunkTokens: 1, text: words(100) },
};
// load: every pane has the same 20 ms TTFT as step 1, then 60 tokens at 100 tokens/s (~0.6 s),
// one token per delta (Azure: 4), like the clouds stream
const LOAD_MODELS = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0", "openai:gpt-4.1-mini"];
const LOAD_SCRIPT = {
  ttftMs: 20,
  tokensPerSecond: CONFIG.loadTokensPerSecond,
  text: words(CONFIG.loadTokens),
} satisfies EmulatorScript;

// --------------------------------------------------------------------------------------------
// the two paths

type Ttft = { ttftMs: number; t0: number; serverTtftMs?: number | null };

async function directStream(model: LanguageModel, prompt: string): Promise<{ ttftMs: number; totalMs: number; t0: number }> {
  const t0 = performance.now();
  const result = streamText({ model, prompt, onError: () => {} });
  let first: number | undefined;
  for await (const part of result.fullStream) {
    if (part.type === "text-delta" && part.text && first === undefined) first = performance.now() - t0;
    if (part.type === "error") throw part.error instanceof Error ? part.error : new Error(String(part.error));
  }
  if (first === undefined) throw new Error("direct stream produced no text");
  return { ttftMs: first, totalMs: performance.now() - t0, t0 };
}

async function appOnce(app: App, modelId: string, prompt: string): Promise<Ttft> {
  const r = await runComparison(app.url, prompt, [modelId]);
  if (r.httpError || r.errors.length || r.totalMs === null || !r.ttftMs.has(0))
    throw new Error(`app comparison failed: ${r.httpError ?? JSON.stringify(r.errors[0]?.error) ?? "no done / no text"}`);
  return { ttftMs: r.ttftMs.get(0)!, t0: r.t0, serverTtftMs: r.finishes[0]?.metrics.ttftMs ?? null };
}

/**
 * ms from `t0` (performance.now()) until the emulator received the provider request carrying
 * `prompt` (the emulator stamps arrivals with Date.now(): +0.5 ms for its truncation).
 */
function providerArrival(emu: Emulator, t0: number, prompt: string): number | null {
  for (let i = emu.requests.length - 1; i >= Math.max(0, emu.requests.length - 8); i--) {
    const r = emu.requests[i]!;
    if (JSON.stringify(r.body).includes(prompt)) return r.at + 0.5 - (performance.timeOrigin + t0);
  }
  return null;
}

// --------------------------------------------------------------------------------------------
// step 1: TTFT overhead

type Split = { toProviderMs: Summary; afterProviderMs: Summary };
type TtftResult = {
  model: string;
  pairs: number;
  direct: Summary;
  app: Summary;
  pairDiff: Summary;
  /** the app's own ttftMs (pane-finish metrics: runPane start -> first token) */
  appServerTtft: Summary;
  /**
   * TTFT cut at the moment the emulator received the provider request: toProvider = start ->
   * request arrives; afterProvider = the rest minus the scripted 20 ms (provider's first token ->
   * the client has it)
   */
  split: { direct: Split; app: Split };
  /** CPU of the app's process group per 1-pane comparison during the pairs (30 tokens) */
  appCpuMsPerComparison: number | null;
  overheadP50Ms: number;
  overheadP99Ms: number;
  pass: { p50: boolean; p99: boolean };
};

async function stepTtft(app: App, emu: Emulator, env: Env, modelId: string): Promise<TtftResult> {
  const catalogModel = findModel(modelId, env);
  if (!catalogModel) throw new Error(`no catalog model ${modelId}`);
  const model = getLanguageModel(catalogModel, env);
  const scriptTtft = TTFT_SCRIPTS[modelId]?.ttftMs ?? 0;
  for (let i = 0; i < CONFIG.warmup; i++) {
    await directStream(model, `warm ${i}`);
    await appOnce(app, modelId, `warm ${i}`);
  }
  const direct: number[] = [];
  const appT: number[] = [];
  const server: number[] = [];
  const diff: number[] = [];
  const split = { direct: { to: [] as number[], after: [] as number[] }, app: { to: [] as number[], after: [] as number[] } };
  const cpu0 = groupCpuMs(app.child.pid!);
  for (let i = 0; i < CONFIG.pairs; i++) {
    const dPrompt = `bench ttft ${modelId} pair=${i} path=direct.`;
    const aPrompt = `bench ttft ${modelId} pair=${i} path=app.`;
    let d: { ttftMs: number; t0: number };
    let a: Ttft;
    if (i % 2 === 0) {
      d = await directStream(model, dPrompt);
      a = await appOnce(app, modelId, aPrompt);
    } else {
      a = await appOnce(app, modelId, aPrompt);
      d = await directStream(model, dPrompt);
    }
    direct.push(d.ttftMs);
    appT.push(a.ttftMs);
    if (a.serverTtftMs != null) server.push(a.serverTtftMs);
    diff.push(a.ttftMs - d.ttftMs);
    for (const [path, r, prompt] of [
      ["direct", d, dPrompt],
      ["app", a, aPrompt],
    ] as const) {
      const to = providerArrival(emu, r.t0, prompt);
      if (to === null) continue;
      split[path].to.push(to);
      split[path].after.push(r.ttftMs - to - scriptTtft);
    }
  }
  const cpu1 = groupCpuMs(app.child.pid!);
  const overheadP50Ms = round(percentile(appT, 50) - percentile(direct, 50));
  const overheadP99Ms = round(percentile(appT, 99) - percentile(direct, 99));
  const sp = (x: { to: number[]; after: number[] }): Split => ({ toProviderMs: summarize(x.to), afterProviderMs: summarize(x.after) });
  return {
    model: modelId,
    pairs: CONFIG.pairs,
    direct: summarize(direct),
    app: summarize(appT),
    pairDiff: summarize(diff),
    appServerTtft: summarize(server),
    split: { direct: sp(split.direct), app: sp(split.app) },
    appCpuMsPerComparison: cpu0 === null || cpu1 === null ? null : round((cpu1 - cpu0) / CONFIG.pairs),
    overheadP50Ms,
    overheadP99Ms,
    pass: { p50: overheadP50Ms < TARGETS.ttftP50Ms, p99: overheadP99Ms < TARGETS.ttftP99Ms },
  };
}

// --------------------------------------------------------------------------------------------
// step 1b: where the app's TTFT goes. The same compare engine (startComparison) in this process,
// with no database and with the bench database, next to the direct call and the HTTP app.

type BreakdownResult = {
  model: string;
  rounds: number;
  variants: Record<string, Summary>;
  /** start -> the emulator has the provider request, per variant */
  toProvider: Record<string, Summary>;
  /** time to a complete response of requests that start no comparison: Next's fixed per-request cost */
  routeBaselines: Record<string, Summary>;
};

async function stepBreakdown(app: App, emu: Emulator, env: Env, modelId: string, db: BenchDatabase): Promise<BreakdownResult> {
  const [{ startComparison }, { createDb }] = await Promise.all([import("../lib/compare/service"), import("../lib/db")]);
  const model = getLanguageModel(findModel(modelId, env)!, env);
  const noopDb = {
    comparison: { create: () => Promise.resolve({}) },
    answer: { update: () => Promise.resolve({}) },
  } as unknown as PrismaClient;
  const realDb = db.url ? createDb(db.url) : undefined;
  await realDb?.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });

  const engineOnce = (dbClient: PrismaClient, prompt: string) =>
    new Promise<{ ttftMs: number; t0: number }>((resolve, reject) => {
      const t0 = performance.now();
      let first: number | undefined;
      let detach = () => {};
      const started = startComparison(
        { prompt, models: [modelId] },
        { ownerId: LOCAL_USER_ID },
        {
          db: dbClient,
          env,
          observe: (e: CompareEvent) => {
            if (e.type === "text-delta" && first === undefined) first = performance.now() - t0;
            if (e.type === "pane-error") reject(new Error(e.error.message));
            if (e.type === "done") {
              queueMicrotask(() => detach());
              if (first === undefined) reject(new Error("no text"));
              else resolve({ ttftMs: first, t0 });
            }
          },
        },
      );
      detach = started.detach;
    });

  const variants: Record<string, (prompt: string) => Promise<{ ttftMs: number; t0: number }>> = {
    "direct streamText": (prompt) => directStream(model, prompt),
    "engine in-process, no DB": (prompt) => engineOnce(noopDb, prompt),
    ...(realDb ? { "engine in-process, PostgreSQL": (prompt: string) => engineOnce(realDb, prompt) } : {}),
    "app over HTTP": (prompt) => appOnce(app, modelId, prompt),
  };
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const toProvider: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < 10; i++) for (const n of names) await variants[n]!(`breakdown warm-up ${i}`);
  for (let i = 0; i < CONFIG.breakdownRounds; i++) {
    // rotate the order each round so no variant always runs first
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length]!;
      const prompt = `breakdown round=${i} variant=${n}.`;
      const r = await variants[n]!(prompt);
      samples[n]!.push(r.ttftMs);
      const to = providerArrival(emu, r.t0, prompt);
      if (to !== null) toProvider[n]!.push(to);
    }
  }
  await realDb?.$disconnect();

  const baselines: Record<string, () => Promise<Response>> = {
    "GET /api/v1/models (200)": () => fetch(`${app.url}/api/v1/models`),
    "POST /api/v1/comparisons, unknown model (400)": () =>
      fetch(`${app.url}/api/v1/comparisons`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt: "hi", models: ["openai:no-such-model"] }),
      }),
  };
  const routeBaselines: Record<string, Summary> = {};
  for (const [name, call] of Object.entries(baselines)) {
    const xs: number[] = [];
    for (let i = 0; i < CONFIG.breakdownRounds + 10; i++) {
      const t0 = performance.now();
      const res = await call();
      await res.arrayBuffer();
      if (i >= 10) xs.push(performance.now() - t0);
    }
    routeBaselines[name] = summarize(xs);
  }
  return {
    model: modelId,
    rounds: CONFIG.breakdownRounds,
    variants: Object.fromEntries(names.map((n) => [n, summarize(samples[n]!)])),
    toProvider: Object.fromEntries(names.map((n) => [n, summarize(toProvider[n]!)])),
    routeBaselines,
  };
}

// --------------------------------------------------------------------------------------------
// step 2: parallel panes

type ParallelRun = { totalMs: number; slowestPaneMs: number; ratio: number; paneTotalMs: number[]; lastFinishToDoneMs: number };
type ParallelResult = {
  models: string[];
  runs: ParallelRun[];
  ratio: { median: number; max: number };
  totalMs: Summary;
  slowestPaneMs: Summary;
  reference: { directSequentialMs: number[]; directSequentialSumMs: number; directParallelMs: number; appParallelMedianMs: number };
  pass: boolean;
};

async function stepParallel(app: App, env: Env): Promise<ParallelResult> {
  await runComparison(app.url, "warm parallel", PARALLEL_MODELS); // warm every provider path
  const runs: ParallelRun[] = [];
  for (let i = 0; i < CONFIG.parallelRepeats; i++) {
    const r = await runComparison(app.url, `bench parallel #${i}`, PARALLEL_MODELS);
    if (r.httpError || r.errors.length || r.totalMs === null || r.finishes.length !== PARALLEL_MODELS.length)
      throw new Error(`parallel comparison failed: ${r.httpError ?? JSON.stringify(r.errors[0]?.error) ?? "missing events"}`);
    const paneTotalMs = [...r.finishes].sort((a, b) => a.pane - b.pane).map((f) => f.metrics.totalMs ?? NaN);
    const slowest = Math.max(...paneTotalMs);
    runs.push({
      totalMs: round(r.totalMs),
      slowestPaneMs: slowest,
      ratio: round(r.totalMs / slowest, 3),
      paneTotalMs,
      lastFinishToDoneMs: round(r.totalMs - (r.lastPaneEndMs ?? r.totalMs)),
    });
  }
  const models = PARALLEL_MODELS.map((id) => getLanguageModel(findModel(id, env)!, env));
  const directSequentialMs: number[] = [];
  for (const m of models) directSequentialMs.push(round((await directStream(m, "bench sequential")).totalMs));
  const t0 = performance.now();
  await Promise.all(models.map((m) => directStream(m, "bench direct parallel")));
  const directParallelMs = round(performance.now() - t0);
  const ratios = runs.map((r) => r.ratio);
  const ratio = { median: round(median(ratios), 3), max: round(Math.max(...ratios), 3) };
  return {
    models: PARALLEL_MODELS,
    runs,
    ratio,
    totalMs: summarize(runs.map((r) => r.totalMs)),
    slowestPaneMs: summarize(runs.map((r) => r.slowestPaneMs)),
    reference: {
      directSequentialMs,
      directSequentialSumMs: round(directSequentialMs.reduce((a, b) => a + b, 0)),
      directParallelMs,
      appParallelMedianMs: round(median(runs.map((r) => r.totalMs))),
    },
    pass: ratio.median <= TARGETS.parallelRatio && ratio.max <= TARGETS.parallelRatio,
  };
}

// --------------------------------------------------------------------------------------------
// step 3: load

type LoadResult = {
  comparisons: number;
  panes: number;
  models: string[];
  wallMs: number;
  errors: { total: number; http: number; paneErrors: number; missingDone: number; missingText: number; samples: string[] };
  unloaded4PaneTtft: Summary;
  /** the same 200 streams as direct streamText calls from this process, all at once (no app) */
  directLoaded: {
    wallMs: number;
    ttft: Summary;
    ttftByModel: Record<string, Summary>;
    errors: number;
    benchCpuMs: number;
    /** call -> the emulator has the request */
    toProvider: Summary;
  };
  /** fetch start -> the emulator has the pane's provider request */
  toProvider: Summary;
  /** text deltas the provider streams carried in the loaded run */
  deltas: number;
  appCpuMs: number | null;
  appCpuMsPerPane: number | null;
  appCpuUsPerDelta: number | null;
  /** CPU of this process (emulator + client) during the loaded app run */
  benchCpuMs: number;
  clientTtft: Summary;
  clientTtftByModel: Record<string, Summary>;
  serverTtft: Summary;
  comparisonTotalMs: Summary;
  addedP99VsStep1Ms: number | null;
  addedP99VsUnloaded4PaneMs: number;
  addedP99VsDirectLoadedMs: number;
  stored: Record<string, number>;
  pass: boolean;
};

async function stepLoad(app: App, env: Env, emu: Emulator, step1AppP99: number | null, db: BenchDatabase): Promise<LoadResult> {
  emu.reset(); // clears the recorded requests (and restores the start scripts)
  for (const m of LOAD_MODELS) emu.setScript(m, { ...LOAD_SCRIPT, chunkTokens: m.startsWith("azure:") ? 4 : 1 });
  // when did the emulator get each provider request? key: "<prompt>|<provider>:<model>"
  const arrivals = () => {
    const map = new Map<string, number>();
    for (const r of emu.requests) {
      const m = /bench (?:direct )?load #\d+\./.exec(JSON.stringify(r.body));
      if (m) map.set(`${m[0]}|${r.provider}:${r.model}`, r.at + 0.5);
    }
    return map;
  };
  // the same 4-pane comparison, unloaded (one at a time), as a like-for-like reference
  const unloaded: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await runComparison(app.url, `bench unloaded #${i}`, LOAD_MODELS);
    if (i > 0) unloaded.push(...r.ttftMs.values());
  }
  const n = CONFIG.loadComparisons;

  // reference: the same streams without the app, straight from this process
  const directModels = LOAD_MODELS.map((id) => getLanguageModel(findModel(id, env)!, env));
  const directByModel: Record<string, number[]> = Object.fromEntries(LOAD_MODELS.map((m) => [m, []]));
  const directStarts: { key: string; t0: number }[] = [];
  let directErrors = 0;
  const directCpu0 = selfCpuMs();
  const td = performance.now();
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      directModels.map((m, p) =>
        directStream(m, `bench direct load #${i}.`).then(
          (r) => {
            directByModel[LOAD_MODELS[p]!]!.push(r.ttftMs);
            directStarts.push({ key: `bench direct load #${i}.|${LOAD_MODELS[p]}`, t0: r.t0 });
          },
          () => void (directErrors += 1),
        ),
      ),
    ).flat(),
  );
  const directLoaded = {
    wallMs: round(performance.now() - td),
    ttft: summarize(Object.values(directByModel).flat()),
    ttftByModel: Object.fromEntries(Object.entries(directByModel).map(([m, v]) => [m, summarize(v)])),
    errors: directErrors,
    benchCpuMs: round(selfCpuMs() - directCpu0),
    toProvider: summarize(
      (() => {
        const at = arrivals();
        return directStarts.flatMap(({ key, t0 }) => (at.has(key) ? [at.get(key)! - (performance.timeOrigin + t0)] : []));
      })(),
    ),
  };
  await new Promise((r) => setTimeout(r, 500));

  const appCpu0 = groupCpuMs(app.child.pid!);
  const benchCpu0 = selfCpuMs();
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: n }, (_, i) => runComparison(app.url, `bench load #${i}.`, LOAD_MODELS)));
  const wallMs = round(performance.now() - t0);
  const benchCpuMs = round(selfCpuMs() - benchCpu0);
  const appCpu1 = groupCpuMs(app.child.pid!);
  const appCpuMs = appCpu0 === null || appCpu1 === null ? null : round(appCpu1 - appCpu0);
  const deltas = LOAD_MODELS.reduce((sum, m) => sum + n * Math.ceil(CONFIG.loadTokens / (m.startsWith("azure:") ? 4 : 1)), 0);

  const at = arrivals();
  const toProvider = results.flatMap((r, i) =>
    LOAD_MODELS.flatMap((m) => {
      const a = at.get(`bench load #${i}.|${m}`);
      return a === undefined ? [] : [a - (performance.timeOrigin + r.t0)];
    }),
  );

  const errors = { total: 0, http: 0, paneErrors: 0, missingDone: 0, missingText: 0, samples: [] as string[] };
  const ttft: number[] = [];
  const byModel: Record<string, number[]> = Object.fromEntries(LOAD_MODELS.map((m) => [m, []]));
  const server: number[] = [];
  const totals: number[] = [];
  for (const r of results) {
    if (r.status !== 200 || r.httpError) {
      errors.http += 1;
      if (errors.samples.length < 5) errors.samples.push(r.httpError ?? `HTTP ${r.status}`);
      continue;
    }
    errors.paneErrors += r.errors.length;
    for (const e of r.errors) if (errors.samples.length < 5) errors.samples.push(`${e.error.code}: ${e.error.message}`);
    if (r.totalMs === null) errors.missingDone += 1;
    else totals.push(r.totalMs);
    for (let p = 0; p < LOAD_MODELS.length; p++) {
      const t = r.ttftMs.get(p);
      if (t === undefined) {
        errors.missingText += 1;
        continue;
      }
      ttft.push(t);
      byModel[LOAD_MODELS[p]!]!.push(t);
    }
    for (const f of r.finishes) if (f.metrics.ttftMs != null) server.push(f.metrics.ttftMs);
  }
  errors.total = errors.http + errors.paneErrors + errors.missingDone + errors.missingText;

  // what the database ended up with (the bench database holds only this run's comparisons)
  let stored: Record<string, number> = {};
  if (db.url) {
    await new Promise((r) => setTimeout(r, 500)); // let the last writes land
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const res = await c.query<{ status: string; n: string }>(
      `select status::text as status, count(*)::text as n from "Answer" group by status`,
    );
    stored = Object.fromEntries(res.rows.map((row) => [row.status, Number(row.n)]));
    await c.end();
  }
  const clientTtft = summarize(ttft);
  const unloadedTtft = summarize(unloaded);
  return {
    comparisons: n,
    panes: n * LOAD_MODELS.length,
    models: LOAD_MODELS,
    wallMs,
    errors,
    unloaded4PaneTtft: unloadedTtft,
    directLoaded,
    toProvider: summarize(toProvider),
    deltas,
    appCpuMs,
    appCpuMsPerPane: appCpuMs === null ? null : round(appCpuMs / (n * LOAD_MODELS.length)),
    appCpuUsPerDelta: appCpuMs === null ? null : round((appCpuMs * 1000) / deltas),
    benchCpuMs,
    clientTtft,
    clientTtftByModel: Object.fromEntries(Object.entries(byModel).map(([m, v]) => [m, summarize(v)])),
    serverTtft: summarize(server),
    comparisonTotalMs: summarize(totals),
    addedP99VsStep1Ms: step1AppP99 === null ? null : round(clientTtft.p99 - step1AppP99),
    addedP99VsUnloaded4PaneMs: round(clientTtft.p99 - unloadedTtft.p99),
    addedP99VsDirectLoadedMs: round(clientTtft.p99 - directLoaded.ttft.p99),
    stored,
    pass: errors.total === 0,
  };
}

// --------------------------------------------------------------------------------------------
// printing

const sumRow = (label: string, s: Summary) => [label, String(s.n), s.min, s.p50, s.p90, s.p99, s.max];
const SUM_HEAD = ["", "n", "min", "p50", "p90", "p99", "max"];
const pf = (ok: boolean) => (ok ? "PASS" : "FAIL");

function printTtft(r: TtftResult) {
  console.log(
    table(SUM_HEAD, [
      sumRow("direct streamText", r.direct),
      sumRow("app (HTTP, client)", r.app),
      sumRow("app - direct, per pair", r.pairDiff),
      sumRow("app's own ttftMs metric", r.appServerTtft),
      sumRow("direct: start -> provider has request", r.split.direct.toProviderMs),
      sumRow("app: fetch -> provider has request", r.split.app.toProviderMs),
      sumRow("direct: provider 1st token -> client", r.split.direct.afterProviderMs),
      sumRow("app: provider 1st token -> client", r.split.app.afterProviderMs),
    ]),
  );
  const before = round(r.split.app.toProviderMs.p50 - r.split.direct.toProviderMs.p50);
  const after = round(r.split.app.afterProviderMs.p50 - r.split.direct.afterProviderMs.p50);
  console.log(
    `overhead p50(app)-p50(direct) = ${r.overheadP50Ms} ms (target < ${TARGETS.ttftP50Ms}: ${pf(r.pass.p50)}), ` +
      `p99(app)-p99(direct) = ${r.overheadP99Ms} ms (target < ${TARGETS.ttftP99Ms}: ${pf(r.pass.p99)})\n` +
      `p50 split: ${before} ms before the provider has the request, ${after} ms after its first token; ` +
      `app CPU ${r.appCpuMsPerComparison ?? "?"} ms per 1-pane comparison`,
  );
}

function printBreakdown(b: BreakdownResult) {
  const rows = (x: Record<string, Summary>) => {
    const base = x["direct streamText"]!;
    return Object.entries(x).map(([k, s]) => [...sumRow(k, s), round(s.p50 - base.p50), round(s.p99 - base.p99)]);
  };
  console.log("TTFT:");
  console.log(table([...SUM_HEAD, "p50 - direct", "p99 - direct"], rows(b.variants)));
  console.log("start -> the provider has the request:");
  console.log(table([...SUM_HEAD, "p50 - direct", "p99 - direct"], rows(b.toProvider)));
  console.log("Next route baselines (round trip of a request that starts no comparison):");
  console.log(
    table(
      SUM_HEAD,
      Object.entries(b.routeBaselines).map(([k, s]) => sumRow(k, s)),
    ),
  );
}

function printParallel(p: ParallelResult) {
  console.log(
    table(
      ["run", "total ms", "slowest pane ms", "ratio", "last pane-finish -> done ms", "pane totalMs"],
      p.runs.map((r, i) => [
        String(i + 1),
        r.totalMs,
        r.slowestPaneMs,
        r.ratio.toFixed(3),
        r.lastFinishToDoneMs,
        r.paneTotalMs.join(" / "),
      ]),
    ),
  );
  console.log(
    `ratio median ${p.ratio.median}, max ${p.ratio.max} (target <= ${TARGETS.parallelRatio}: ${pf(p.pass)})\n` +
      `reference: direct streamText one after another ${p.reference.directSequentialSumMs} ms (${p.reference.directSequentialMs.join(" + ")}), ` +
      `direct all at once ${p.reference.directParallelMs} ms, the app (median) ${p.reference.appParallelMedianMs} ms`,
  );
}

function printLoad(l: LoadResult) {
  console.log(
    table(SUM_HEAD, [
      sumRow("unloaded 4-pane TTFT (client)", l.unloaded4PaneTtft),
      sumRow(`direct streamText x${l.panes} at once (no app)`, l.directLoaded.ttft),
      ...Object.entries(l.directLoaded.ttftByModel).map(([m, s]) => sumRow(`  ${m}`, s)),
      sumRow("  direct: call -> provider has request", l.directLoaded.toProvider),
      sumRow("loaded TTFT (client)", l.clientTtft),
      ...Object.entries(l.clientTtftByModel).map(([m, s]) => sumRow(`  ${m}`, s)),
      sumRow("  app: fetch -> provider has request", l.toProvider),
      sumRow("  app's ttftMs metric (pane start -> 1st token)", l.serverTtft),
      sumRow("comparison total", l.comparisonTotalMs),
    ]),
  );
  const e = l.errors;
  console.log(
    `errors ${e.total} (http ${e.http}, pane-error ${e.paneErrors}, missing done ${e.missingDone}, pane without text ${e.missingText}) ` +
      `(target 0: ${pf(l.pass)}); wall ${l.wallMs} ms\n` +
      `added p99 TTFT: ${l.addedP99VsStep1Ms} ms vs step 1's unloaded app p99, ${l.addedP99VsUnloaded4PaneMs} ms vs the unloaded 4-pane p99, ` +
      `${l.addedP99VsDirectLoadedMs} ms vs the same streams called directly at once (p99 ${l.directLoaded.ttft.p99} ms, wall ${l.directLoaded.wallMs} ms, errors ${l.directLoaded.errors})\n` +
      `CPU: app ${l.appCpuMs ?? "?"} ms for ${l.panes} panes / ${l.deltas} deltas = ${l.appCpuMsPerPane ?? "?"} ms per pane, ` +
      `${l.appCpuUsPerDelta ?? "?"} us per delta; this process (emulator + client) ${l.benchCpuMs} ms, ` +
      `${l.directLoaded.benchCpuMs} ms in the direct run` +
      (Object.keys(l.stored).length ? `\nstored answers by status (whole run): ${JSON.stringify(l.stored)}` : ""),
  );
  for (const s of e.samples) console.log(`  error sample: ${s}`);
}

// --------------------------------------------------------------------------------------------
// step evals: bench/evals.ts in a child process (its output is shown as it runs)

type EvalsResult = {
  database: string;
  items: number;
  queueItemsPerSecond: number;
  directItemsPerSecond: number;
  overheadPerItemMs: number;
  lost: number;
  generatedTwice: number;
  pass: boolean;
};

async function stepEvals(): Promise<EvalsResult> {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench", "evals.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    process.stdout.write(chunk);
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = out.split("\n").find((l) => l.startsWith("BENCH_EVALS_RESULT "));
  if (!line) throw new Error(`bench/evals.ts ended (${code}) without a result`);
  return JSON.parse(line.slice("BENCH_EVALS_RESULT ".length)) as EvalsResult;
}

// --------------------------------------------------------------------------------------------
// main

async function main() {
  const started = Date.now();
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning = false;
  const cleanup = async () => {
    if (cleaning) return;
    cleaning = true;
    for (const c of cleanups.reverse()) await c().catch((e) => console.error("cleanup:", e instanceof Error ? e.message : e));
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    console.log(
      `Juxta bench: node ${process.version}, ${os.cpus().length} CPUs, ${CONFIG.pairs} pairs, ${CONFIG.loadComparisons} concurrent comparisons`,
    );
    const db = await createBenchDatabase();
    cleanups.push(() => db.drop());
    console.log(`database: ${db.kind} ${db.kind === "postgres" ? db.name : `(PGlite in ${db.name})`}`);

    // background runs: their own database, emulator and workers, in a child process, before the app starts
    let evals: EvalsResult | undefined;
    if (CONFIG.steps.includes("evals")) {
      console.log("\n[evals] background runs: bench/evals.ts ...");
      evals = await stepEvals();
    }

    const emuPort = await freePort();
    const emu = await startEmulator({ port: emuPort, scripts: { ...TTFT_SCRIPTS, ...PARALLEL_SCRIPTS } });
    cleanups.push(() => emu.close());
    console.log(`emulator: ${emu.url} (in-process)`);
    const envVars = emulatorEnv(emu.url);
    const env = parseEnv(envVars);

    const appPort = await freePort();
    const appEnv = { ...envWithoutClouds(), ...envVars, ...db.env, ...(db.url ? { DATABASE_URL: db.url } : {}) };
    const mode = process.env.BENCH_APP ?? "auto"; // worktree | snapshot | auto
    let app: App | undefined;
    let appSource: { kind: "worktree" | "snapshot"; dir: string; fallbackReason?: string[] } | undefined;
    const tApp = performance.now();
    if (mode !== "snapshot") {
      console.log(`starting the app on port ${appPort} (node scripts/serve.mjs start; builds when stale)...`);
      try {
        app = await startApp({ env: appEnv, port: appPort });
        appSource = { kind: "worktree", dir: root };
      } catch (e) {
        if (!(mode === "auto" && e instanceof AppStartError && e.buildFailed)) throw e;
        console.log(
          "the working tree does not build (see the errors above); measuring a snapshot of it instead, built without the type check",
        );
        appSource = { kind: "snapshot", dir: "", fallbackReason: e.errors };
      }
    }
    if (!app) {
      const snap = makeSnapshot();
      cleanups.push(() => snap.remove());
      console.log(`starting the app from the snapshot ${snap.dir} on port ${appPort} (serve.mjs start)...`);
      app = await startApp({ env: appEnv, port: appPort, dir: snap.dir });
      appSource = { kind: "snapshot", dir: snap.dir, ...(appSource?.fallbackReason ? { fallbackReason: appSource.fallbackReason } : {}) };
    }
    const runningApp = app;
    cleanups.push(() => runningApp.stop());
    const appStartMs = round(performance.now() - tApp);
    console.log(`app ready at ${app.url} after ${(appStartMs / 1000).toFixed(1)} s (${appSource!.kind})`);

    const has = (step: string) => CONFIG.steps.includes(step);
    const ttft: TtftResult[] = [];
    for (const m of has("1") ? CONFIG.ttftProviders : []) {
      console.log(`\n[1] TTFT overhead, ${m}: ${CONFIG.warmup} warm-up + ${CONFIG.pairs} interleaved pairs...`);
      ttft.push(await stepTtft(app, emu, env, m));
      printTtft(ttft.at(-1)!);
    }
    let breakdown: BreakdownResult | undefined;
    if (has("1b")) {
      console.log(`\n[1b] where the TTFT goes (${CONFIG.ttftProviders[0]}, ${CONFIG.breakdownRounds} rotated rounds)...`);
      breakdown = await stepBreakdown(app, emu, env, CONFIG.ttftProviders[0]!, db);
      printBreakdown(breakdown);
    }
    let parallel: ParallelResult | undefined;
    if (has("2")) {
      console.log(`\n[2] parallel panes: ${PARALLEL_MODELS.join(", ")} x ${CONFIG.parallelRepeats}...`);
      parallel = await stepParallel(app, env);
      printParallel(parallel);
    }
    let load: LoadResult | undefined;
    if (has("3")) {
      console.log(`\n[3] load: ${CONFIG.loadComparisons} concurrent comparisons x ${LOAD_MODELS.length} panes...`);
      const openaiTtft = ttft.find((t) => t.model.startsWith("openai:")) ?? ttft[0];
      load = await stepLoad(app, env, emu, openaiTtft ? openaiTtft.app.p99 : null, db);
      printLoad(load);
    }

    const summary = [
      ...ttft.flatMap((t) => [
        [`TTFT overhead p50, ${t.model}`, `${t.overheadP50Ms} ms`, `< ${TARGETS.ttftP50Ms} ms`, t.pass.p50 ? "PASS" : "FAIL"],
        [`TTFT overhead p99, ${t.model}`, `${t.overheadP99Ms} ms`, `< ${TARGETS.ttftP99Ms} ms`, t.pass.p99 ? "PASS" : "FAIL"],
      ]),
      ...(parallel
        ? [
            [
              "parallel ratio (median / max)",
              `${parallel.ratio.median} / ${parallel.ratio.max}`,
              `<= ${TARGETS.parallelRatio}`,
              parallel.pass ? "PASS" : "FAIL",
            ],
          ]
        : []),
      ...(load
        ? [
            ["load errors", String(load.errors.total), "0", load.pass ? "PASS" : "FAIL"],
            ["load TTFT p50 / p99", `${load.clientTtft.p50} / ${load.clientTtft.p99} ms`, "(report)", ""],
            ["load added p99 TTFT vs step 1 app p99", `${load.addedP99VsStep1Ms} ms`, "(report)", ""],
            ["load p99 TTFT app - direct at once", `${load.addedP99VsDirectLoadedMs} ms`, "(report)", ""],
            ["load wall time", `${load.wallMs} ms`, "(report)", ""],
          ]
        : []),
      ...(evals
        ? [
            [
              "evals: no lost item, none twice",
              `${evals.items} items, ${evals.lost} lost, ${evals.generatedTwice} twice`,
              "0 / 0",
              evals.pass ? "PASS" : "FAIL",
            ],
            ["evals: items/s queue / direct", `${evals.queueItemsPerSecond} / ${evals.directItemsPerSecond}`, "(report)", ""],
            ["evals: queue overhead per item", `${evals.overheadPerItemMs} ms`, "(report)", ""],
          ]
        : []),
    ];
    const results = {
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.release()}`, loadavg: os.loadavg() },
      database: db.kind,
      app: appSource,
      appStartMs,
      config: CONFIG,
      targets: TARGETS,
      summary: summary.map(([target, measured, goal, result]) => ({ target, measured, goal, result })),
      ttft,
      breakdown,
      parallel,
      load,
      evals,
    };
    const out = path.join(root, "bench", "results.json");
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log("\nSummary");
    console.log(table(["target", "measured", "goal", "result"], summary));
    console.log(`\nwrote ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
