// The app as the sign-in end-to-end tests see it: `npm run demo` (provider emulator, every cloud
// pointed at it) with sign-in switched on against local test servers: an OpenID Connect provider
// (tests/auth-servers/oidc.ts) and an SMTP capture (tests/auth-servers/smtp.ts) whose mail the tests
// read over HTTP. Runs on a database of its own: a fresh database on the PostgreSQL in
// TEST_DATABASE_URL, or a throw-away embedded PGlite. Everything listens on 127.0.0.1 only.
// Ports: E2E_AUTH_PORT 3320 (app), E2E_AUTH_EMULATOR_PORT 4329, E2E_AUTH_OIDC_PORT 4330,
// E2E_AUTH_SMTP_PORT 4331, E2E_AUTH_CAPTURE_PORT 4332.
// Writes test-results/e2e-auth.json ({ baseURL, databaseUrl, emulatorUrl, oidcIssuer, captureUrl })
// for tests that need to reach the database directly; removed again on exit.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ports = {
  app: process.env.E2E_AUTH_PORT ?? "3320",
  emulator: process.env.E2E_AUTH_EMULATOR_PORT ?? "4329",
  oidc: process.env.E2E_AUTH_OIDC_PORT ?? "4330",
  smtp: process.env.E2E_AUTH_SMTP_PORT ?? "4331",
  capture: process.env.E2E_AUTH_CAPTURE_PORT ?? "4332",
};
const appUrl = `http://127.0.0.1:${ports.app}`;
const stateFile = path.join(root, "test-results", "e2e-auth.json");
const clientId = "juxta-e2e";
const clientSecret = randomBytes(24).toString("hex");

const env = { ...process.env };
// only the test providers: drop whatever sign-in settings the shell happens to carry
for (const k of Object.keys(env)) if (/^(AUTH_|NEXTAUTH_|EMAIL_)/.test(k)) delete env[k];
Object.assign(env, {
  EMULATOR_PORT: ports.emulator,
  PORT: ports.app,
  AUTH_SECRET: randomBytes(36).toString("base64url"), // 48 characters
  NEXTAUTH_URL: appUrl,
  AUTH_OIDC_ISSUER: `http://127.0.0.1:${ports.oidc}`,
  AUTH_OIDC_CLIENT_ID: clientId,
  AUTH_OIDC_CLIENT_SECRET: clientSecret,
  AUTH_OIDC_NAME: "Test SSO",
  EMAIL_SERVER: `smtp://127.0.0.1:${ports.smtp}`,
  EMAIL_FROM: "Juxta <juxta@example.test>",
  // the suite signs many people in, from one address, many times: anyone may sign up, and the
  // sign-in email throttle and per-minute limit are raised (their own tests set them low)
  JUXTA_SIGNUP: process.env.E2E_AUTH_SIGNUP ?? "open",
  JUXTA_SIGNIN_EMAILS_PER_ADDRESS: process.env.E2E_AUTH_EMAILS_PER_ADDRESS ?? "1000",
  JUXTA_SIGNIN_EMAILS_PER_CLIENT: process.env.E2E_AUTH_EMAILS_PER_CLIENT ?? "1000",
  JUXTA_LIMIT_REQUESTS_PER_MINUTE: "1000",
});

const children = [];
let cleanup = async () => {};
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill("SIGTERM");
    await new Promise((r) => {
      const t = setTimeout(() => (child.kill("SIGKILL"), r()), 10_000);
      child.once("exit", () => (clearTimeout(t), r()));
    });
  }
  await cleanup().catch((e) => console.error(e));
  fs.rmSync(stateFile, { force: true });
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));

async function waitForUrl(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

try {
  // 1. the test identity provider and mail capture
  const servers = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "tests/auth-servers/cli.ts"], {
    cwd: root,
    env: {
      ...process.env,
      OIDC_PORT: ports.oidc,
      SMTP_PORT: ports.smtp,
      CAPTURE_PORT: ports.capture,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URIS: `${appUrl}/api/auth/callback/oidc`,
    },
    stdio: "inherit",
  });
  children.push(servers);
  servers.on("exit", (code) => {
    if (!stopping) {
      console.error(`[e2e-auth] auth test servers exited with ${code}`);
      void stop(1);
    }
  });
  await waitForUrl(`http://127.0.0.1:${ports.capture}/health`);
  await waitForUrl(`${env.AUTH_OIDC_ISSUER}/.well-known/openid-configuration`);

  // 2. a database of the run's own (tests/helpers/test-database.ts), migrated by `npm run demo`;
  // PGlite is started here rather than by serve.mjs, so its URL is known for the state file
  const { createTestDatabase } = await tsImport("../tests/helpers/test-database.ts", import.meta.url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "juxta-e2e-auth-"));
  const db = await createTestDatabase({ prefix: "juxta_e2e_auth", pgliteDir: path.join(dir, "pglite"), migrate: false });
  env.DATABASE_URL = db.url;
  if (db.kind === "pglite") env.JUXTA_DATA_DIR = dir;
  cleanup = async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(
    stateFile,
    JSON.stringify(
      {
        baseURL: appUrl,
        databaseUrl: env.DATABASE_URL,
        emulatorUrl: `http://127.0.0.1:${ports.emulator}`,
        oidcIssuer: env.AUTH_OIDC_ISSUER,
        captureUrl: `http://127.0.0.1:${ports.capture}`,
      },
      null,
      2,
    ),
  );

  // 3. the app (demo mode: provider emulator on EMULATOR_PORT)
  const app = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), "demo"], { cwd: root, env, stdio: "inherit" });
  children.push(app);
  app.on("exit", (code) => {
    if (!stopping) void stop(code ?? 1);
  });
} catch (error) {
  console.error(`[e2e-auth] ${error.message}`);
  await stop(1);
}
