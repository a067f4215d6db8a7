// The app at 390 x 844 (a phone): no page scrolls sideways, the header folds into a menu that
// works from the keyboard, the theme switch sticks, history search follows typing, and a
// deleted comparison comes back with Undo (its share link still working).
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { emulate, resetEmulator } from "./playground";

const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

type Fixtures = { comparisonId: string; shareToken: string; evalId: string; teamId: string };
let fx: Fixtures;
let api: APIRequestContext;

/** A finished comparison made through the API (local mode: no token), its id. */
async function compare(prompt: string): Promise<string> {
  const res = await api.post("/api/v1/comparisons", { data: { prompt, models: [OPENAI, AZURE] } });
  expect(res.status()).toBe(200);
  const done = (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; id?: string })
    .find((l) => l.type === "done");
  return done!.id!;
}

test.beforeAll(async ({ baseURL }) => {
  api = await playwrightRequest.newContext({ baseURL });
  await resetEmulator();
  await emulate(OPENAI, { ttftMs: 5, tokensPerSecond: 0 });
  await emulate(AZURE, { ttftMs: 5, tokensPerSecond: 0 });
  const comparisonId = await compare(
    "Mobile fixture: explain TCP slow start with a long unbreakable URL https://example.com/" + "a".repeat(120),
  );
  expect((await api.post(`/api/v1/comparisons/${comparisonId}/votes`, { data: { best: 0 } })).status()).toBeLessThan(300);
  const share = await api.post(`/api/v1/comparisons/${comparisonId}/shares`, { data: {} });
  const shareToken = new URL(((await share.json()) as { url: string }).url, baseURL).pathname.split("/").at(-1)!;
  const evalRes = await api.post("/api/v1/evals", {
    data: { name: "Mobile eval", models: [OPENAI, AZURE], prompts: [{ prompt: "Say hi." }, { prompt: "Say bye." }] },
  });
  expect(evalRes.status()).toBe(201);
  const evalId = ((await evalRes.json()) as { id: string }).id;
  expect((await api.post(`/api/v1/evals/${evalId}/run`, { data: {} })).status()).toBe(200);
  // let the run finish, so the rating and results pages have answers to lay out
  await expect
    .poll(async () => ((await (await api.get(`/api/v1/evals/${evalId}/progress`)).json()) as { status: string }).status, {
      timeout: 45_000,
    })
    .toBe("completed");
  const team = await api.post("/api/v1/teams", { data: { name: "Mobile team with a rather long name to wrap" } });
  expect(team.status()).toBe(201);
  const teamId = ((await team.json()) as { id: string }).id;
  fx = { comparisonId, shareToken, evalId, teamId };
});
test.afterAll(async () => api?.dispose());

/** What sticks out past the right edge of the window (for the failure message). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    // inside a scroll box (overflow-x auto or hidden) sticking out is that box's business
    const clipped = (el: Element) => {
      // an absolutely placed element escapes the scroll boxes between it and its containing block
      let placed = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        const positioned = s.position !== "static";
        if ((!placed || positioned) && s.overflowX !== "visible") return true;
        if (placed && positioned) placed = s.position === "absolute" || s.position === "fixed";
      }
      return false;
    };
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5 && culprits.length < 6 && !clipped(el))
        culprits.push(`${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "").slice(0, 80)} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits };
  });
}

test("no page scrolls sideways at 390 px", async ({ page }) => {
  test.setTimeout(180_000);
  const pages = [
    "/",
    `/c/${fx.comparisonId}`,
    "/history",
    "/leaderboard",
    "/evals",
    "/evals/new",
    `/evals/${fx.evalId}`,
    `/evals/${fx.evalId}/rate`,
    `/evals/${fx.evalId}/results`,
    `/evals/${fx.evalId}/answers`,
    "/settings",
    "/settings/tokens",
    "/teams",
    `/teams/${fx.teamId}`,
    `/s/${fx.shareToken}`,
    "/no-such-page",
  ];
  for (const path of pages) {
    const res = await page.goto(path, { waitUntil: "load" });
    expect(res?.status(), path).toBe(path === "/no-such-page" ? 404 : 200);
    await expect(page.locator("main").first()).toBeVisible();
    await page.waitForTimeout(300); // hydration and fonts settle
    const o = await overflow(page);
    expect.soft(o.scrollWidth, `${path} is ${o.scrollWidth} px wide: ${o.culprits.join(" | ")}`).toBeLessThanOrEqual(o.innerWidth);
  }
});

test("the header menu opens and closes from the keyboard", async ({ page }) => {
  await page.goto("/history");
  const menu = page.getByRole("button", { name: "Menu" });
  // the bar's own navigation is folded away
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "History" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(390);
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Compare" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  // Space opens it too; following a link closes it
  await page.keyboard.press("Space");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("the theme switch sets the page's class and keeps it across a reload", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/settings");
  const html = page.locator("html");
  await expect(html).toHaveClass(/\blight\b/);
  const appearance = page.getByRole("region", { name: "Appearance" });
  await appearance.getByText("Dark", { exact: true }).click();
  await expect(html).toHaveClass(/\bdark\b/);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).not.toBe("rgb(250, 250, 250)");
  await page.reload();
  // set before the first paint, by the inline script (not after hydration)
  expect(await page.evaluate(() => document.documentElement.className)).toMatch(/\bdark\b/);
  await expect(appearance.getByRole("radio", { name: "Dark" })).toBeChecked();
  // System follows the device
  await appearance.getByText("System", { exact: true }).click();
  await expect(html).toHaveClass(/\blight\b/);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(html).toHaveClass(/\bdark\b/);
  await appearance.getByText("Light", { exact: true }).click();
  await expect(html).toHaveClass(/\blight\b/);
  await page.reload();
  await expect(html).toHaveClass(/\blight\b/);
  // the header's switch is in the menu on a phone
  await page.getByRole("button", { name: "Menu" }).click();
  await page.locator("#site-menu").getByText("Dark", { exact: true }).click();
  await expect(html).toHaveClass(/\bdark\b/);
  await page.evaluate(() => localStorage.removeItem("juxta-theme"));
});

test("history search filters as you type, in the URL, without a reload", async ({ page }) => {
  const zebra = await compare("Zebra crossing rules in the UK?");
  await compare("Yak shaving, explained.");
  await page.goto("/history");
  const list = page.getByRole("list", { name: "Past comparisons, newest first" });
  await expect(list.getByRole("link", { name: "Zebra crossing rules in the UK?" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Yak shaving, explained." })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { stay: number }).stay = 1));
  await page.getByRole("searchbox", { name: "Search titles and prompts" }).pressSequentially("zebra", { delay: 40 });
  await expect(page).toHaveURL(/\/history\?q=zebra$/);
  await expect(list.getByRole("link")).toHaveCount(1);
  await expect(list.getByRole("link", { name: "Zebra crossing rules in the UK?" })).toHaveAttribute("href", `/c/${zebra}`);
  // the same document: typing did not reload the page
  expect(await page.evaluate(() => (window as unknown as { stay?: number }).stay)).toBe(1);
  await page.getByRole("searchbox", { name: "Search titles and prompts" }).fill("");
  await expect(page).toHaveURL(/\/history$/);
  await expect(list.getByRole("link", { name: "Yak shaving, explained." })).toBeVisible();
  // a bad value in the URL is ignored with a note, not an error page
  await page.goto("/history?from=2026-02-31&model=%3Cx%3E");
  await expect(page.getByRole("status").filter({ hasText: "From is not a real date. Ignored." })).toBeVisible();
  await expect(page.getByText("Model is not a model id. Ignored.")).toBeVisible();
  await expect(list.getByRole("link", { name: "Zebra crossing rules in the UK?" })).toBeVisible();
});

test("deleting asks in the app's dialog, and Undo brings the comparison back with its share link", async ({ page }) => {
  const title = "Delete me, then undo";
  const id = await compare(title);
  const share = await api.post(`/api/v1/comparisons/${id}/shares`, { data: {} });
  const sharePath = new URL(((await share.json()) as { url: string }).url, "http://x").pathname;
  await page.goto("/history");
  const row = page.getByRole("link", { name: title });
  await expect(row).toBeVisible();

  // Escape cancels
  await page.getByRole("button", { name: `Delete ${title}` }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete this comparison?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();

  await page.getByRole("button", { name: `Delete ${title}` }).click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(row).toBeHidden();
  expect((await api.get(sharePath)).status()).toBe(404);
  const toast = page.getByRole("status").filter({ hasText: `Deleted “${title}”.` });
  await expect(toast).toBeVisible();
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Restored “${title}”.` })).toBeVisible();
  await expect(row).toBeVisible();
  const shared = await api.get(sharePath);
  expect(shared.status()).toBe(200);
  expect(await shared.text()).toContain(title);
  await page.reload();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
});

test("at 1440 px the header shows the navigation, the theme switch and Settings (local mode too)", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Compare" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Theme" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
});
