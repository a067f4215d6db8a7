// Issue 14's "Done when": an evaluation session rated by two people and judged by a model (through
// POST /api/v1/evals/<id>/judgements, on the real queue against the emulator) shows, on its results
// page, the judge's agreement with each of the two raters and with their majority, in a section of
// its own; the /judges page then ranks that judge with its figures.
//
// How the judge's verdicts are scripted: each candidate's answer carries an emulator marker, and the
// judge's prompt shows "Answer 1" first, so the marker of the answer shown first is the one the
// emulator reads (see tests/integration/judges.test.ts). GPT-4o mini's answers say "Answer 1",
// prod-mini's "Answer 1" and Phi-4's "Answer 2": the judge prefers GPT-4o mini and prod-mini to
// Phi-4 in both orders, and is inconsistent (a tie) between GPT-4o mini and prod-mini.
// The two people rate by what they read: Alice prefers GPT-4o mini to both others and Phi-4 to
// prod-mini; Bob prefers GPT-4o mini to Phi-4, prod-mini to Phi-4, and calls GPT-4o mini against
// prod-mini a tie. So Bob agrees with the judge everywhere, Alice only on GPT-4o mini vs Phi-4.
import type { Page } from "@playwright/test";
import { AZURE, emulate, expect, OPENAI, people, signedIn, test } from "./fixtures";

const PHI = "azure:phi-4";
const TEXT = {
  gpt: "A short, direct answer.",
  prod: "A longer answer that wanders a little first.",
  phi: "Phi's answer, in one line.",
} as const;
type Model = keyof typeof TEXT;
const modelOf = (text: string): Model => (Object.keys(TEXT) as Model[]).find((m) => text.includes(TEXT[m]))!;

/** A person's taste: the preferred model of a pair, or "tie". */
type Taste = (x: Model, y: Model) => Model | "tie";
const pair = (x: Model, y: Model, p: Model, q: Model) => (x === p && y === q) || (x === q && y === p);
const TASTES: Record<"alice" | "bob", Taste> = {
  alice: (x, y) => (x === "gpt" || y === "gpt" ? "gpt" : "phi"),
  bob: (x, y) => (pair(x, y, "gpt", "prod") ? "tie" : x === "phi" ? y : x),
};

/** Rates every item of the queue by what the two answers say, with the keyboard (1 = left, 2 = right, 3 = tie). */
async function rateByTaste(page: Page, taste: Taste, items: number) {
  const rated = (n: number) => page.getByText(new RegExp(`^${n} of \\d+ rated$`));
  for (let i = 1; i <= items; i++) {
    await expect(page.getByRole("heading", { name: new RegExp(`^Item ${i}\\b`) })).toBeVisible();
    const left = modelOf((await page.getByRole("region", { name: "Answer A" }).textContent()) ?? "");
    const right = modelOf((await page.getByRole("region", { name: "Answer B" }).textContent()) ?? "");
    const choice = taste(left, right);
    const key = choice === "tie" ? "3" : choice === left ? "1" : "2";
    // a key pressed while the item is still loading is ignored: press again until it counts (never twice)
    await expect(async () => {
      if (await rated(i).isVisible()) return;
      await page.keyboard.press(key);
      await expect(rated(i)).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
  }
  await expect(page.getByText("All done")).toBeVisible();
}

const says = (verdict: string) =>
  `[[emulate:${JSON.stringify({ text: JSON.stringify({ verdict, reason: "It answers the question more directly." }) })}]]`;

/** Screenshots of the page at 390 and 1440 px wide, light and dark (looked at by hand). */
async function shots(page: Page, name: string) {
  for (const width of [390, 1440])
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.reload();
      await page.screenshot({ path: `test-results/screens/${name}-${width}-${colorScheme}.png`, fullPage: true });
    }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

test("a judged evaluation session shows the judge's agreement with two human raters", async ({ browser }) => {
  test.setTimeout(300_000);
  await emulate(OPENAI, { ttftMs: 50, tokensPerSecond: 400, text: `${TEXT.gpt} ${says("Answer 1")}` });
  await emulate(AZURE, { ttftMs: 50, tokensPerSecond: 400, text: `${TEXT.prod} ${says("Answer 1")}` });
  await emulate(PHI, { ttftMs: 50, tokensPerSecond: 400, text: `${TEXT.phi} ${says("Answer 2")}` });

  // carol and dan sign in here as "alice" and "bob" of the tastes above: the real alice and bob are
  // signin.spec's, whose email sign-in expects bob to have no name from an OIDC login yet
  const alice = await signedIn(browser, people.carol.login, "/teams");
  const teamName = `Judged team ${Date.now().toString(36)}`;
  await alice.getByRole("textbox", { name: "New team" }).fill(teamName);
  await alice.getByRole("button", { name: "Create team" }).click();
  await expect(alice).toHaveURL(/\/teams\/[A-Za-z0-9_-]+$/);
  await alice.getByRole("button", { name: "Create link" }).click();
  const invite = (await alice.getByLabel("New invitation link").textContent())!.trim();
  const bob = await signedIn(browser, people.dan.login, new URL(invite).pathname);
  await bob.getByRole("button", { name: `Accept and join ${teamName}` }).click();
  await expect(bob).toHaveURL(/\/teams\/[A-Za-z0-9_-]+$/);

  // the session: four prompts, three models, two raters per item
  await alice.goto("/evals/new");
  await alice.getByLabel("Name", { exact: true }).fill("Judged answers");
  await alice.getByLabel("Team", { exact: true }).selectOption({ label: teamName });
  await alice.getByRole("checkbox", { name: "GPT-4o mini", exact: true }).check();
  await alice.getByRole("checkbox", { name: /prod-mini/ }).check();
  await alice.getByRole("checkbox", { name: /phi-4/i }).check();
  await alice.getByLabel("Raters per item (K)").fill("2");
  await alice.getByRole("radio", { name: "Type them in" }).check();
  await alice
    .getByLabel("Prompts, one per line")
    .fill(["How do I reset my password?", "What is a VPN?", "Name a prime number.", "Why is the sky blue?"].join("\n"));
  await alice.getByRole("button", { name: "Create session" }).click();
  await alice.getByRole("button", { name: "Run 12 answers" }).click();
  await expect(alice.getByRole("link", { name: "Rate answers" })).toBeVisible({ timeout: 90_000 });
  const sessionPath = new URL(alice.url()).pathname;
  const sessionId = sessionPath.split("/").at(-1)!;

  // both rate blind, by what the answers say
  await alice.getByRole("link", { name: "Rate answers" }).click();
  await rateByTaste(alice, TASTES.alice, 4);
  await bob.goto(`${sessionPath}/rate`);
  await rateByTaste(bob, TASTES.bob, 4);

  // the judge: GPT-4o mini (its own answers' script off, so it answers with the markers it reads)
  await emulate(OPENAI, null);
  const started = await alice.request.post(`/api/v1/evals/${sessionId}/judgements`, { data: { judge: OPENAI } });
  expect(started.status(), await started.text()).toBe(202);
  await expect(async () => {
    const res = await alice.request.get(`/api/v1/evals/${sessionId}/judgements`);
    const { passes } = (await res.json()) as { passes: { status: string; progress: { total: number; done: number } }[] };
    expect(passes[0]).toMatchObject({ status: "completed" });
    expect(passes[0]!.progress.done).toBe(passes[0]!.progress.total);
  }).toPass({ timeout: 90_000 });

  await alice.goto(`${sessionPath}/results`);
  const section = alice.getByRole("region", { name: "Model judges as extra raters" });
  await expect(section).toBeVisible();
  // the people's agreement is its own section, before the judge's
  await expect(alice.getByRole("heading", { name: "Agreement between raters" })).toBeVisible();
  const table = section.getByRole("table", { name: /agreement with each rater and with the majority/ });
  // rows: the two raters (by name, else email), then the people's majority
  await expect(table.getByRole("rowheader")).toHaveText([/carol/i, /dan/i, "People’s majority"]);
  // each rater compared on the 4 items both rated, with kappa and raw agreement and their intervals
  for (const name of ["carol", "dan"]) {
    const row = table.getByRole("row", { name: new RegExp(`^${name}`, "i") });
    await expect(row.getByRole("cell").nth(0)).toHaveText("4");
    await expect(row.getByRole("cell").nth(2)).toContainText(/^\d+%95% \d+ – \d+%$/);
  }
  await expect(section).toContainText("4 items judged");
  await section.scrollIntoViewIfNeeded();
  await alice.screenshot({ path: "test-results/screens/judged-session-results.png", fullPage: true });
  await shots(alice, "judged-session-results");

  // the judges page, from the leaderboard's link, ranks it
  await alice.goto("/leaderboard");
  await alice.getByRole("link", { name: "How far to trust model judges" }).click();
  await expect(alice).toHaveURL(/\/judges$/);
  const card = alice.getByRole("article", { name: /GPT-4o mini/ }).first();
  await expect(card).toBeVisible();
  await expect(card).toContainText("Agreement with the people’s majority");
  await shots(alice, "judges-page");
});
