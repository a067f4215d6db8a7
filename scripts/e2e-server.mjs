// The app as the end-to-end tests see it: `npm run demo` (provider emulator on E2E_EMULATOR_PORT,
// every cloud pointed at it) on a database of the run's own: a fresh database on the PostgreSQL
// in TEST_DATABASE_URL (tests/helpers/test-database.ts), or a throw-away embedded PGlite. Dropped
// again on exit.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, EMULATOR_PORT: process.env.E2E_EMULATOR_PORT ?? "4319", PORT: process.env.E2E_PORT ?? "3310" };
let cleanup = async () => {};

const { createPostgresDatabase } = await tsImport("../tests/helpers/test-database.ts", import.meta.url);
// migrated by `npm run demo`
const db = await createPostgresDatabase({ prefix: "juxta_e2e" });
if (db) {
  env.DATABASE_URL = db.url;
  cleanup = db.drop;
} else {
  delete env.DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "juxta-e2e-"));
  env.JUXTA_DATA_DIR = dir;
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
}

const child = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), "demo"], { cwd: root, env, stdio: "inherit" });
const stop = async () => {
  child.kill("SIGTERM");
  await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
  await cleanup().catch((e) => console.error(e));
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", async (code) => {
  await cleanup().catch(() => {});
  process.exit(code ?? 1);
});
