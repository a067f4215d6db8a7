// The compare hot path, measured the way a user meets it (issue 13, "Hot path speed"):
//   npx tsx --conditions=react-server bench/hot-path.ts
// Four processes: this client; the provider emulator (tests/emulator/cli.ts); the app, started as
// `npm start` does (`node scripts/serve.mjs start`: next build when stale, migrate, `next start`);
// and a bare Node server around `streamText` (bench/hot-path-bare.ts). A direct `streamText` call
// runs in this client. Every figure is a difference or ratio of paths measured side by side,
// interleaved in one run, against the same emulated model.
//
// Steps (BENCH_HOT_STEPS, default "one,c64,panes4,load200,leaderboard"):
//   one      : BENCH_HOT_PAIRS (200) rounds of {direct, bare server, app} in rotating order, one stream
//              at a time; TTFT = request -> first text-delta. Prints p50/p99 of app - direct per round.
//   c64      : 64 streams at once on each path (rotating), BENCH_HOT_C64_ROUNDS (6) rounds.
//   panes4   : a 4-pane comparison (first tokens 40, 140, 240, 340 ms) vs the slowest pane alone (direct).
//   load200  : 200 concurrent 4-pane comparisons (first token 200 ms) vs one direct call's TTFT.
//   leaderboard: a pane's TTFT and largest token gap with and without a concurrent
//              GET /api/v1/leaderboard?rounds=5000 (a new seed each time: never cached).
// Database: BENCH_HOT_DB=postgres (default: a fresh juxta_bench_* on TEST_DATABASE_URL / local
// PostgreSQL, dropped at the end) or pglite (the embedded database in a temporary directory).
// BENCH_HOT_APP_DIR: serve another checkout (e.g. a build of main, for the before figures).
// BENCH_HOT_PROFILE=<dir>: the app's processes run V8's sampling profiler (what --cpu-prof does;
// Node 20 refuses --cpu-prof in NODE_OPTIONS, so bench/hot-path-profiler.cjs is preloaded) and
// write <dir>/<pid>.cpuprofile after the steps; bench/hot-path-profile.ts summarises them.
//
// Findings of the CPU profile before the fixes (main at ffed9ee, `next start`, PostgreSQL, the
// c64 step; self time of the app process's 32.9 s busy CPU, start-up included; machine load 10-17):
//   - Prisma is the largest cost of the app's own: its query compiler (WASM) 8.6%, @prisma/client
//     6.7%, pg + pg-protocol 1.5%: the comparison insert (a nested create: one transaction of
//     several statements), then per pane a "streaming" status write, text writes every 400 ms and
//     the final write. GC 13%; Node's promise hooks (AsyncLocalStorage: Next's and the call
//     trace's) ~5%; socket writes (writev) 2.9%: one NDJSON chunk per delta; the AI SDK's chunk
//     parsing (zod) ~1.5%; the category rules of the prompt (lib/categories) 0.5%.
//   - Nothing waited on the database before the provider call in local mode (the insert was already
//     deferred until every pane's request was on its way); but the insert and the per-pane
//     "streaming" writes ran 10 ms after dispatch, i.e. while the first tokens arrived, and the app
//     awaited the final answer write (a round trip behind the pool's queue under load) before
//     sending pane-finish.
// Fixes: pane-finish / pane-error are sent before the final write (done still follows it); a new
// comparison's answers are inserted already "streaming" (one write per pane less, none at the first
// token); leaderboard / results bootstraps run in a worker thread, cached per data version.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { streamText } from "ai";
import { parseEnv } from "../lib/env";
import { findModel, getLanguageModel } from "../lib/providers";
import { emulatorEnv as emulatorEnvJs } from "../scripts/emulator-env.mjs";
import type { EmulatorScript } from "../tests/emulator/types";
import { createPostgresDatabase, LOCAL_POSTGRES } from "../tests/helpers/test-database";
import {
  envWithoutClouds,
  freePort,
  median,
  percentile,
  readNdjson,
  root,
  round,
  sleep,
  startApp,
  table,
  words,
  type BenchDatabase,
} from "./lib";

const emulatorEnv = emulatorEnvJs as (url: string) => Record<string, string>;
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const STEPS = (process.env.BENCH_HOT_STEPS ?? "one,c64,panes4,load200,leaderboard").split(",");
const PAIRS = num("BENCH_HOT_PAIRS", 200);
const WARMUP = num("BENCH_HOT_WARMUP", 20);
const C64_ROUNDS = num("BENCH_HOT_C64_ROUNDS", 6);
const CONCURRENT = num("BENCH_HOT_CONCURRENT", 64);
const PANES4_ROUNDS = num("BENCH_HOT_PANES4_ROUNDS", 10);
const LOAD = num("BENCH_HOT_LOAD", 200);
const LB_ROUNDS = num("BENCH_HOT_LB_ROUNDS", 10);
const LB_VOTES = num("BENCH_HOT_LB_VOTES", 300);

const ONE = "openai:gpt-4o-mini";
const FAST: EmulatorScript = { ttftMs: 20, tokensPerSecond: 1000, chunkTokens: 1, text: words(30) };
const PANES4 = ["openai:gpt-4.1-nano", "azure:prod-4o", "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0", "openai:gpt-4.1"];
const PANES4_SCRIPTS: EmulatorScript[] = [40, 140, 240, 340].map((ttftMs) => ({
  ttftMs,
  tokensPerSecond: 200,
  chunkTokens: 1,
  text: words(40),
}));
const LOAD_MODELS = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0", "openai:gpt-4.1-mini"];
const LOAD_SCRIPT: EmulatorScript = { ttftMs: 200, tokensPerSecond: 100, chunkTokens: 1, text: words(40) };
const LB_PANE = "openai:gpt-4.1-mini";
const LB_SCRIPT: EmulatorScript = { ttftMs: 20, tokensPerSecond: 200, chunkTokens: 1, text: words(100) };
const LB_MODELS = [
  "openai:gpt-4o",
  "azure:prod-41",
  "bedrock:amazon.nova-pro-v1:0",
  "bedrock:meta.llama3-3-70b-instruct-v1:0",
  "openai:o3-mini",
  "azure:phi-4",
];

type Timed = { ttft: number; total: number; gaps: number[]; firstLine: number };

async function spawnTsx(args: string[], ready: (line: string) => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      if (ready(d.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
  child.stdout!.resume();
  return child;
}

/** POST a body, read NDJSON, time the first line, the first text-delta per pane, gaps and the end. */
async function timedPost(url: string, body: unknown, pane = 0): Promise<Timed & { firstByPane: Map<number, number> }> {
  const t0 = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const firstByPane = new Map<number, number>();
  let last: number | null = null;
  const gaps: number[] = [];
  let firstLine = NaN;
  let errors = "";
  await readNdjson(res.body, ({ t, event }) => {
    if (Number.isNaN(firstLine)) firstLine = t - t0;
    if (event.type === "pane-error") errors += JSON.stringify(event.error);
    if (event.type !== "text-delta") return;
    if (!firstByPane.has(event.pane)) firstByPane.set(event.pane, t - t0);
    if (event.pane === pane) {
      if (last !== null) gaps.push(t - last);
      last = t;
    }
  });
  if (errors) throw new Error(`pane error: ${errors}`);
  return { ttft: firstByPane.get(pane) ?? NaN, total: performance.now() - t0, gaps, firstLine, firstByPane };
}

function directCall(env: ReturnType<typeof parseEnv>, model: string, prompt: string): Promise<Timed> {
  return (async () => {
    const t0 = performance.now();
    const r = streamText({ model: getLanguageModel(findModel(model, env)!, env), prompt, onError: () => {} });
    let ttft = NaN;
    let last: number | null = null;
    const gaps: number[] = [];
    for await (const part of r.fullStream) {
      if (part.type === "error") throw part.error;
      if (part.type !== "text-delta" || !part.text) continue;
      const t = performance.now();
      if (Number.isNaN(ttft)) ttft = t - t0;
      if (last !== null) gaps.push(t - last);
      last = t;
    }
    return { ttft, total: performance.now() - t0, gaps, firstLine: ttft };
  })();
}

const p = (xs: number[], q: number) => round(percentile(xs, q), 2);
const rows: (string | number)[][] = [];
const results: Record<string, unknown> = {};
function verdict(name: string, value: number, goal: number, unit: string) {
  const ok = value < goal;
  rows.push([name, `${round(value, 2)} ${unit}`, `< ${goal} ${unit}`, ok ? "PASS" : `FAIL (by ${round(value - goal, 2)} ${unit})`]);
  results[name] = { value: round(value, 2), goal, ok };
}

async function main() {
  const emuPort = await freePort();
  const emulator = await spawnTsx(["tests/emulator/cli.ts", "--port", String(emuPort), "--quiet"], (l) => l.includes("listening"));
  const emuUrl = `http://127.0.0.1:${emuPort}`;
  const setScript = async (key: string, script: EmulatorScript) => {
    const r = await fetch(`${emuUrl}/__emulator/scripts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, script }),
    });
    if (!r.ok) throw new Error(`emulator script ${key}: ${r.status}`);
  };
  const env = parseEnv(emulatorEnv(emuUrl));
  const barePort = await freePort();
  const bare = await spawnTsx(["bench/hot-path-bare.ts", String(barePort), emuUrl], (l) => l.includes("listening"));
  const bareUrl = `http://127.0.0.1:${barePort}/`;

  const stopHelpers = () => {
    bare.kill("SIGTERM");
    emulator.kill("SIGTERM");
  };
  process.once("exit", stopHelpers);
  let db: BenchDatabase;
  if (process.env.BENCH_HOT_DB === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "juxta-hot-"));
    db = {
      kind: "pglite",
      url: undefined,
      env: { JUXTA_DATA_DIR: dir },
      name: dir,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  } else {
    // its own name prefix: other benches' clean-ups of juxta_bench_* must not drop it mid-run
    const pgDb = await createPostgresDatabase({
      servers: [process.env.TEST_DATABASE_URL, LOCAL_POSTGRES],
      prefix: "hot_path_bench",
      skipUnreachable: true,
    });
    if (!pgDb) throw new Error("no PostgreSQL at TEST_DATABASE_URL or 127.0.0.1:5432 (BENCH_HOT_DB=pglite uses the embedded one)");
    db = { kind: "postgres", url: pgDb.url, env: {}, name: pgDb.name, drop: pgDb.drop };
  }
  const profileDir = process.env.BENCH_HOT_PROFILE ? path.resolve(process.env.BENCH_HOT_PROFILE) : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const app = await startApp({
    dir: process.env.BENCH_HOT_APP_DIR ? path.resolve(process.env.BENCH_HOT_APP_DIR) : root,
    env: {
      ...envWithoutClouds(),
      ...emulatorEnv(emuUrl),
      ...db.env,
      DATABASE_URL: db.url,
      JUXTA_EVAL_WORKERS: "0",
      ...(profileDir
        ? { NODE_OPTIONS: `--require ${path.join(root, "bench", "hot-path-profiler.cjs")}`, HOT_PATH_PROFILE_DIR: profileDir }
        : {}),
    },
    port: await freePort(),
  });
  const appUrl = `${app.url}/api/v1/comparisons`;
  console.log(
    `hot path bench: node ${process.version}, ${os.cpus().length} CPUs, load avg ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}, database ${db.kind}`,
  );
  const paths = {
    direct: (model: string, i: number) => directCall(env, model, `hot ${i}`),
    bare: (model: string, i: number) => timedPost(bareUrl, { model, prompt: `hot ${i}` }),
    app: (model: string, i: number) => timedPost(appUrl, { models: [model], prompt: `hot ${i}` }),
  };
  const names = ["direct", "bare", "app"] as const;
  // with BENCH_HOT_PROFILE: the app's processes write the profile so far and start a new one
  const markProfile = () => {
    if (profileDir) process.kill(-app.child.pid!, "SIGUSR2");
  };
  try {
    if (STEPS.includes("one") || STEPS.includes("c64")) await setScript(ONE, FAST);
    if (STEPS.includes("one")) {
      for (let i = 0; i < WARMUP; i++) for (const n of names) await paths[n](ONE, i);
      markProfile();
      const t: Record<(typeof names)[number], number[]> = { direct: [], bare: [], app: [] };
      for (let i = 0; i < PAIRS; i++) {
        for (let k = 0; k < 3; k++) {
          const n = names[(i + k) % 3]!;
          t[n].push((await paths[n](ONE, i)).ttft);
        }
      }
      const appD = t.app.map((x, i) => x - t.direct[i]!);
      const bareD = t.bare.map((x, i) => x - t.direct[i]!);
      console.log(`\n[one] TTFT, ms, ${PAIRS} rounds (FAST script: 20 ms, 30 tokens 1 ms apart)`);
      console.log(
        table(
          ["path", "p50", "p90", "p99"],
          [
            ["direct streamText", p(t.direct, 50), p(t.direct, 90), p(t.direct, 99)],
            ["bare Node server", p(t.bare, 50), p(t.bare, 90), p(t.bare, 99)],
            ["app (npm start)", p(t.app, 50), p(t.app, 90), p(t.app, 99)],
            ["bare - direct, per round", p(bareD, 50), p(bareD, 90), p(bareD, 99)],
            ["app - direct, per round", p(appD, 50), p(appD, 90), p(appD, 99)],
            ["p50(app) - p50(direct)", round(median(t.app) - median(t.direct)), "", ""],
            ["p99(app) - p99(direct)", "", "", round(percentile(t.app, 99) - percentile(t.direct, 99))],
          ],
        ),
      );
      results.one = { direct: t.direct, bare: t.bare, app: t.app };
      verdict("one stream: app-added TTFT p50", median(appD), 3, "ms");
      verdict("one stream: app-added TTFT p99", percentile(appD, 99), 8, "ms");
    }
    if (STEPS.includes("c64")) {
      const t: Record<(typeof names)[number], number[]> = { direct: [], bare: [], app: [] };
      const roundP50: Record<(typeof names)[number], number[]> = { direct: [], bare: [], app: [] };
      for (let r = 0; r < C64_ROUNDS + 1; r++) {
        if (r === 1) markProfile();
        for (let k = 0; k < 3; k++) {
          const n = names[(r + k) % 3]!;
          const got = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => paths[n](ONE, r * 1000 + i)));
          await sleep(200);
          if (r === 0) continue; // warm-up round
          const ttfts = got.map((g) => g.ttft);
          t[n].push(...ttfts);
          roundP50[n].push(median(ttfts));
        }
      }
      const diffs = roundP50.app.map((x, i) => x - roundP50.direct[i]!);
      console.log(`\n[c64] ${CONCURRENT} streams at once, TTFT ms, ${C64_ROUNDS} rounds per path`);
      console.log(
        table(
          ["path", "p50", "p90", "p99"],
          names.map((n) => [n, p(t[n], 50), p(t[n], 90), p(t[n], 99)]),
        ),
      );
      console.log(`p50(app) - p50(direct) per round: ${diffs.map((d) => round(d, 1)).join(", ")}`);
      console.log(`p50(bare) - p50(direct) per round: ${roundP50.bare.map((x, i) => round(x - roundP50.direct[i]!, 1)).join(", ")}`);
      results.c64 = { roundP50 };
      verdict(`${CONCURRENT} streams: app-added TTFT p50`, median(diffs), 5, "ms");
    }
    if (STEPS.includes("panes4")) {
      for (const [i, m] of PANES4.entries()) await setScript(m, PANES4_SCRIPTS[i]!);
      const ratios: number[] = [];
      const slowest = PANES4.at(-1)!;
      for (let r = 0; r < PANES4_ROUNDS + 1; r++) {
        const order = r % 2 === 0;
        const a = order ? await directCall(env, slowest, `p4 ${r}`) : null;
        const app = await timedPost(appUrl, { models: PANES4, prompt: `p4 ${r}` });
        const b = a ?? (await directCall(env, slowest, `p4 ${r}`));
        if (r > 0) ratios.push(app.total / b.total);
      }
      console.log(
        `\n[panes4] 4-pane comparison to done / slowest pane alone (direct, to its end): ${ratios.map((x) => round(x, 3)).join(", ")}`,
      );
      results.panes4 = ratios;
      verdict("4 panes: comparison / slowest pane, p50", median(ratios), 1.05, "x");
    }
    if (STEPS.includes("load200")) {
      for (const m of LOAD_MODELS) await setScript(m, LOAD_SCRIPT);
      const alone: number[] = [];
      for (let i = 0; i < 10; i++) alone.push((await directCall(env, LOAD_MODELS[0]!, `alone ${i}`)).ttft);
      await Promise.all(Array.from({ length: 20 }, (_, i) => timedPost(appUrl, { models: LOAD_MODELS, prompt: `lw ${i}` })));
      const t0 = performance.now();
      const got = await Promise.allSettled(
        Array.from({ length: LOAD }, (_, i) => timedPost(appUrl, { models: LOAD_MODELS, prompt: `load ${i}` })),
      );
      const wall = performance.now() - t0;
      for (let i = 0; i < 5; i++) alone.push((await directCall(env, LOAD_MODELS[0]!, `alone2 ${i}`)).ttft);
      const ok = got.flatMap((g) => (g.status === "fulfilled" ? [g.value] : []));
      const failed = got.length - ok.length;
      const firstEvent = ok.map((g) => Math.min(...g.firstByPane.values()));
      const paneFirst = ok.flatMap((g) => [...g.firstByPane.values()]);
      const firstLine = ok.map((g) => g.firstLine);
      console.log(
        `\n[load200] ${LOAD} concurrent ${LOAD_MODELS.length}-pane comparisons (first token 200 ms), wall ${round(wall, 0)} ms, failed ${failed}`,
      );
      console.log(
        table(
          ["ms", "p50", "p90", "p99"],
          [
            ["provider alone (direct TTFT)", p(alone, 50), p(alone, 90), p(alone, 99)],
            ["first line of the NDJSON", p(firstLine, 50), p(firstLine, 90), p(firstLine, 99)],
            ["first text-delta of a comparison", p(firstEvent, 50), p(firstEvent, 90), p(firstEvent, 99)],
            ["first text-delta of each pane", p(paneFirst, 50), p(paneFirst, 90), p(paneFirst, 99)],
          ],
        ),
      );
      results.load200 = { alone, firstEvent, paneFirst, failed };
      if (failed) console.log(`  failures: ${String((got.find((g) => g.status === "rejected") as PromiseRejectedResult).reason)}`);
      verdict(`${LOAD} x 4 panes: first text-delta p50 / provider TTFT`, median(firstEvent) / median(alone), 2, "x");
    }
    if (STEPS.includes("leaderboard")) {
      await setScript(LB_PANE, LB_SCRIPT);
      for (const m of LB_MODELS) await setScript(m, { ttftMs: 1, tokensPerSecond: 0, text: words(5) });
      // votes to fit: LB_VOTES 4-pane comparisons of rotating models, each ranked
      for (let i = 0; i < LB_VOTES; i += 10) {
        await Promise.all(
          Array.from({ length: Math.min(10, LB_VOTES - i) }, async (_, j) => {
            const k = i + j;
            const models = [0, 1, 2, 3].map((d) => LB_MODELS[(k + d * (1 + (k % 2))) % LB_MODELS.length]!);
            const r = await fetch(appUrl, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ models: [...new Set(models)], prompt: `lb ${k}` }),
            });
            const events = await readNdjson(r.body!);
            const id = (events[0]!.event as { id: string }).id;
            const n = new Set(models).size;
            const ranking = Array.from({ length: n }, (_, x) => (x + k) % n);
            const v = await fetch(`${app.url}/api/v1/comparisons/${id}/votes`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ ranking }),
            });
            if (v.status !== 201) throw new Error(`vote: ${v.status} ${await v.text()}`);
          }),
        );
      }
      const board = (seed: number) => {
        const t0 = performance.now();
        return fetch(`${app.url}/api/v1/leaderboard?mode=all&rounds=5000&seed=${seed}`).then(async (r) => {
          if (!r.ok) throw new Error(`leaderboard ${r.status}`);
          const j = (await r.json()) as { votes: number };
          return { ms: performance.now() - t0, votes: j.votes };
        });
      };
      const first = await board(1);
      console.log(`\n[leaderboard] ${first.votes} votes; one 5,000-round leaderboard request alone: ${round(first.ms, 0)} ms`);
      const alone = { ttft: [] as number[], gap: [] as number[] };
      const withLb = { ttft: [] as number[], gap: [] as number[], lb: [] as number[] };
      for (let r = 0; r < LB_ROUNDS * 2; r++) {
        const withBoard = r % 2 === 1;
        await timedPost(appUrl, { models: [LB_PANE], prompt: "lb warm" });
        const pane = timedPost(appUrl, { models: [LB_PANE], prompt: `lb pane ${r}` });
        // the board starts while the pane's request is on its way
        const lb = withBoard ? board(1000 + r) : null;
        const got = await pane;
        const target = withBoard ? withLb : alone;
        target.ttft.push(got.ttft);
        target.gap.push(Math.max(...got.gaps));
        if (lb) withLb.lb.push((await lb).ms);
      }
      console.log(
        table(
          ["pane, ms", "TTFT p50", "TTFT max", "largest token gap p50", "largest gap max"],
          [
            ["alone", p(alone.ttft, 50), p(alone.ttft, 100), p(alone.gap, 50), p(alone.gap, 100)],
            ["with a 5,000-round leaderboard", p(withLb.ttft, 50), p(withLb.ttft, 100), p(withLb.gap, 50), p(withLb.gap, 100)],
          ],
        ),
      );
      console.log(`leaderboard requests during the pane: p50 ${p(withLb.lb, 50)} ms`);
      results.leaderboard = { alone, withLb };
      verdict("leaderboard: added TTFT p50", median(withLb.ttft) - median(alone.ttft), 5, "ms");
      verdict("leaderboard: added largest token gap p50", median(withLb.gap) - median(alone.gap), 5, "ms");
    }
    console.log(
      `\nverdicts (database ${db.kind}, load avg ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")})`,
    );
    console.log(table(["measure", "value", "goal", ""], rows));
    fs.writeFileSync(path.join(root, "bench", `hot-path-results-${db.kind}.json`), JSON.stringify({ db: db.kind, results }, null, 1));
    if (profileDir) {
      // every process of the app's group writes its profile (bench/hot-path-profiler.cjs)
      process.kill(-app.child.pid!, "SIGUSR2");
      await sleep(3000);
      console.log(`CPU profiles in ${profileDir} (<pid>-2: the measured window): npx tsx bench/hot-path-profile.ts ${profileDir}`);
    }
  } finally {
    await app.stop();
    stopHelpers();
    await db.drop();
  }
}

await main();
