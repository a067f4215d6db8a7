import { defineConfig } from "@playwright/test";
import { baseConfig } from "./playwright.base";

// Sign-in end-to-end tests: the demo app with sign-in switched on against a local OpenID Connect
// provider and SMTP capture (scripts/e2e-auth-server.mjs). `npx playwright test -c playwright.auth.config.ts`
const port = Number(process.env.E2E_AUTH_PORT ?? 3320);
export const appUrl = `http://127.0.0.1:${port}`;
export const emulatorUrl = `http://127.0.0.1:${process.env.E2E_AUTH_EMULATOR_PORT ?? 4329}`;
export const oidcIssuer = `http://127.0.0.1:${process.env.E2E_AUTH_OIDC_PORT ?? 4330}`;
export const captureUrl = `http://127.0.0.1:${process.env.E2E_AUTH_CAPTURE_PORT ?? 4332}`;

export default defineConfig({
  ...baseConfig({ testDir: "tests/e2e-auth", outputDir: "test-results/auth", baseURL: appUrl }),
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
