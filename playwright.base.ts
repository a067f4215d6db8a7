import { devices, type PlaywrightTestConfig } from "@playwright/test";

// What both Playwright suites share (playwright.config.ts, playwright.auth.config.ts): one worker,
// Debian's Chromium (never a downloaded browser) with flags that keep it off the (closed) network.
export function baseConfig({ testDir, outputDir, baseURL }: { testDir: string; outputDir: string; baseURL: string }): PlaywrightTestConfig {
  return {
    testDir,
    fullyParallel: false,
    workers: 1,
    retries: 0,
    timeout: 60_000,
    expect: { timeout: 15_000 },
    reporter: [["list"]],
    outputDir,
    use: {
      baseURL,
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
  };
}
