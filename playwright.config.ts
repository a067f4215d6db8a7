import { defineConfig } from "@playwright/test";
import { baseConfig } from "./playwright.base";

const port = Number(process.env.E2E_PORT ?? 3310);
export const emulatorUrl = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4319}`;

export default defineConfig({
  ...baseConfig({ testDir: "tests/e2e", outputDir: "test-results", baseURL: `http://127.0.0.1:${port}` }),
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/api/v1/models`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
