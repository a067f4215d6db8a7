// Validates the environment before start-up; prints the sentence naming the bad variable.
// next.config.ts validates it (getEnv() from lib/env.ts) whenever Next loads its config, so this
// loads the config the way `next start` does, with Next's own TypeScript loader: no tsx needed, and
// it works with the production dependencies only (`npm ci --omit=dev`).
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const phase = process.argv[2] === "dev" ? "phase-development-server" : "phase-production-server";

let loadConfig;
try {
  ({ default: loadConfig } = await import("next/dist/server/config.js"));
  if (typeof loadConfig !== "function") loadConfig = loadConfig.default;
} catch {
  // an internal module of Next: if a later version moves it, `next start` still validates
  console.warn("[juxta] could not check the environment before start-up (Next's config loader moved)");
  process.exit(0);
}
try {
  await loadConfig(phase, root, { silent: true });
} catch (error) {
  if (error?.name === "EnvError") {
    console.error(`[juxta] ${error.message}`);
    process.exit(1);
  }
  throw error;
}
