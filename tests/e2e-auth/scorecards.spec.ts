// Issue 12's done-criterion in Chromium: a scheduled scorecard over four emulated deployments of one
// logical model (gpt-oss-120b on Bedrock, Bedrock's OpenAI API, Vertex AI MaaS and a compatible
// host), one quirky in each of three ways (wrong answers at a rate, broken tool-call JSON, the
// context cut short), runs the built-in suite through the queue and shows the right verdicts: the
// verdict table, the summary per deployment, the run's progress, the history and the items side by
// side with the checker's result. Screenshots at 1440 and 390 px, light and dark, in
// test-results/screens/scorecard-*.png.
import type { Page } from "@playwright/test";
import { emulatorUrl } from "../../playwright.auth.config";
import { expect, people, signedIn, test } from "./fixtures";

const REFERENCE = "bedrock:openai.gpt-oss-120b-1:0";
const WRONG = "bedrock-openai:openai.gpt-oss-120b-1:0";
const BROKEN_TOOLS = "vertex:openai/gpt-oss-120b-maas";
const CUT_CONTEXT = "local:gpt-oss-120b";

/** Sets a quirk profile on the emulator for a provider-qualified model (tests/emulator/quirks.ts). */
async function quirk(key: string, profile: Record<string, unknown> | null) {
  const res = await fetch(`${emulatorUrl}/__emulator/quirks`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, quirk: profile }),
  });
  if (!res.ok) throw new Error(`emulator quirk failed: ${res.status} ${await res.text()}`);
}

/** The verdict table's cell of a deployment and metric. */
const cell = (page: Page, deployment: string, metric: string) =>
  page.locator(`tr[data-deployment="${deployment}"] td[data-metric="${metric}"]`);

async function shots(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: `test-results/screens/scorecard-${name}-${width}-${scheme}.png`,
        fullPage: true,
        animations: "disabled",
      });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

test("a scheduled scorecard over four clouds of gpt-oss-120b shows the right verdicts", async ({ browser }) => {
  test.setTimeout(480_000);
  // the quirks: 60% of probe answers wrong; every tool call's JSON broken; only the last 3,000 tokens of a prompt read
  await quirk(WRONG, { seed: 7, wrongRate: 0.6 });
  await quirk(BROKEN_TOOLS, { seed: 7, brokenToolJsonRate: 1 });
  // the emulator knows an OpenAI-compatible endpoint's models as "compatible:<model>"
  await quirk(`compatible:${CUT_CONTEXT.split(":")[1]}`, { seed: 7, contextLimitTokens: 3000 });

  const page = await signedIn(browser, people.alice.login, "/scorecards");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scorecards" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await page.getByRole("link", { name: "New scorecard" }).click();
  await expect(page.getByRole("heading", { name: "New scorecard" })).toBeVisible();

  // the form's checks, at their fields
  await page.getByRole("button", { name: "Create scorecard" }).click();
  await expect(page.getByText("Name the scorecard.")).toBeVisible();
  await expect(page.getByText("Choose at least 2 deployments")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
  await page.getByLabel("Name", { exact: true }).fill("gpt-oss-120b across clouds");
  await page.getByLabel("Webhook URLs (one per line, up to 5)").fill("ftp://example.test/hook");
  await page.getByLabel("Samples per item (K)").fill("0");

  // every cloud of the model in one click; the reference
  await page.getByRole("button", { name: /^All clouds of gpt-oss-120b \(4\)$/ }).click();
  const oss = page.getByRole("group", { name: "gpt-oss-120b", exact: true });
  for (const name of ["Amazon Bedrock ·", "Amazon Bedrock (OpenAI API)", "Google Vertex AI", "Local vLLM"])
    await expect(oss.getByRole("checkbox", { name })).toBeChecked();
  await expect(page.getByRole("region", { name: /^Deployments/ }).locator("input[type=checkbox]:checked")).toHaveCount(4);
  await page.getByLabel("Reference").selectOption(REFERENCE);
  await page.getByLabel("Schedule", { exact: true }).selectOption("hourly");
  await page.getByRole("button", { name: "Create scorecard" }).click();
  await expect(page.getByText("samples is at least 1.")).toBeVisible();
  await expect(page.getByText(/is not a webhook URL/)).toBeVisible();
  await page.getByLabel("Samples per item (K)").fill("1");
  await page.getByLabel("Webhook URLs (one per line, up to 5)").fill("");
  await page.getByLabel("Spend cap per run (USD, optional)").fill("20");
  await page.getByRole("button", { name: "Create scorecard" }).click();
  // the server's check, at its field: the local host has no price, so no cap can be kept
  await expect(page.getByText(/Cannot keep to the spend cap: gpt-oss-120b has no known price/)).toBeVisible();
  await expect(page.getByLabel("Spend cap per run (USD, optional)")).toHaveAttribute("aria-invalid", "true");
  await shots(page, "form");
  await page.getByLabel("Spend cap per run (USD, optional)").fill("");
  await page.getByRole("button", { name: "Create scorecard" }).click();
  await expect(page).toHaveURL(/\/scorecards\/[A-Za-z0-9_-]{10,40}$/);
  const scorecardPath = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name: "gpt-oss-120b across clouds" })).toBeVisible();
  await expect(page.getByText(/Hourly runs/)).toBeVisible();

  // the list: scheduled, with the next run
  await page.goto("/scorecards");
  const row = page.locator(`li[data-scorecard="${scorecardPath.split("/").at(-1)}"]`);
  await expect(row.getByText(/Hourly · next in \d+ (min|h)/)).toBeVisible();
  await expect(row.getByText("No verdicts yet")).toBeVisible();
  await row.getByRole("link", { name: "gpt-oss-120b across clouds" }).click();

  // the built-in suite, all 150 items on each of the four deployments, through the queue
  await page.getByRole("button", { name: "Run now" }).click();
  const progress = page.getByRole("progressbar", { name: "Progress of the current run" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuetext", /of [\d,]+ calls done, \$[\d.]+ spent/);
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/scorecard-running-1440-light.png", fullPage: true });
  await expect(progress).toBeHidden({ timeout: 360_000 });
  await expect(page.getByText("Finished").first()).toBeVisible();

  // the verdicts: the reference is the reference; each quirk is found, in words as well as colour
  await expect(cell(page, REFERENCE, "accuracy")).toContainText("reference");
  await expect(cell(page, WRONG, "accuracy")).toHaveAttribute("data-verdict", "different");
  await expect(cell(page, WRONG, "accuracy")).toContainText("worse");
  await expect(cell(page, BROKEN_TOOLS, "toolCallErrorRate")).toHaveAttribute("data-verdict", "different");
  await expect(cell(page, BROKEN_TOOLS, "toolCallErrorRate")).toContainText("worse");
  await expect(cell(page, CUT_CONTEXT, "accuracy.long-context")).toHaveAttribute("data-verdict", "different");
  await expect(cell(page, CUT_CONTEXT, "accuracy.long-context")).toContainText("worse");
  // ...and nothing else is called worse on accuracy where the deployment was served faithfully
  await expect(cell(page, BROKEN_TOOLS, "accuracy.reasoning")).not.toHaveAttribute("data-verdict", "different");
  await expect(cell(page, CUT_CONTEXT, "accuracy.reasoning")).not.toHaveAttribute("data-verdict", "different");
  await expect(cell(page, CUT_CONTEXT, "toolCallErrorRate")).not.toHaveAttribute("data-verdict", "different");

  // the value and 95% interval on keyboard focus (and hover)
  await cell(page, WRONG, "accuracy").getByRole("button").focus();
  const tip = page.getByRole("tooltip");
  await expect(tip).toContainText("95% interval");
  await expect(tip).toContainText("Different from the reference (worse)");
  await page.keyboard.press("Escape");

  // one sentence per deployment
  const summary = (id: string) => page.locator(`li[data-summary="${id}"]`);
  await expect(summary(WRONG)).not.toContainText("Same model as the reference");
  await expect(summary(BROKEN_TOOLS)).not.toContainText("Same model as the reference");
  await expect(summary(CUT_CONTEXT)).not.toContainText("Same model as the reference");

  // history: one run so far, as a chart and a table
  await expect(page.getByRole("figure", { name: /History of Accuracy per deployment/ })).toBeVisible();
  await expect(page.getByText("1 run", { exact: true })).toBeVisible();

  // the items side by side: a tool item, Vertex's answer failed by the checker
  const items = page.getByRole("region", { name: "Items side by side" }).or(page.locator("section[aria-labelledby='items-heading']"));
  const picker = items.getByLabel("Item", { exact: true });
  const toolItem = await picker.locator("optgroup[label='tools'] option").first().getAttribute("value");
  expect(toolItem).toBeTruthy();
  await picker.selectOption(toolItem!);
  await expect(page.getByRole("region", { name: "gpt-oss-120b · Google Vertex AI", exact: true })).toBeVisible();
  const vertexChecks = page.getByRole("region", { name: /Checker results of .*Google Vertex AI/ });
  await expect(vertexChecks.locator("[data-check='fail']").first()).toBeVisible();
  await expect(vertexChecks).toContainText(/invalid json/i);
  const referenceChecks = page.getByRole("region", { name: /Checker results of .*Amazon Bedrock$/ });
  await expect(referenceChecks.locator("[data-check='pass']").first()).toBeVisible();

  // route it: the order as JSON for a gateway, with the evidence link
  const routing = page.getByLabel("Routing JSON");
  await expect(routing).toContainText('"evidenceUrl"');
  await expect(routing).toContainText("amazon-bedrock");
  await page.getByLabel("Gateway").selectOption("litellm");
  await expect(routing).toContainText('"format": "litellm"');

  await page.locator("section[aria-labelledby='verdicts-heading']").scrollIntoViewIfNeeded();
  await shots(page, "verdicts");

  // the list now counts the verdicts
  await page.goto("/scorecards");
  await expect(row.getByLabel(/Verdicts: \d+ equivalent, [1-9]\d* different, \d+ inconclusive/)).toBeVisible();
  await shots(page, "list");
});
