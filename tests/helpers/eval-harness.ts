// Background runs against the provider emulator and a test database: a session made through the
// real createSession, a queue (pg-boss) and workers started here, helpers to wait for the end and
// to match the emulator's recorded requests to (prompt, model) pairs.
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { createDb } from "@/lib/db";
import { parseEnv, type Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { clearProviderCache } from "@/lib/providers";
import type { RunConfig } from "@/lib/evals/run/config";
import { createEvalQueue, type EvalQueue } from "@/lib/evals/run/queue";
import { startEvalWorkers, type EvalWorkers } from "@/lib/evals/run/worker";
import type { z } from "zod";
import type { createSessionSchema as CreateSchema } from "@/lib/evals/schema";
import { startEmulator, type Emulator } from "../emulator/server";
import type { RecordedRequest } from "../emulator/types";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";

export const VIEWER = { id: LOCAL_USER_ID };

/** Fast settings for tests: short backoff (1-2 s, 2-4 s, ...), a 1.5 s idle timeout, quick polling. */
export const TEST_RUN_CONFIG: Partial<RunConfig> = {
  concurrency: 4,
  retryLimit: 3,
  retryDelaySeconds: 1,
  timeoutMs: 1500,
  pollMs: 200,
  maintenanceIntervalSeconds: 1,
};

/** The same settings as JUXTA_EVAL_* variables, for worker processes. */
export function testRunEnv(config: Partial<RunConfig> = TEST_RUN_CONFIG): Record<string, string> {
  return {
    JUXTA_EVAL_CONCURRENCY: String(config.concurrency ?? 4),
    JUXTA_EVAL_RETRIES: String(config.retryLimit ?? 3),
    JUXTA_EVAL_RETRY_DELAY_SECONDS: String(config.retryDelaySeconds ?? 1),
    JUXTA_EVAL_TIMEOUT_MS: String(config.timeoutMs ?? 1500),
  };
}

export type EvalHarness = {
  emulator: Emulator;
  env: Env;
  db: PrismaClient;
  queue: EvalQueue;
  databaseUrl: string;
  startWorkers(): EvalWorkers;
  close(): Promise<void>;
};

export async function startEvalHarness(databaseUrl: string, config: Partial<RunConfig> = TEST_RUN_CONFIG): Promise<EvalHarness> {
  const emulator = await startEmulator({ scripts: {} });
  clearProviderCache();
  const vars = emulatorEnv(emulator.url) as Record<string, string>;
  // getEnv() (used by the route handlers and createSession) reads process.env
  Object.assign(process.env, vars, { DATABASE_URL: databaseUrl });
  (await import("@/lib/env")).resetEnvCache();
  const env = parseEnv(vars);
  const db = createDb(databaseUrl);
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
  const queue = await createEvalQueue({ connectionString: databaseUrl, ...config, pollMs: config.pollMs ?? 200 });
  const workers: EvalWorkers[] = [];
  return {
    emulator,
    env,
    db,
    queue,
    databaseUrl,
    startWorkers() {
      const w = startEvalWorkers({ db, queue, env });
      workers.push(w);
      return w;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop({ graceMs: 0 })));
      await queue.stop();
      await db.$disconnect();
      await emulator.close();
    },
  };
}

/** The tag number of a prompt made by tagged(). */
export function tagOf(prompt: string): number {
  const m = /^Q(\d+):/.exec(prompt);
  if (!m) throw new Error(`not a tagged prompt: ${prompt.slice(0, 40)}`);
  return Number(m[1]);
}

/** A prompt with a tag the emulator's recorded requests can be matched by ("Q07: ..."). */
export function tagged(i: number, text = "Explain one idea in two sentences.", marker?: object): string {
  return `Q${String(i).padStart(2, "0")}: ${text}${marker ? ` [[emulate:${JSON.stringify(marker)}]]` : ""}`;
}

type SessionInput = z.input<typeof CreateSchema>;
export async function createTestSession(
  input: Omit<SessionInput, "name"> & { name?: string },
  db: PrismaClient,
  env: Env,
): Promise<string> {
  const { createSession } = await import("@/lib/evals/sessions");
  const { createSessionSchema } = await import("@/lib/evals/schema");
  const parsed = createSessionSchema.parse({ name: "run test", ...input });
  return (await createSession(parsed, VIEWER, { db, env })).id;
}

/** Waits until the session has no queued or running answer and a finishedAt (or the timeout). */
export async function waitForEnd(db: PrismaClient, sessionId: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = await db.evalSession.findUnique({ where: { id: sessionId }, select: { finishedAt: true } });
    if (s?.finishedAt) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const open = await db.evalAnswer.groupBy({ by: ["status"], where: { sessionId }, _count: { _all: true } });
  throw new Error(`session ${sessionId} did not finish in ${timeoutMs} ms: ${JSON.stringify(open)}`);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const wireModel: Record<string, { provider: string; model: string }> = {
  "openai:gpt-4o-mini": { provider: "openai", model: "gpt-4o-mini" },
  "azure:prod-mini": { provider: "azure", model: "prod-mini" },
  "bedrock:amazon.nova-pro-v1:0": { provider: "bedrock", model: "amazon.nova-pro-v1:0" },
  "openai:gpt-4.1-mini": { provider: "openai", model: "gpt-4.1-mini" },
  "openai:gpt-4.1-nano": { provider: "openai", model: "gpt-4.1-nano" },
};

/** The emulator's requests for the prompt tagged `i` to `modelId`. */
export function requestsFor(requests: RecordedRequest[], i: number, modelId: string): RecordedRequest[] {
  const w = wireModel[modelId];
  if (!w) throw new Error(`add ${modelId} to wireModel`);
  const tag = `Q${String(i).padStart(2, "0")}:`;
  return requests.filter((r) => r.provider === w.provider && r.model === w.model && JSON.stringify(r.body).includes(tag));
}

export const MODELS3 = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"];

// ---------------------------------------------------------------------------------------------
// worker processes

export type WorkerProcess = {
  name: string;
  child: import("node:child_process").ChildProcess;
  output: string[];
  exited: Promise<number | null>;
};

/** Starts tests/helpers/eval-worker-process.ts as its own OS process; resolves once it is ready. */
export async function spawnWorkerProcess(
  name: string,
  databaseUrl: string,
  emulatorUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<WorkerProcess> {
  const { spawn } = await import("node:child_process");
  const path = await import("node:path");
  const root = path.resolve(import.meta.dirname, "../..");
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/helpers/eval-worker-process.ts")],
    {
      cwd: root,
      env: { ...process.env, ...testRunEnv(), DATABASE_URL: databaseUrl, EMULATOR_URL: emulatorUrl, WORKER_NAME: name, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output.join("")}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join("").includes('"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready: ${output.join("")}`));
    });
  }).catch((error) => {
    child.kill("SIGKILL");
    throw error;
  });
  return { name, child, output, exited };
}
