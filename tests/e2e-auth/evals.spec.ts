// Issue 5 end to end: a team, an invitation, a prompt set imported and run against the emulator
// with a progress bar, two people rating their queues, and the results with agreement.
import { AZURE, emulate, expect, OPENAI, people, rateQueue, signedIn, test } from "./fixtures";

test("a team evaluation: invite, import, run with progress, two raters, results with agreement", async ({ browser }) => {
  test.setTimeout(240_000);
  // quick answers, paced enough that the progress bar is seen moving
  await emulate(OPENAI, { ttftMs: 300, tokensPerSecond: 200 });
  await emulate(AZURE, { ttftMs: 300, tokensPerSecond: 200, chunkTokens: 4 });

  const alice = await signedIn(browser, people.carol.login, "/teams");
  const teamName = `Eval team ${Date.now().toString(36)}`;
  await alice.getByRole("textbox", { name: "New team" }).fill(teamName);
  await alice.getByRole("button", { name: "Create team" }).click();
  await expect(alice).toHaveURL(/\/teams\/[A-Za-z0-9_-]+$/);
  await alice.getByRole("button", { name: "Create link" }).click();
  const invite = (await alice.getByLabel("New invitation link").textContent())!.trim();
  expect(invite).toMatch(/\/invite\/[A-Za-z0-9_-]{22,}$/);

  const bob = await signedIn(browser, people.dan.login, new URL(invite).pathname);
  await bob.getByRole("button", { name: `Accept and join ${teamName}` }).click();
  await expect(bob).toHaveURL(/\/teams\/[A-Za-z0-9_-]+$/);
  await expect(bob.getByText(teamName).first()).toBeVisible();

  // alice creates the session from a CSV file
  await alice.goto("/evals/new");
  await alice.getByLabel("Name", { exact: true }).fill("Support answers");
  await alice.getByLabel("Team", { exact: true }).selectOption({ label: teamName });
  await alice.getByRole("checkbox", { name: "GPT-4o mini", exact: true }).check();
  await alice.getByRole("checkbox", { name: /prod-mini/ }).check();
  await alice.getByLabel("Raters per item (K)").fill("2");
  const csv = [
    "prompt,tags",
    "How do I reset my password?,account",
    '"Explain, briefly, what a VPN is",network',
    "What is 2+2?,math",
    "Name a prime number.,math",
  ].join("\n");
  await alice
    .getByLabel("Prompt file (CSV or JSONL)")
    .setInputFiles({ name: "prompts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(alice.getByText("prompts.csv: 4 prompts ready")).toBeVisible();
  await alice.getByRole("button", { name: "Create session" }).click();
  const run = alice.getByRole("button", { name: "Run 8 answers" });
  await expect(run).toBeVisible();
  const sessionPath = new URL(alice.url()).pathname;
  expect(sessionPath).toMatch(/^\/evals\/[A-Za-z0-9_-]{10,40}$/);

  await run.click();
  await expect(alice.getByRole("progressbar").first()).toBeVisible();
  await alice.screenshot({ path: "test-results/screens/eval-running.png", fullPage: true });
  await expect(alice.getByRole("link", { name: "Rate answers" })).toBeVisible({ timeout: 90_000 });

  // both rate their queues blind, with the keyboard: they disagree on one item
  await alice.getByRole("link", { name: "Rate answers" }).click();
  await rateQueue(alice, ["1", "1", "2", "3"]);
  await bob.goto(`${sessionPath}/rate`);
  await rateQueue(bob, ["1", "1", "2", "1"]);

  await alice.goto(`${sessionPath}/results`);
  await expect(alice.getByRole("heading", { name: "Agreement between raters" })).toBeVisible();
  await expect(alice.getByText("Krippendorff’s alpha").first()).toBeVisible();
  await expect(alice.locator("#eval-scores")).toContainText("GPT-4o mini");
  await alice.screenshot({ path: "test-results/screens/eval-results.png", fullPage: true });
});
