import { defineConfig, devices } from "@playwright/test";

// Sign-in end-to-end tests: the demo app with sign-in switched on against a local OpenID Connect
// provider and SMTP capture (scripts/e2e-auth-server.mjs). `npx playwright test -c playwright.auth.config.ts`
const port = Number(process.env.E2E_AUTH_PORT ?? 3320);
export const appUrl = `http://127.0.0.1:${port}`;
export const emulatorUrl = `http://127.0.0.1:${process.env.E2E_AUTH_EMULATOR_PORT ?? 4329}`;
export const oidcIssuer = `http://127.0.0.1:${process.env.E2E_AUTH_OIDC_PORT ?? 4330}`;
export const captureUrl = `http://127.0.0.1:${process.env.E2E_AUTH_CAPTURE_PORT ?? 4332}`;

// Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network.
export default defineConfig({
  testDir: "tests/e2e-auth",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "test-results/auth",
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: "node scripts/e2e-auth-server.mjs",
    url: `${appUrl}/api/auth/providers`,
    timeout: 300_000,
    reuseExistingServer: false,
    // SIGTERM (not the default SIGKILL) so the script drops its database and state file
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
