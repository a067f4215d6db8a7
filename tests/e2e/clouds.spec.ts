// One model on several clouds, in Chromium: Claude Sonnet 4.5 on Anthropic, Bedrock and Vertex AI
// next to Gemini 2.5 Flash on the Gemini API and Vertex AI, all through the real provider packages
// and the emulator (Vertex tokens from the emulator's metadata server, as `npm run demo` sets up).
import { expect, test } from "@playwright/test";
import { emulate, Playground, resetEmulator } from "./playground";

const CLAUDE_ANTHROPIC = "anthropic:claude-sonnet-4-5";
const CLAUDE_BEDROCK = "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const CLAUDE_VERTEX = "vertex:claude-sonnet-4-5@20250929";
const GEMINI_API = "google:gemini-2.5-flash";
const GEMINI_VERTEX = "vertex:gemini-2.5-flash";
const panes = {
  anthropic: /Claude Sonnet 4\.5.*· Anthropic/,
  bedrock: /Claude Sonnet 4\.5.*· Amazon Bedrock/,
  vertexClaude: /Claude Sonnet 4\.5.*· Google Vertex AI/,
  gemini: /Gemini 2\.5 Flash.*· Google Gemini API/,
  vertexGemini: /Gemini 2\.5 Flash.*· Google Vertex AI/,
};
const ALL = [CLAUDE_ANTHROPIC, CLAUDE_BEDROCK, CLAUDE_VERTEX, GEMINI_API, GEMINI_VERTEX];

test.beforeEach(async () => {
  await resetEmulator();
  // slow enough that all five are seen streaming at once
  await emulate(CLAUDE_ANTHROPIC, { ttftMs: 300, tokensPerSecond: 30 });
  await emulate(CLAUDE_BEDROCK, { ttftMs: 400, tokensPerSecond: 28 });
  await emulate(CLAUDE_VERTEX, { ttftMs: 350, tokensPerSecond: 32 });
  await emulate(GEMINI_API, { ttftMs: 200, tokensPerSecond: 40, chunkTokens: 3, reasoning: "Thinking about the sky and light." });
  await emulate(GEMINI_VERTEX, { ttftMs: 250, tokensPerSecond: 38, chunkTokens: 3, reasoning: "Thinking about the sky and light." });
});

test("Claude on Anthropic, Bedrock and Vertex AI and Gemini on two clouds stream side by side", async ({ page }) => {
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels(ALL);
  await pg.compare("Why is the sky blue?");

  await Promise.all(Object.values(panes).map((name) => expect(pg.pane(name).getByText("Streaming")).toBeVisible()));
  await page.screenshot({ path: "test-results/screens/clouds-streaming.png" });

  for (const name of Object.values(panes)) {
    const pane = pg.pane(name);
    await expect(pane.getByText("Done", { exact: true })).toBeVisible({ timeout: 30_000 });
    const metrics = pane.locator("dl");
    await expect(metrics).toContainText(/TTFT\s*[\d.]+ m?s/);
    await expect(metrics).toContainText(/Cost\s*\$0\.0/);
    await expect(metrics).toContainText(/Finish\s*stop/);
    await expect(pane.getByRole("heading").first()).toBeVisible();
  }
  await page.screenshot({ path: "test-results/screens/clouds-done.png" });
});

test("a 429 on Claude on Vertex AI and a mid-stream error on Gemini on Vertex AI stay in their panes", async ({ page }) => {
  await emulate(CLAUDE_VERTEX, { ttftMs: 100, fault: { kind: "http", status: 429, retryAfterSeconds: 0.05 } });
  await emulate(GEMINI_VERTEX, { ttftMs: 100, tokensPerSecond: 80, fault: { kind: "stream-error-after-text", afterTokens: 6 } });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels(ALL);
  await pg.compare("Explain rate limiting.");

  await expect(pg.pane(panes.vertexClaude).getByRole("alert")).toContainText("Rate limited by Google Vertex AI (429) after 3 attempts");
  await expect(pg.pane(panes.vertexGemini).getByRole("alert")).toContainText(
    "Google Vertex AI ended the answer with no output and no usage",
  );
  for (const name of [panes.anthropic, panes.bedrock, panes.gemini]) {
    await expect(pg.pane(name).getByText("Done", { exact: true })).toBeVisible({ timeout: 30_000 });
  }
  await page.screenshot({ path: "test-results/screens/clouds-faults.png" });
});
