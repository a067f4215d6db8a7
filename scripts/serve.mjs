// `npm start` / `npm run dev` / `npm run demo`: one command from a fresh clone to a running app.
// - no DATABASE_URL: embedded PGlite (data under JUXTA_DATA_DIR, default .data/) on a free
//   loopback port; with DATABASE_URL: that PostgreSQL. Either way, migrations are applied first.
// - start: builds the app when there is no build or the sources changed since, then `next start`.
// - demo: also starts the provider emulator and points OpenAI, Azure and Bedrock at it.
// `start` needs only the production dependencies once the app is built (`npm ci --omit=dev`, then
// a copied .next/); building, `dev` and `demo` (its emulator lives in tests/) need the devDependencies.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startEmbeddedPostgres } from "./embedded-db.mjs";
import { runPrisma } from "./prisma.mjs";
import { emulatorEnv } from "./emulator-env.mjs";
import { listenHost } from "./listen-host.mjs";
import nextEnv from "@next/env";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const mode = process.argv[2] ?? "start";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
// `next build` needs the devDependencies (Tailwind's PostCSS plugin, TypeScript...); `npm ci --omit=dev` leaves them out
const canBuild = () => fs.existsSync(path.join(root, "node_modules", "@tailwindcss", "postcss", "package.json"));
const children = [];
let stopDb = async () => {};

function log(message) {
  console.log(`[juxta] ${message}`);
}

function run(cmd, args, env, { wait = true } = {}) {
  const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
  children.push(child);
  if (!wait) return child;
  return new Promise((resolve, reject) => {
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} ${args[1] ?? ""} exited with ${code}`)),
    );
  });
}

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public"].map((d) => newestMtime(path.join(root, d)));
  const files = ["next.config.ts", "package-lock.json", "postcss.config.mjs"].map((f) =>
    fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0,
  );
  return Math.max(...sources, ...files) > built;
}

async function waitForUrl(url, timeoutMs = 20_000, { anyStatus = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok || anyStatus) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Next loads a route's code on its first request. Ask for the pages and routes of a comparison
 * once, read-only, before saying the app is open, so the first comparison's live stream (the
 * events route) is not late while its code loads. Any status will do (401 with sign-in on).
 */
async function warmRoutes(base) {
  await waitForUrl(`${base}/api/v1/models`, 120_000, { anyStatus: true }).catch(() => {});
  for (const route of ["/", "/api/v1/comparisons?limit=1", "/api/v1/comparisons/warm-up-route/events", "/c/warm-up-route"]) {
    await fetch(`${base}${route}`, { redirect: "manual" })
      .then((r) => r.arrayBuffer())
      .catch(() => {});
  }
}

async function main() {
  // .env, .env.local, .env.production... as Next reads them, so DATABASE_URL and keys set there
  // decide the database here too (variables already in the environment win, as in Next)
  nextEnv.loadEnvConfig(root, mode === "dev", { info() {}, error: console.error });
  const env = { ...process.env };
  // Demo mode never uses the operator's real keys: every provider points at the emulator.
  if (mode === "demo") {
    // blanked rather than deleted: Next would load them again from .env files; empty means unset
    // (Google's too: a real GOOGLE_APPLICATION_CREDENTIALS would send the demo's token requests to Google)
    for (const k of Object.keys(env))
      if (/^(OPENAI|AZURE|AWS|BEDROCK|OPENAI_COMPATIBLE|ANTHROPIC|GOOGLE|VERTEX|GCE_METADATA)_/.test(k)) env[k] = "";
    if (!fs.existsSync(tsxCli))
      throw new Error("demo mode runs the provider emulator from tests/: install the devDependencies (npm install)");
    const port = Number(env.EMULATOR_PORT) || (await freePort());
    run(process.execPath, [tsxCli, "tests/emulator/cli.ts", "--port", String(port), "--quiet"], env, { wait: false });
    const url = `http://127.0.0.1:${port}`;
    await waitForUrl(`${url}/__emulator/health`);
    Object.assign(env, emulatorEnv(url));
    env.JUXTA_DATA_DIR ??= ".data/demo";
    log(`provider emulator on ${url} (models are marked "Emulated")`);
  }

  // Fail fast, with a sentence naming the variable, before building or migrating anything.
  const check = spawn(process.execPath, [path.join(root, "scripts", "check-env.mjs"), mode], { cwd: root, env, stdio: "inherit" });
  const checkCode = await new Promise((r) => check.on("exit", r));
  if (checkCode !== 0) process.exit(1);
  if (mode !== "dev" && !fs.existsSync(path.join(root, ".next", "BUILD_ID")) && !canBuild())
    throw new Error("there is no build (.next/): run `npm run build` where the devDependencies are installed, then copy .next/");

  if (!env.DATABASE_URL) {
    const dataDir = path.join(env.JUXTA_DATA_DIR || ".data", "pglite");
    const db = await startEmbeddedPostgres({ dataDir: path.resolve(root, dataDir) });
    stopDb = db.stop;
    env.DATABASE_URL = db.url;
    log(`embedded PostgreSQL (PGlite), data in ${dataDir}`);
  } else {
    log("using the PostgreSQL in DATABASE_URL");
  }
  await runPrisma(["migrate", "deploy"], { env, quiet: true });
  log("database migrated");

  const port = env.PORT || "3000";
  // local mode listens on 127.0.0.1 unless HOSTNAME says otherwise (./listen-host.mjs)
  const { hostname, warning } = listenHost(env);
  if (warning) console.warn(`[juxta] WARNING: ${warning}`);
  const hostArgs = hostname ? ["-H", hostname] : [];
  const shownHost =
    !hostname || hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  if (mode === "dev") {
    await run(process.execPath, [nextBin, "dev", "-p", port, ...hostArgs], env);
  } else {
    if (buildIsStale() && !canBuild()) {
      log("serving the existing build: the sources look newer, but building needs the devDependencies (npm install)");
    } else if (buildIsStale()) {
      log("building the app (first start or sources changed)...");
      await run(process.execPath, [nextBin, "build"], { ...env, NEXT_TELEMETRY_DISABLED: "1" });
    }
    const server = run(process.execPath, [nextBin, "start", "-p", port, ...hostArgs], { ...env, NEXT_TELEMETRY_DISABLED: "1" });
    // if next exits while the routes warm up, that is the error to report
    const local = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : shownHost;
    await Promise.race([warmRoutes(`http://${local}:${port}`), server]);
    log(`open http://${shownHost}:${port}`);
    await server;
  }
}

async function shutdown(code) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await stopDb();
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().then(
  () => shutdown(0),
  (error) => {
    console.error(`[juxta] ${error.message}`);
    void shutdown(1);
  },
);
