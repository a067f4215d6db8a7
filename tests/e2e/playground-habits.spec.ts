// Habits people bring to the playground (issue 10): Enter sends, Shift+Enter adds a line, the
// prompt is focused; "Compare answers" diffs two answers word by word; Re-run sends every turn
// again, in order, after a confirmation with the estimated cost.
import { expect, test } from "@playwright/test";
import { emulatorUrl } from "../../playwright.config";
import { emulate, Playground, resetEmulator } from "./playground";

const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";
const panes = { openai: "GPT-4o mini · OpenAI", azure: /prod-mini.*Azure OpenAI/ };

test.beforeEach(async () => {
  await resetEmulator();
  await emulate(OPENAI, { ttftMs: 80, tokensPerSecond: 300 });
  await emulate(AZURE, { ttftMs: 80, tokensPerSecond: 300, chunkTokens: 4 });
});

async function allDone(pg: Playground) {
  for (const name of Object.values(panes)) await expect(pg.pane(name).getByText("Done", { exact: true }).first()).toBeVisible();
}

/** Bodies of the requests the emulator received since the last reset, as text. */
async function sentBodies(): Promise<string[]> {
  const res = await fetch(`${emulatorUrl}/__emulator/requests`);
  const requests = (await res.json()) as { body: unknown }[];
  return requests.map((r) => JSON.stringify(r.body));
}

test("the prompt is focused; Shift+Enter adds a line, Enter sends, also in the follow-up", async ({ page }) => {
  const pg = new Playground(page);
  await pg.open();
  await expect(pg.prompt()).toBeFocused();
  await expect(page.getByText("to send · Shift+Enter for a new line").first()).toBeVisible();
  await pg.chooseModels([OPENAI, AZURE]);

  await pg.prompt().click();
  await page.keyboard.type("Line one");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("Line two");
  await expect(pg.prompt()).toHaveValue("Line one\nLine two");
  await expect(page).toHaveURL(/\/$/); // Shift+Enter did not send
  await page.screenshot({ path: "test-results/screens/composer-hint.png" });

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/c\/[A-Za-z0-9_-]+$/);
  // the prompt went as two lines
  const bubble = pg.pane(panes.openai).locator('[data-turn="0"] p.whitespace-pre-wrap').first();
  await expect(bubble).toBeVisible();
  expect(await bubble.textContent()).toBe("Line one\nLine two");
  await allDone(pg);

  const followUp = page.getByLabel(/Follow-up prompt/);
  await expect(followUp).toBeFocused();
  await followUp.pressSequentially("And a follow-up");
  await followUp.press("Shift+Enter");
  await expect(followUp).toHaveValue("And a follow-up\n");
  await followUp.press("Enter");
  for (const name of Object.values(panes)) await expect(pg.pane(name).getByText("And a follow-up", { exact: true })).toBeVisible();
  await expect(followUp).toHaveValue("");

  // a stored comparison opens with the follow-up focused
  await page.reload();
  await expect(page.getByLabel(/Follow-up prompt/)).toBeFocused();
});

test("Compare answers shows, word by word, what one answer adds and leaves out; blind mode names panes by letter only", async ({
  page,
}) => {
  await emulate(OPENAI, { ttftMs: 50, tokensPerSecond: 0, text: "The quick brown fox jumps over the lazy dog. <b>Bold?</b>" });
  await emulate(AZURE, { ttftMs: 50, tokensPerSecond: 0, text: "The quick red fox jumps over the sleepy dog. <b>Bold?</b>" });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await pg.compare("Describe a fox in one sentence.");
  await allDone(pg);

  await page.getByRole("button", { name: "Compare answers" }).click();
  const dialog = page.getByRole("dialog", { name: "Compare answers" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("First answer")).toHaveValue("0");
  await expect(dialog.getByLabel("Second answer")).toHaveValue("1");
  await expect(dialog.locator("del")).toHaveText([/brown/, /lazy/]);
  await expect(dialog.locator("ins")).toHaveText([/red/, /sleepy/]);
  await expect(dialog).toContainText("2 words added");
  await expect(dialog).toContainText("2 words removed");
  // model output is text here, never HTML
  await expect(dialog).toContainText("<b>Bold?</b>");
  await expect(dialog.locator("b")).toHaveCount(0);
  await expect(dialog.getByRole("option", { name: /GPT-4o mini/ }).first()).toBeAttached();
  await page.screenshot({ path: "test-results/screens/diff-dialog.png" });

  // the other way round: what was added is now removed
  await dialog.getByLabel("First answer").selectOption("1");
  await dialog.getByLabel("Second answer").selectOption("0");
  await expect(dialog.locator("ins")).toHaveText([/brown/, /lazy/]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // blind: the pickers say "Model A" / "Model B", never a model or a cloud
  await page.getByRole("button", { name: "New comparison" }).click();
  await page.getByLabel("Blind mode").check();
  await pg.compare("Describe a fox again.");
  await expect(page.getByRole("region", { name: "Model A" }).getByText("Done", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Model B" }).getByText("Done", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Compare answers" }).click();
  const blind = page.getByRole("dialog", { name: "Compare answers" });
  await expect(blind.getByLabel("First answer").locator("option")).toHaveText(["Model A", "Model B"]);
  await expect(blind).not.toContainText(/GPT|prod-mini|OpenAI|Azure/);
  await expect(blind.locator("ins, del")).not.toHaveCount(0);
});

test("Re-run of a two-turn comparison confirms the estimated cost, then sends both turns in order", async ({ page }) => {
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await pg.compare("First turn: what is TCP?");
  await allDone(pg);
  await page.getByLabel(/Follow-up prompt/).fill("Second turn: and UDP?");
  await page.getByLabel(/Follow-up prompt/).press("Enter");
  for (const name of Object.values(panes)) await expect(pg.pane(name).getByText("Second turn: and UDP?", { exact: true })).toBeVisible();
  await allDone(pg);
  const sourceUrl = page.url();

  await resetEmulator();
  // slow enough to see the re-run go turn by turn
  await emulate(OPENAI, { ttftMs: 100, tokensPerSecond: 120 });
  await emulate(AZURE, { ttftMs: 100, tokensPerSecond: 120, chunkTokens: 4 });
  await page.getByRole("button", { name: "Re-run" }).click();
  const confirm = page.getByRole("dialog", { name: "Re-run this comparison?" });
  await expect(confirm).toContainText("All 2 prompts are sent again, in order");
  await expect(confirm.getByTestId("rerun-cost")).toHaveText(/^(up to|about) \$\d/);
  await page.screenshot({ path: "test-results/screens/rerun-confirm.png" });
  expect(await sentBodies()).toHaveLength(0); // nothing sent before confirming

  await confirm.getByRole("button", { name: "Re-run" }).click();
  await expect(page).not.toHaveURL(sourceUrl);
  await expect(page).toHaveURL(/\/c\/[A-Za-z0-9_-]+$/);
  const status = page.getByRole("status").filter({ hasText: /Re-run: turn \d of 2/ });
  await expect(status).toBeVisible();
  // both turns arrive, in order, on the new page
  for (const name of Object.values(panes)) {
    const pane = pg.pane(name);
    await expect(pane.getByText("First turn: what is TCP?", { exact: true })).toBeVisible();
    await expect(pane.getByText("Second turn: and UDP?", { exact: true })).toBeVisible({ timeout: 30_000 });
  }
  await allDone(pg);
  await expect(pg.pane(panes.openai).locator("[data-turn]")).toHaveCount(2);
  await expect(status).toBeHidden();
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();

  // the emulator got four requests: each pane's second one carries its own first answer
  const bodies = await sentBodies();
  expect(bodies).toHaveLength(4);
  const second = bodies.filter((b) => b.includes("Second turn: and UDP?"));
  expect(second).toHaveLength(2);
  for (const b of second) expect(b).toContain("First turn: what is TCP?");
  const firstIndex = Math.max(...bodies.map((b, i) => (b.includes("Second turn") ? -1 : i)));
  const secondIndex = Math.min(...bodies.map((b, i) => (b.includes("Second turn") ? i : Infinity)));
  expect(secondIndex).toBeGreaterThan(firstIndex);

  // stored: a reload shows both turns
  await page.reload();
  for (const name of Object.values(panes)) await expect(pg.pane(name).locator("[data-turn]")).toHaveCount(2);
});

test("Scroll panes together: scrolling one pane's thread scrolls the other in proportion", async ({ page }) => {
  const long = (word: string, n: number) => Array.from({ length: n }, (_, i) => `${word} paragraph ${i + 1}.`).join("\n\n");
  await emulate(OPENAI, { ttftMs: 30, tokensPerSecond: 0, text: long("Short", 40) });
  await emulate(AZURE, { ttftMs: 30, tokensPerSecond: 0, text: long("Longer answer", 80) });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await pg.compare("Write many paragraphs.");
  await allDone(pg);

  // a new turn scrolls into view when it is sent (its prompt is far below the fold otherwise)
  await page.getByLabel(/Follow-up prompt/).fill("And once more, please.");
  await page.getByLabel(/Follow-up prompt/).press("Enter");
  await expect(pg.pane(panes.openai).locator('[data-turn="1"] p.whitespace-pre-wrap').first()).toBeInViewport();
  await allDone(pg);

  const toggle = page.getByRole("switch", { name: "Scroll panes together" });
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  const body = (name: string | RegExp) => pg.pane(name).locator("[data-pane-body]");
  const ratio = (name: string | RegExp) => body(name).evaluate((el) => el.scrollTop / (el.scrollHeight - el.clientHeight));
  // each thread scrolls in its own box now
  expect(await body(panes.azure).evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await body(panes.openai).evaluate((el) => el.scrollTo({ top: (el.scrollHeight - el.clientHeight) / 2 }));
  await expect.poll(() => ratio(panes.azure)).toBeGreaterThan(0.45);
  expect(await ratio(panes.azure)).toBeLessThan(0.55);
  await body(panes.azure).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect.poll(() => ratio(panes.openai)).toBeGreaterThan(0.98);

  // the choice is remembered in this browser; off, the threads are no longer boxed
  await page.reload();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  expect(await body(panes.azure).evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(false);
});
