// Issue 10 (helper "evals"): an evaluation session in local demo mode, run against the emulator,
// read as a grid of prompts by models: filter by model, status and text, open a cell whole. Also
// the hydration regression: /evals/<id> loaded while the run is active logs no React error #418.
import { expect, test, type Page } from "@playwright/test";
import { emulate, resetEmulator } from "./playground";

const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";

const PROMPTS = ["What is a zebra crossing?", "Name a prime number.", "Explain a VPN in one line.", "Why is the sky blue?"];

test.beforeEach(async () => {
  await resetEmulator();
});

test.afterAll(async () => {
  await resetEmulator();
});

/** Console errors and uncaught errors of a page, as text. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`${e.name}: ${e.message}`));
  return errors;
}

async function createSession(page: Page, name: string): Promise<string> {
  await page.goto("/evals/new");
  // local mode: personal by default, one rater per item, and why
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Raters per item (K)")).toHaveValue("1");
  await expect(page.getByText("Several raters per item need sign-in.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("checkbox", { name: "GPT-4o mini", exact: true }).check();
  await page.getByRole("checkbox", { name: /prod-mini/ }).check();
  await page.getByRole("radio", { name: "Type them in" }).check();
  await page.getByLabel("Prompts, one per line").fill(PROMPTS.join("\n"));
  await page.getByRole("button", { name: "Create session" }).click();
  await expect(page.getByRole("button", { name: "Run 8 answers" })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Rates every item of the queue with key 1 ("A is better") until "All done". */
async function rateAll(page: Page) {
  for (let i = 1; i <= 10; i++) {
    const item = page.getByRole("heading", { name: new RegExp(`^Item ${i}\\b`) });
    const done = page.getByText("All done");
    await expect(item.or(done)).toBeVisible();
    if (await done.isVisible()) return;
    const rated = page.getByText(new RegExp(`^${i} of \\d+ rated$`));
    // a key pressed while the item is still loading is ignored: press again until it counts (never twice)
    await expect(async () => {
      if (await rated.isVisible()) return;
      await page.keyboard.press("1");
      await expect(rated).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
  }
  await expect(page.getByText("All done")).toBeVisible();
}

test("the answers grid: blind while you have items to rate; filter by model, status and text; open a cell; no hydration error while running", async ({
  page,
}) => {
  test.setTimeout(240_000);
  // GPT-4o mini answers slowly (the run stays active for a while); prod-mini refuses its first two calls (403, not retried).
  // Fixed texts that name no model, so the blind grid can be checked for names
  await emulate(OPENAI, { ttftMs: 2000, tokensPerSecond: 4, text: `A careful answer.\n\n${"- one short point to make\n".repeat(8)}` });
  await emulate(AZURE, { fault: { kind: "http", status: 403 }, faultTimes: 2, text: "Another answer, in **bold** words." });
  const sessionPath = await createSession(page, "Grid e2e");
  await page.getByRole("button", { name: "Run 8 answers" }).click();
  await expect(page.getByText(/running for/)).toBeVisible();

  // the hydration regression: the page loaded while the run is active; its scripts arrive late, so
  // the client hydrates seconds after the server rendered the running clock
  const errors = collectErrors(page);
  await page.route("**/_next/static/chunks/**", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(sessionPath);
  await expect(page.getByText(/running for/)).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1000);
  await page.unroute("**/_next/static/chunks/**");
  expect(errors.filter((e) => /418|hydrat/i.test(e))).toEqual([]);

  // the grid, linked from the session page: while the run goes (nothing to rate yet) it names the models
  await page.getByRole("link", { name: "Answers grid" }).click();
  await expect(page).toHaveURL(/\/answers$/);
  const grid = page.getByRole("region", { name: "Answers by prompt and model" });
  await expect(grid.getByRole("columnheader", { name: /^GPT-4o mini OpenAI/ })).toBeVisible();
  await expect(grid.getByRole("columnheader", { name: /prod-mini/ })).toBeVisible();
  await expect(grid.getByRole("rowheader")).toHaveCount(4);

  // the run ends (the grid refreshes itself): the only rater has items to rate, so the grid turns blind
  await expect(page.getByText(/the grid is blind as the rating page is/)).toBeVisible({ timeout: 120_000 });
  await expect(grid.getByRole("columnheader", { name: "Model 1" })).toBeVisible();
  await expect(grid.getByRole("columnheader", { name: "Model 2" })).toBeVisible();
  await expect(grid).not.toContainText(/GPT-4o mini|prod-mini|OpenAI|Azure|TTFT/);

  // rate everything, then the grid names the models again
  await page.goto(`${sessionPath}/rate`);
  await rateAll(page);
  await page.goto(`${sessionPath}/answers`);
  await expect(page.getByText(/the grid is blind/)).toHaveCount(0);
  await expect(grid.getByRole("button", { name: /^GPT-4o mini, prompt \d+: Done/ })).toHaveCount(4);
  await expect(grid.getByRole("button", { name: /^GPT-4o mini \(prod-mini\), prompt \d+: Error/ })).toHaveCount(2);
  await expect(grid.getByRole("button", { name: /^GPT-4o mini, prompt 1:/ })).toContainText(/TTFT/);

  // status: errors only (two prompts, both in prod-mini's column)
  const status = page.getByRole("group", { name: "Status" });
  await status.getByRole("button", { name: "Error" }).click();
  await expect(page.getByText("2 prompts match")).toBeVisible();
  await expect(grid.getByRole("rowheader")).toHaveCount(2);
  await expect(page).toHaveURL(/status=failed/);

  // model: hide prod-mini: no shown cell failed, so no prompt matches
  const models = page.getByRole("group", { name: "Models" });
  await models.getByRole("button", { name: /prod-mini/ }).click();
  await expect(models.getByRole("button", { name: /prod-mini/ })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByText("No prompts match these filters.")).toBeVisible();
  await status.getByRole("button", { name: "Error" }).click();
  await expect(grid.getByRole("rowheader")).toHaveCount(4);
  await expect(grid.getByRole("columnheader", { name: /prod-mini/ })).toHaveCount(0);

  // text, as you type: one prompt
  await page.getByRole("searchbox", { name: "Search prompts and answers" }).pressSequentially("zebra");
  await expect(page.getByText("1 prompt match")).toBeVisible();
  await expect(grid.getByRole("rowheader")).toHaveCount(1);
  await expect(grid.getByRole("rowheader")).toContainText("What is a zebra crossing?");

  // a reload keeps the filters (they are in the address)
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search prompts and answers" })).toHaveValue("zebra");
  await expect(grid.getByRole("rowheader")).toHaveCount(1);

  // open the cell with the keyboard; read it whole; Escape closes and gives the focus back
  const cell = grid.getByRole("button", { name: /^GPT-4o mini, prompt 1:/ });
  await cell.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: /Prompt 1 · GPT-4o mini/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("What is a zebra crossing?")).toBeVisible();
  await expect(dialog.getByText("Time to first token")).toBeVisible();
  await expect(dialog.getByRole("region", { name: "Answer" })).not.toBeEmpty();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(cell).toBeFocused();

  // a failed cell says why
  await page.getByRole("searchbox", { name: "Search prompts and answers" }).fill("");
  await models.getByRole("button", { name: /prod-mini/ }).click();
  await grid
    .getByRole("button", { name: /^GPT-4o mini \(prod-mini\), prompt \d+: Error/ })
    .first()
    .click();
  const failed = page.getByRole("dialog", { name: /prod-mini/ });
  await expect(failed.getByText("The call failed")).toBeVisible();
  await expect(failed.getByRole("note")).toContainText("403");
  await failed.getByRole("button", { name: "Close" }).click();
  await expect(failed).toBeHidden();

  // 390 px wide: the grid scrolls sideways inside its own box; the page's content does not
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(grid).toBeVisible();
  const widths = await page.evaluate(() => {
    const main = document.querySelector("main")!;
    const region = document.querySelector<HTMLElement>('[aria-label="Answers by prompt and model"]')!;
    return {
      main: main.scrollWidth,
      mainBox: main.clientWidth,
      right: region.getBoundingClientRect().right,
      vw: window.innerWidth,
      grid: region.scrollWidth,
      gridBox: region.clientWidth,
    };
  });
  expect(widths.main).toBeLessThanOrEqual(widths.mainBox);
  expect(widths.right).toBeLessThanOrEqual(widths.vw);
  expect(widths.grid).toBeGreaterThan(widths.gridBox);
});
