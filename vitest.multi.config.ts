import path from "node:path";
import { defineConfig } from "vitest/config";

// The two-instance tests (tests/multi): two production app processes on PostgreSQL and Redis.
// `node scripts/test.mjs multi`, or `npx vitest run -c vitest.multi.config.ts`.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    name: "multi",
    include: ["tests/multi/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
