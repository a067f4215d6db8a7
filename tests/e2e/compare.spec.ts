import { expect, test } from "@playwright/test";
import { emulate, Playground, resetEmulator } from "./playground";

const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";
const BEDROCK = "bedrock:amazon.nova-pro-v1:0";
const panes = {
  openai: "GPT-4o mini · OpenAI",
  azure: /prod-mini.*Azure OpenAI/,
  bedrock: /Nova Pro.*Amazon Bedrock/,
};

test.beforeEach(async () => {
  await resetEmulator();
  // quick, distinct speeds so every test is short but the panes really stream in parallel
  await emulate(OPENAI, { ttftMs: 150, tokensPerSecond: 120 });
  await emulate(AZURE, { ttftMs: 250, tokensPerSecond: 150, chunkTokens: 4 });
  await emulate(BEDROCK, { ttftMs: 200, tokensPerSecond: 100 });
});

test("three panes across OpenAI, Azure and Bedrock stream at once and show their metrics", async ({ page }) => {
  // slower than the others tests' speeds, so all three are seen streaming at the same time
  await emulate(OPENAI, { ttftMs: 150, tokensPerSecond: 40 });
  await emulate(AZURE, { ttftMs: 250, tokensPerSecond: 50, chunkTokens: 4 });
  await emulate(BEDROCK, { ttftMs: 200, tokensPerSecond: 35 });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE, BEDROCK]);
  await pg.compare("Why is the sky blue?");

  // all three stream at the same time
  await Promise.all(Object.values(panes).map((name) => expect(pg.pane(name).getByText("Streaming")).toBeVisible()));
  await page.screenshot({ path: "test-results/screens/three-panes-streaming.png" });

  for (const name of Object.values(panes)) {
    const pane = pg.pane(name);
    await expect(pane.getByText("Done", { exact: true })).toBeVisible();
    const metrics = pane.locator("dl");
    for (const label of ["TTFT", "Total", "In", "Out", "Tok/s", "Cost", "Finish"])
      await expect(metrics.getByText(label, { exact: true })).toBeVisible();
    await expect(metrics).toContainText(/TTFT\s*[\d.]+ m?s/);
    await expect(metrics).toContainText(/Cost\s*\$0\.0/);
    await expect(metrics).toContainText(/Finish\s*stop/);
    await expect(pane.getByRole("heading").first()).toBeVisible(); // markdown rendered
  }
});

test("a pane rate limited until retries run out fails in plain words while the others finish; retry recovers it", async ({ page }) => {
  await emulate(AZURE, { fault: { kind: "http", status: 429, retryAfterMs: 50 } });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE, BEDROCK]);
  await pg.compare("Explain rate limiting.");

  const azure = pg.pane(panes.azure);
  await expect(azure.getByRole("alert")).toContainText("Rate limited by Azure OpenAI (429) after 3 attempts.");
  await expect(pg.pane(panes.openai).getByText("Done", { exact: true })).toBeVisible();
  await expect(pg.pane(panes.bedrock).getByText("Done", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/failed-pane.png" });

  await emulate(AZURE, { fault: null, ttftMs: 100, tokensPerSecond: 300 });
  await azure.getByRole("button", { name: /^Retry / }).click();
  await expect(azure.getByText("Done", { exact: true })).toBeVisible();
  await expect(azure.getByRole("alert")).toHaveCount(0);
});

test("Stop ends one pane and keeps its partial text; the others go on", async ({ page }) => {
  await emulate(BEDROCK, { ttftMs: 100, tokensPerSecond: 4 });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, BEDROCK]);
  await pg.compare("Tell me a long story.");
  const bedrock = pg.pane(panes.bedrock);
  await expect(bedrock.getByText("Streaming")).toBeVisible();
  await expect(bedrock.locator("p, h1, h2, h3, li").first()).toBeVisible();
  await bedrock.getByRole("button", { name: /^Stop / }).click();
  await expect(bedrock.getByText("Stopped", { exact: true })).toBeVisible();
  await expect(pg.pane(panes.openai).getByText("Done", { exact: true })).toBeVisible();
  const partial = await bedrock.locator("dl").textContent();
  expect(partial).toContain("stopped");
});

test("a follow-up goes to every pane, and a reload shows everything, also mid-stream", async ({ page }) => {
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await pg.compare("First question about TCP.");
  await expect(pg.pane(panes.openai).getByText("Done", { exact: true })).toBeVisible();
  await expect(pg.pane(panes.azure).getByText("Done", { exact: true })).toBeVisible();

  // a slow second turn, reloaded while it streams
  await emulate(OPENAI, { ttftMs: 100, tokensPerSecond: 25 });
  await emulate(AZURE, { ttftMs: 100, tokensPerSecond: 25, chunkTokens: 1 });
  await page.getByLabel(/Follow-up prompt/).fill("Second question about UDP.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(pg.pane(panes.openai).getByText("Streaming")).toBeVisible();
  await page.waitForTimeout(800);
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  // the text so far is there at once, and the panes keep streaming to the end
  await expect(pg.pane(panes.openai).getByText("Second question about UDP.", { exact: true })).toBeVisible();
  await expect(pg.pane(panes.openai).getByText("Streaming")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/reload-mid-stream.png" });
  await expect(pg.pane(panes.openai).getByText("Done", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(pg.pane(panes.azure).getByText("Done", { exact: true })).toBeVisible({ timeout: 30_000 });

  await page.reload();
  for (const name of [panes.openai, panes.azure]) {
    const pane = pg.pane(name);
    await expect(pane.getByText("First question about TCP.", { exact: true })).toBeVisible();
    await expect(pane.getByText("Second question about UDP.", { exact: true })).toBeVisible();
    await expect(pane.locator("dl").last()).toContainText(/Finish\s*stop/);
  }
  // it is in the history, newest first
  await page.getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("link", { name: /First question about TCP/ }).first()).toBeVisible();
});

test("bad input gets a message beside the field and sends nothing", async ({ page }) => {
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);

  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.locator("#prompt-error")).toHaveText("Enter a prompt.");
  await expect(pg.prompt()).toHaveAttribute("aria-invalid", "true");

  await pg.prompt().fill("x".repeat(100_001));
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.locator("#prompt-error")).toHaveText("The prompt is longer than 100,000 characters.");

  await pg.prompt().fill("A fine prompt");
  await page.getByLabel("Temperature").fill("3");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.locator("#shared-temperature-error")).toHaveText("Temperature must be between 0 and 2.");
  await page.getByLabel("Temperature").fill("");

  await page.getByLabel("Top-p").fill("1.5");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.locator("#shared-topP-error")).toHaveText("Top-p must be between 0 and 1.");
  await page.getByLabel("Top-p").fill("");

  await page.getByLabel("Max output tokens").fill("0");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.locator("#shared-maxOutputTokens-error")).toHaveText("Max output tokens must be between 1 and 128,000.");
  await page.getByLabel("Max output tokens").fill("");

  // no model
  await page.getByRole("button", { name: "Remove pane 2" }).click();
  await page.getByRole("button", { name: "Remove pane 1" }).click();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.locator("#models-error")).toContainText(/model/i);
  await expect(page).toHaveURL(/\/$/);
  await page.screenshot({ path: "test-results/screens/validation.png" });
});

test("Ctrl+Enter sends; an unknown comparison is a 404 page", async ({ page }) => {
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await pg.prompt().fill("Keyboard only");
  await pg.prompt().press("Control+Enter");
  await expect(page).toHaveURL(/\/c\//);
  await expect(pg.pane(panes.openai).getByText("Done", { exact: true })).toBeVisible();

  const res = await page.goto("/c/doesNotExist1234");
  expect(res?.status()).toBe(404);
});
