// Issue 14's "Done when": an evaluation session rated by two people and judged by a model (through
// POST /api/v1/evals/<id>/judgements, on the real queue against the emulator) shows, on its results
// page, the judge's agreement with each of the two raters and with their majority, in a section of
// its own; the /judges page then ranks that judge with its figures.
//
// How the judge's verdicts are scripted: each candidate's answer carries an emulator marker, and the
// judge's prompt shows "Answer 1" first, so the marker of the answer shown first is the one the
// emulator reads (see tests/integration/judges.test.ts). GPT-4o mini's answers say "Answer 1" and
// prod-mini's say "Answer 2": in both orders the judge picks GPT-4o mini's answer, consistently.
import type { Page } from "@playwright/test";
import { AZURE, emulate, expect, OPENAI, people, rateQueue, signedIn, test } from "./fixtures";

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
  await emulate(OPENAI, { ttftMs: 50, tokensPerSecond: 400, text: `A short, direct answer. ${says("Answer 1")}` });
  await emulate(AZURE, { ttftMs: 50, tokensPerSecond: 400, text: `A longer answer that wanders a little first. ${says("Answer 2")}` });

  const alice = await signedIn(browser, people.alice.login, "/teams");
  const teamName = `Judged team ${Date.now().toString(36)}`;
  await alice.getByRole("textbox", { name: "New team" }).fill(teamName);
  await alice.getByRole("button", { name: "Create team" }).click();
  await expect(alice).toHaveURL(/\/teams\/[A-Za-z0-9_-]+$/);
  await alice.getByRole("button", { name: "Create link" }).click();
  const invite = (await alice.getByLabel("New invitation link").textContent())!.trim();
  const bob = await signedIn(browser, people.bob.login, new URL(invite).pathname);
  await bob.getByRole("button", { name: `Accept and join ${teamName}` }).click();
  await expect(bob).toHaveURL(/\/teams\/[A-Za-z0-9_-]+$/);

  // the session: four prompts, two models, two raters per item
  await alice.goto("/evals/new");
  await alice.getByLabel("Name", { exact: true }).fill("Judged answers");
  await alice.getByLabel("Team", { exact: true }).selectOption({ label: teamName });
  await alice.getByRole("checkbox", { name: "GPT-4o mini", exact: true }).check();
  await alice.getByRole("checkbox", { name: /prod-mini/ }).check();
  await alice.getByLabel("Raters per item (K)").fill("2");
  await alice.getByRole("radio", { name: "Type them in" }).check();
  await alice
    .getByLabel("Prompts, one per line")
    .fill(["How do I reset my password?", "What is a VPN?", "Name a prime number.", "Why is the sky blue?"].join("\n"));
  await alice.getByRole("button", { name: "Create session" }).click();
  await alice.getByRole("button", { name: "Run 8 answers" }).click();
  await expect(alice.getByRole("link", { name: "Rate answers" })).toBeVisible({ timeout: 90_000 });
  const sessionPath = new URL(alice.url()).pathname;
  const sessionId = sessionPath.split("/").at(-1)!;

  // both rate blind; they disagree on the last item
  await alice.getByRole("link", { name: "Rate answers" }).click();
  await rateQueue(alice, ["1", "2", "1", "3"]);
  await bob.goto(`${sessionPath}/rate`);
  await rateQueue(bob, ["1", "2", "1", "1"]);

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
  await expect(table.getByRole("rowheader")).toHaveText([/alice/i, /bob/i, "People’s majority"]);
  // each rater compared on the 4 items both rated, with kappa and raw agreement and their intervals
  for (const name of ["alice", "bob"]) {
    const row = table.getByRole("row", { name: new RegExp(`^${name}`, "i") });
    await expect(row.getByRole("cell").nth(0)).toHaveText("4");
    await expect(row.getByRole("cell").nth(2)).toContainText("(95%");
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
