// The app as the end-to-end tests see it: `npm run demo` (provider emulator on E2E_EMULATOR_PORT,
// every cloud pointed at it) on a database of the run's own: a fresh database on the PostgreSQL
// in TEST_DATABASE_URL, or a throw-away embedded PGlite. Dropped again on exit.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, EMULATOR_PORT: process.env.E2E_EMULATOR_PORT ?? "4319", PORT: process.env.E2E_PORT ?? "3310" };
let cleanup = async () => {};

const admin = process.env.TEST_DATABASE_URL;
if (admin) {
  const host = new URL(admin).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) throw new Error("TEST_DATABASE_URL must point at 127.0.0.1");
  const name = `juxta_e2e_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
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
