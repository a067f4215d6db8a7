// `npm test`: unit, integration (real PostgreSQL when TEST_DATABASE_URL is set, else embedded
// PGlite) and end-to-end tests in Debian's Chromium against the app started by the run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const steps = [
  ["unit", ["node_modules/vitest/vitest.mjs", "run", "--project", "unit"]],
  ["integration", ["node_modules/vitest/vitest.mjs", "run", "--project", "integration"]],
  ["typecheck", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]],
  ["e2e", ["node_modules/@playwright/test/cli.js", "test"]],
];

const only = process.argv.slice(2);
if (!fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") && (!only.length || only.includes("e2e"))) {
  console.error("[test] Chromium is missing: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.");
  process.exit(1);
}
let failed = 0;
for (const [name, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n[test] ${name}`);
  const res = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) {
    console.error(`[test] ${name} failed`);
    failed += 1;
  }
}
process.exit(failed ? 1 : 0);
