// The Discover page against the demo's emulated accounts: tables per account, "In catalog" marks,
// the env line of a model not in the catalog (keyboard), search, one account's error with Retry
// while the others list, and the page at 1440 and 390 px in light and dark (screenshots kept in
// test-results/ to look at).
import { expect, test, type Page } from "@playwright/test";
import { emulate, resetEmulator } from "./playground";

const shots = (name: string) => `test-results/discover-${name}.png`;

async function open(page: Page) {
  await page.goto("/discover");
  await expect(page.getByRole("heading", { level: 1, name: "Discover models" })).toBeVisible();
  const bedrock = page.getByRole("region", { name: /Amazon Bedrock/ });
  await expect(bedrock.getByText(/\d+ models · 9 in catalog/)).toBeVisible();
  return bedrock;
}

test.beforeEach(async () => {
  await resetEmulator();
});

// first (one worker runs a file in order), while nothing is cached yet: the server keeps a good
// listing for a minute (errors it never keeps)
test("one account's error stays in its card, with Retry; the others list", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await emulate("list:compatible", { fault: { kind: "http", status: 503, message: "The model server is restarting." } });
  await page.emulateMedia({ colorScheme: "dark" });
  await open(page);
  const local = page.getByRole("region", { name: /Local vLLM/ });
  await expect(local.getByRole("alert")).toHaveText(/Local vLLM answered 503: The model server is restarting\./);
  await expect(
    page
      .getByRole("region", { name: /OpenAI/ })
      .getByText("In catalog")
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: shots("1440-dark-error"), fullPage: true });
  await emulate("list:compatible", null);
  await local.getByRole("button", { name: "Retry" }).click();
  await expect(local.getByText(/4 models · 2 in catalog/)).toBeVisible();
});

test("lists each account's models, marks the catalog's and gives the env line for the rest", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.emulateMedia({ colorScheme: "light" });
  const bedrock = await open(page);
  const row = (name: string | RegExp) => bedrock.getByRole("row").filter({ hasText: name });
  await expect(row("openai.gpt-oss-120b-1:0").getByText("In catalog")).toBeVisible();
  await expect(row("eu.anthropic.claude-sonnet-4-5-20250929-v1:0").getByText("Inference profile")).toBeVisible();
  await expect(row("anthropic.claude-sonnet-4-5-20250929-v1:0").first()).toBeVisible();
  await expect(page.getByRole("region", { name: /OpenAI/ }).getByText(/models · \d+ in catalog/)).toBeVisible();
  await expect(page.getByRole("region", { name: /Local vLLM/ }).getByRole("cell", { name: "41K" })).toBeVisible(); // vLLM's max_model_len 40960
  await page.screenshot({ path: shots("1440-light"), fullPage: true });

  // the env line, from the keyboard
  await page.getByRole("searchbox", { name: "Search models" }).fill("sonnet 4.5 eu.");
  const toggle = bedrock.getByRole("button", { name: "Env line for eu.anthropic.claude-sonnet-4-5-20250929-v1:0" });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(bedrock.locator("code")).toHaveText(
    /^BEDROCK_MODELS=openai\.gpt-oss-120b-1:0,.*,eu\.anthropic\.claude-sonnet-4-5-20250929-v1:0$/,
  );
  await expect(bedrock.getByRole("row")).toHaveCount(3); // header, the profile, its env line
  await page.screenshot({ path: shots("1440-envline"), fullPage: true });

  // only what is not in the catalog
  await page.getByRole("searchbox", { name: "Search models" }).fill("");
  await page.getByRole("checkbox", { name: "Only models not in the catalog" }).check();
  await expect(bedrock.getByText("In catalog", { exact: true })).toHaveCount(0);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });
  for (const scheme of ["light", "dark"] as const) {
    test(`fits 390 px without sideways scrolling (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const bedrock = await open(page);
      await bedrock.getByRole("button", { name: "Env line for eu.anthropic.claude-sonnet-4-5-20250929-v1:0" }).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: shots(`390-${scheme}`), fullPage: true });
    });
  }
});

test("the header keeps every link on one row at 1024 px, Discover included", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto("/discover");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Discover" })).toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  const box = await page.locator("header").boundingBox();
  expect(box!.height).toBeLessThanOrEqual(49); // h-12 + border: nothing wrapped
  await page.screenshot({ path: shots("1024-header") });
});
