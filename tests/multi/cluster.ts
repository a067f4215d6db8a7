// Two app instances on one PostgreSQL database and one Redis, as a load balancer without sticky
// sessions would see them: the production build (`next build`, run here only when there is none or
// the sources are newer), two `next start` processes on their own ports, and the provider emulator
// in a process of its own. Used by tests/multi/*.test.ts (`npm test` step "multi").
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createClient } from "redis";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { runPrisma } from "../../scripts/prisma.mjs";
import { createPostgresDatabase, type TestDatabase } from "../helpers/test-database";

const root = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

export type Instance = { name: string; url: string; port: number; child: ChildProcess; log: string[] };

export type Cluster = {
  a: Instance;
  b: Instance;
  emulatorUrl: string;
  db: TestDatabase;
  redisUrl: string;
  stop(): Promise<void>;
};

const env = process.env;
export const PORTS = {
  a: Number(env.MULTI_PORT_A ?? 3340),
  b: Number(env.MULTI_PORT_B ?? 3341),
  emulator: Number(env.MULTI_EMULATOR_PORT ?? 4340),
};
/** The machine's Redis (CI starts it in .ci/run); database 0 unless the URL names one. */
export const REDIS_URL = env.MULTI_REDIS_URL ?? "redis://127.0.0.1:6379";

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The rule scripts/serve.mjs uses: no build, or sources changed since it. */
function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public"].map((d) => newestMtime(path.join(root, d)));
  const files = ["next.config.ts", "package-lock.json", "postcss.config.mjs"].map((f) =>
    fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0,
  );
  return Math.max(...sources, ...files) > built;
}

/** Fails with a clear sentence when Redis does not answer: these tests never skip silently. */
export async function assertRedis(url = REDIS_URL): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `The two-instance tests need Redis at ${url} (${(error as Error).message}). Start it: ` +
        `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no ` +
        `(or set MULTI_REDIS_URL).`,
    );
  } finally {
    await client.quit().catch(() => {});
  }
}

async function waitFor(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function spawnLogged(name: string, args: string[], extraEnv: Record<string, string | undefined>): { child: ChildProcess; log: string[] } {
  const log: string[] = [];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) log.push(line);
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  if (process.env.MULTI_VERBOSE) {
    child.stdout!.on("data", (c: Buffer) => process.stdout.write(`[${name}] ${c.toString()}`));
    child.stderr!.on("data", (c: Buffer) => process.stderr.write(`[${name}] ${c.toString()}`));
  }
  return { child, log };
}

export async function startCluster(): Promise<Cluster> {
  await assertRedis();
  if (buildIsStale()) {
    const built = spawnSync(process.execPath, [nextBin, "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (built.status !== 0) throw new Error("next build failed");
  }
  const db = await createPostgresDatabase({ prefix: "juxta_multi" });
  if (!db)
    throw new Error("The two-instance tests need PostgreSQL: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).");
  const children: ChildProcess[] = [];
  try {
    await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: db.url }, quiet: true });
    const emulator = spawnLogged("emulator", [tsxCli, "tests/emulator/cli.ts", "--port", String(PORTS.emulator), "--quiet"], {});
    children.push(emulator.child);
    const emulatorUrl = `http://127.0.0.1:${PORTS.emulator}`;
    await waitFor(`${emulatorUrl}/__emulator/health`, 30_000, emulator.child);

    const prefix = `juxta-multi-${randomBytes(4).toString("hex")}`;
    const common: Record<string, string | undefined> = {
      ...Object.fromEntries(
        Object.keys(process.env)
          .filter((k) => /^(OPENAI|AZURE|AWS|BEDROCK|ANTHROPIC|GOOGLE|VERTEX|GCE_METADATA|AUTH|NEXTAUTH|EMAIL)_/.test(k))
          .map((k) => [k, ""]),
      ),
      ...emulatorEnv(emulatorUrl),
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      JUXTA_EVAL_WORKERS: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    };
    const start = (name: string, port: number): Instance => {
      const { child, log } = spawnLogged(name, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
        ...common,
        PORT: String(port),
      });
      children.push(child);
      return { name, url: `http://127.0.0.1:${port}`, port, child, log };
    };
    const a = start("A", PORTS.a);
    const b = start("B", PORTS.b);
    await Promise.all([waitFor(`${a.url}/api/v1/models`, 120_000, a.child), waitFor(`${b.url}/api/v1/models`, 120_000, b.child)]);
    // Next loads a route's code on its first request: load the compare routes once (as
    // scripts/serve.mjs does), so the first measured stream does not wait for it
    for (const instance of [a, b])
      for (const route of ["/api/v1/comparisons?limit=1", "/api/v1/comparisons/warm-up-route/events", "/api/v1/comparisons/warm-up-route"])
        await fetch(`${instance.url}${route}`)
          .then((r) => r.arrayBuffer())
          .catch(() => {});
    return {
      a,
      b,
      emulatorUrl,
      db,
      redisUrl: REDIS_URL,
      async stop() {
        for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await Promise.all(
          children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once("exit", r)))),
        );
        await db.drop().catch((e: unknown) => console.error(e));
        const redis = createClient({ url: REDIS_URL });
        redis.on("error", () => {});
        await redis.connect().catch(() => {});
        for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
        await redis.quit().catch(() => {});
      },
    };
  } catch (error) {
    for (const child of children) child.kill("SIGKILL");
    await db.drop().catch(() => {});
    throw error;
  }
}
