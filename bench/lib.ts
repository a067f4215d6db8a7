// Shared helpers of the benchmarks (bench/run-all.ts): statistics, an incremental NDJSON reader
// for POST /api/v1/comparisons, a throw-away database, and starting / stopping the app.
// Loopback only: nothing here talks to anything but 127.0.0.1.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CompareEvent } from "../lib/compare/events";
import { freePort as freePortJs } from "../scripts/embedded-db.mjs";
import { createPostgresDatabase, LOCAL_POSTGRES } from "../tests/helpers/test-database";

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A free loopback port (never 5432). */
export const freePort = freePortJs as () => Promise<number>;

// ---------------------------------------------------------------------------------------------
// statistics

/** Percentile with linear interpolation between closest ranks; p in [0, 100]. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

export const median = (values: number[]) => percentile(values, 50);

export type Summary = { n: number; min: number; p50: number; p90: number; p99: number; max: number; mean: number };

export function summarize(values: number[]): Summary {
  const n = values.length;
  return {
    n,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, n)),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------------------------------------
// tables

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

// ---------------------------------------------------------------------------------------------
// NDJSON

export type TimedEvent = { t: number; event: CompareEvent };

/**
 * Reads an NDJSON body incrementally; `onEvent` gets each event with the performance.now() of the
 * chunk that completed its line. Returns every event. Invalid lines throw.
 */
export async function readNdjson(body: ReadableStream<Uint8Array>, onEvent?: (e: TimedEvent) => void): Promise<TimedEvent[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: TimedEvent[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    const t = performance.now();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const e = { t, event: JSON.parse(line) as CompareEvent };
      events.push(e);
      onEvent?.(e);
    }
  }
  if (buffer.trim()) {
    const e = { t: performance.now(), event: JSON.parse(buffer) as CompareEvent };
    events.push(e);
    onEvent?.(e);
  }
  return events;
}

export type ComparisonResult = {
  status: number;
  /** fetch start (performance.now()) */
  t0: number;
  /** per pane: fetch start -> first text-delta of that pane, ms */
  ttftMs: Map<number, number>;
  /** fetch start -> `done` line, ms (null when missing) */
  totalMs: number | null;
  finishes: Extract<CompareEvent, { type: "pane-finish" }>[];
  /** fetch start -> the last pane-finish / pane-error line, ms */
  lastPaneEndMs: number | null;
  errors: Extract<CompareEvent, { type: "pane-error" }>[];
  httpError?: string;
};

/** POST /api/v1/comparisons and read the NDJSON answer to its end. */
export async function runComparison(appUrl: string, prompt: string, models: string[]): Promise<ComparisonResult> {
  const t0 = performance.now();
  const ttftMs = new Map<number, number>();
  const out: ComparisonResult = { status: 0, t0, ttftMs, totalMs: null, finishes: [], lastPaneEndMs: null, errors: [] };
  let res: Response;
  try {
    res = await fetch(`${appUrl}/api/v1/comparisons`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt, models }),
    });
  } catch (e) {
    out.httpError = e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? "")}` : String(e);
    return out;
  }
  out.status = res.status;
  if (res.status !== 200 || !res.body) {
    out.httpError = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    return out;
  }
  try {
    await readNdjson(res.body, ({ t, event }) => {
      switch (event.type) {
        case "text-delta":
          if (!ttftMs.has(event.pane)) ttftMs.set(event.pane, t - t0);
          break;
        case "pane-finish":
          out.finishes.push(event);
          out.lastPaneEndMs = t - t0;
          break;
        case "pane-error":
          out.errors.push(event);
          out.lastPaneEndMs = t - t0;
          break;
        case "done":
          out.totalMs = t - t0;
          break;
      }
    });
  } catch (e) {
    out.httpError = `body: ${e instanceof Error ? e.message : String(e)}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// database

export type BenchDatabase = {
  kind: "postgres" | "pglite";
  /** DATABASE_URL for the app (undefined = let serve.mjs start an embedded PGlite) */
  url: string | undefined;
  /** extra env for the app (JUXTA_DATA_DIR for PGlite) */
  env: Record<string, string>;
  name: string;
  drop(): Promise<void>;
};

/**
 * A fresh database `juxta_bench_<random>` on TEST_DATABASE_URL, else on the local PostgreSQL if
 * it answers, else a throw-away PGlite data directory. `drop()` removes only what it created.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const db = await createPostgresDatabase({
    servers: [process.env.TEST_DATABASE_URL, LOCAL_POSTGRES],
    prefix: "juxta_bench",
    skipUnreachable: true,
  });
  if (db) return { kind: "postgres", url: db.url, env: {}, name: db.name, drop: db.drop };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "juxta-bench-"));
  return {
    kind: "pglite",
    url: undefined,
    env: { JUXTA_DATA_DIR: dir },
    name: dir,
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// the app

export type App = { url: string; port: number; dir: string; child: ChildProcess; log: string[]; stop(): Promise<void> };

export class AppStartError extends Error {
  constructor(
    message: string,
    readonly buildFailed: boolean,
    /** the error lines of the output (type errors of a failed build) */
    readonly errors: string[],
  ) {
    super(message);
  }
}

/** What `startApp` runs when the working tree's build fails (or BENCH_APP=snapshot). */
export type Snapshot = { dir: string; remove(): Promise<void> };

const SNAPSHOT_ENTRIES = [
  "app",
  "components",
  "lib", // includes lib/generated (the Prisma client)
  "public",
  "prisma",
  "scripts",
  "package.json",
  "package-lock.json",
  "next.config.ts",
  "postcss.config.mjs",
  "prisma.config.ts",
  "tsconfig.json",
  "next-env.d.ts",
];

/**
 * A copy of the working tree's app sources in a temporary directory (node_modules symlinked),
 * whose next.config skips the type check: other people's half-finished UI files then cannot stop
 * the API from being built and measured. Turbopack's root is "/" so it may follow the
 * node_modules symlink out of the copy. The working tree and its .next are not touched.
 */
export function makeSnapshot(): Snapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "juxta-bench-app-"));
  for (const entry of SNAPSHOT_ENTRIES) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.renameSync(path.join(dir, "next.config.ts"), path.join(dir, "next.config.orig.ts"));
  fs.writeFileSync(
    path.join(dir, "next.config.ts"),
    [
      "// written by bench/lib.ts: the project's config, without the build-time type check",
      'import type { NextConfig } from "next";',
      'import base from "./next.config.orig";',
      "const config: NextConfig = {",
      "  ...base,",
      "  typescript: { ...base.typescript, ignoreBuildErrors: true },",
      '  turbopack: { ...base.turbopack, root: "/" },',
      '  outputFileTracingRoot: "/",',
      "};",
      "export default config;",
      "",
    ].join("\n"),
  );
  return { dir, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `node scripts/serve.mjs start` in its own process group (it builds when the build is missing or
 * stale, migrates the database, then runs `next start`). Resolves once GET /api/v1/models answers.
 * Output lines starting with `[juxta]` and build failures are echoed; everything is kept in `log`.
 */
export async function startApp({
  env,
  port,
  dir = root,
  timeoutMs = 240_000,
  echo = (line: string) => console.log(`  ${line}`),
}: {
  env: Record<string, string | undefined>;
  port: number;
  /** the app's directory: the working tree, or a snapshot */
  dir?: string;
  timeoutMs?: number;
  echo?: (line: string) => void;
}): Promise<App> {
  const child = spawn(process.execPath, [path.join(dir, "scripts", "serve.mjs"), "start"], {
    cwd: dir,
    env: { ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group: stop() signals serve.mjs and next together
  });
  const log: string[] = [];
  const onData = (d: Buffer) => {
    for (const line of d.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      log.push(line);
      if (log.length > 2000) log.splice(0, log.length - 2000);
      if (/^\[juxta\]|error|Error|failed/i.test(line) && !/^\s+at /.test(line)) echo(line);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {}
    const t = await Promise.race([exited.then(() => "exited"), sleep(10_000).then(() => "timeout")]);
    if (t === "timeout") {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
      await exited;
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) {
      const buildFailed = log.some((l) => /next build exited with/.test(l));
      throw new AppStartError(
        `the app exited before answering (exit ${child.exitCode}${buildFailed ? ", next build failed" : ""}); last output:\n${log.slice(-40).join("\n")}`,
        buildFailed,
        log.filter((l) => /error TS\d+|Error:|Failed to/.test(l)).slice(0, 20),
      );
    }
    try {
      const res = await fetch(`${url}/api/v1/models`);
      if (res.ok) {
        await res.arrayBuffer();
        return { url, port, dir, child, log, stop };
      }
    } catch {}
    await sleep(200);
  }
  await stop();
  throw new Error(`the app did not answer ${url}/api/v1/models within ${timeoutMs} ms; last output:\n${log.slice(-40).join("\n")}`);
}

/** Process env minus every cloud credential (like `npm run demo`), so only the emulator is used. */
export function envWithoutClouds(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (/^(OPENAI|AZURE|AWS|BEDROCK|OPENAI_COMPATIBLE)_/.test(k)) delete env[k];
  delete env.DATABASE_URL;
  delete env.JUXTA_DATA_DIR;
  delete env.JUXTA_MAX_RETRIES;
  return env;
}

/** `n` words = exactly `n` emulator tokens ("w0 w1 w2 ..."). */
export function words(n: number): string {
  return Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; null elsewhere)

let clockTicks: number | undefined;

/** CPU time (user + system, ms) used so far by every live process of process group `pgid`. */
export function groupCpuMs(pgid: number): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  clockTicks ??= 100; // USER_HZ; 100 on every mainstream Linux
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // fields after "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(rest[2]) !== pgid) continue;
    ticks += Number(rest[11]) + Number(rest[12]);
  }
  return (ticks * 1000) / clockTicks;
}

/** CPU time (user + system, ms) of this process so far. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** performance.now() as a Date.now()-style epoch time (fractional ms). */
export const epochNow = () => performance.timeOrigin + performance.now();
