// The first comparison after a start, as a new user meets it: `npx tsx --conditions=react-server bench/first-call.ts`.
// The provider emulator runs in its own process (demo speeds: OpenAI 180 ms, Azure 240 ms, Bedrock
// 350 ms to the first token); the app is started with `node scripts/serve.mjs start` (as `npm
// start`) BENCH_FIRST_RESTARTS times (default 3), with the start-up warm-up on and, side by side in
// the same run, off (JUXTA_WARM_UP=0). After each start this client sends one 3-pane comparison,
// then BENCH_FIRST_FOLLOWING (default 5) more. The emulator is warmed by direct calls first. For each start and pane it pairs the first
// comparison with the median of the following ones and prints the differences (p50 and max):
//   client TTFT  = POST sent -> first text-delta line of that pane in the NDJSON body
//   app ttftMs   = the pane's stored time to first token (from the request being written)
//   app setupMs  = the pane's set-up before its request was written
// Loopback only; a fresh database on the local PostgreSQL (else PGlite), dropped at the end.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { streamText } from "ai";
import type { AnswerMetrics } from "../lib/compare/events";
import { parseEnv } from "../lib/env";
import { findModel, getLanguageModel } from "../lib/providers";
import { emulatorEnv as emulatorEnvJs } from "../scripts/emulator-env.mjs";
import { createBenchDatabase, envWithoutClouds, freePort, median, root, round, runComparison, sleep, startApp, table } from "./lib";

const emulatorEnv = emulatorEnvJs as (url: string) => Record<string, string>;
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const RESTARTS = num("BENCH_FIRST_RESTARTS", 3);
const FOLLOWING = num("BENCH_FIRST_FOLLOWING", 5);
const MODELS = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"];

type Sample = { clientTtft: number; appTtft: number | null; setup: number | null };

async function startEmulatorProcess(port: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "tests/emulator/cli.ts", "--port", String(port), "--quiet"],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/__emulator/health`)).ok) return { url, child };
    } catch {}
    await sleep(100);
  }
  child.kill();
  throw new Error("the emulator did not start");
}

async function comparisonSamples(appUrl: string, n: number): Promise<Map<number, Sample>> {
  const r = await runComparison(appUrl, `First question ${n}: explain one idea.`, MODELS);
  if (r.httpError || r.errors.length) throw new Error(`comparison failed: ${r.httpError ?? JSON.stringify(r.errors)}`);
  const out = new Map<number, Sample>();
  for (const f of r.finishes as { pane: number; metrics: AnswerMetrics }[]) {
    out.set(f.pane, { clientTtft: r.ttftMs.get(f.pane) ?? NaN, appTtft: f.metrics.ttftMs, setup: f.metrics.setupMs });
  }
  return out;
}

async function main() {
  const emulator = await startEmulatorProcess(await freePort());
  const db = await createBenchDatabase();
  const rows: (string | number)[][] = [];
  const summary: Record<string, Record<string, number[]>> = {};
  try {
    // the emulator's own first requests are slow too: warm it with direct calls before measuring
    const env = parseEnv(emulatorEnv(emulator.url));
    for (let i = 0; i < 3; i++)
      for (const id of MODELS) {
        const r = streamText({ model: getLanguageModel(findModel(id, env)!, env), prompt: `emulator warm-up ${i}` });
        await r.consumeStream();
      }
    // starts alternate: on, off, on, off... so drift on the machine falls on both
    const order = Array.from({ length: RESTARTS * 2 }, (_, i) => i % 2 === 0);
    for (const warm of order) {
      {
        const app = await startApp({
          env: {
            ...envWithoutClouds(),
            ...emulatorEnv(emulator.url),
            ...db.env,
            DATABASE_URL: db.url,
            JUXTA_WARM_UP: warm ? "1" : "0",
            JUXTA_EVAL_WORKERS: "0",
          },
          port: await freePort(),
          echo: () => {},
        });
        try {
          const first = await comparisonSamples(app.url, 0);
          const following: Map<number, Sample>[] = [];
          for (let i = 1; i <= FOLLOWING; i++) following.push(await comparisonSamples(app.url, i));
          for (const [pane, f] of first) {
            const rest = following.map((m) => m.get(pane)!);
            const d = {
              client: f.clientTtft - median(rest.map((x) => x.clientTtft)),
              app: (f.appTtft ?? NaN) - median(rest.map((x) => x.appTtft ?? NaN)),
              setup: (f.setup ?? NaN) - median(rest.map((x) => x.setup ?? NaN)),
            };
            const key = `${warm ? "warm-up on " : "warm-up off"} ${MODELS[pane]}`;
            summary[key] ??= { client: [], app: [], setup: [] };
            summary[key].client.push(d.client);
            summary[key].app.push(d.app);
            summary[key].setup.push(d.setup);
          }
        } finally {
          await app.stop();
        }
      }
    }
    for (const [key, d] of Object.entries(summary)) {
      const p50 = (xs: number[]) => round(median(xs), 0);
      const max = (xs: number[]) => round(Math.max(...xs), 0);
      rows.push([key, `${p50(d.client)} / ${max(d.client)}`, `${p50(d.app)} / ${max(d.app)}`, `${p50(d.setup)} / ${max(d.setup)}`]);
    }
    console.log(`\nfirst comparison after a start minus the median of the next ${FOLLOWING}, ms (p50 / max over ${RESTARTS} starts)`);
    console.log(table(["start, pane", "client TTFT", "app ttftMs", "app setupMs"], rows));
  } finally {
    emulator.child.kill("SIGTERM");
    await db.drop();
  }
}

await main();
