import { expect, test } from "@playwright/test";
import { emulate, Playground, resetEmulator } from "./playground";

const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";
const BEDROCK = "bedrock:amazon.nova-pro-v1:0";

test.beforeEach(async () => {
  await resetEmulator();
  await emulate(OPENAI, { ttftMs: 150, tokensPerSecond: 200 });
  await emulate(AZURE, { ttftMs: 200, tokensPerSecond: 200, chunkTokens: 4 });
  await emulate(BEDROCK, { ttftMs: 150, tokensPerSecond: 200 });
});

test("blind: panes are Model A and B with nothing that names the cloud; the vote (key 1) reveals names and metrics in place", async ({
  page,
}) => {
  // the emulator's default text names its model; a real answer would not (and the app cannot hide it if it did)
  const text = "A **hash map** stores key-value pairs in buckets chosen by hashing the key.\n\nLookups take constant time on average.";
  await emulate(OPENAI, { ttftMs: 150, tokensPerSecond: 200, text });
  await emulate(AZURE, { ttftMs: 200, tokensPerSecond: 200, chunkTokens: 4, text });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await page.getByRole("switch", { name: "Blind mode" }).check();
  await pg.compare("Explain what a hash map is.");

  const a = pg.pane("Model A");
  const b = pg.pane("Model B");
  await expect(a.getByText("Done", { exact: true })).toBeVisible();
  await expect(b.getByText("Done", { exact: true })).toBeVisible();
  // nothing on the page names a model or a cloud, and no metric is shown
  const main = page.locator("main");
  for (const tell of ["GPT-4o mini", "OpenAI", "Azure", "prod-mini", "Bedrock"]) await expect(main).not.toContainText(tell);
  await expect(a.locator("dl")).toHaveCount(0);
  await expect(a.getByText("Speed, tokens and cost are shown after you vote.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Share/ })).toHaveCount(0);
  // the hints are visible on the buttons
  const bar = page.getByRole("group", { name: "Vote" });
  await expect(bar.getByRole("button", { name: "A is better" })).toContainText("1");
  await expect(bar.getByRole("button", { name: "Both are bad" })).toContainText("4");

  // feedback in the same gesture: thumbs up on A with a reason, a comment on B
  await a.getByRole("button", { name: "Good answer (Model A)" }).click();
  await a.getByRole("button", { name: "Clear" }).click();
  await b.getByRole("button", { name: "Comment" }).click();
  await b.getByLabel("Comment on Model B").fill("Too terse.");
  await page.screenshot({ path: "test-results/screens/blind-before-vote.png" });

  // key 1 = "A is better" (focus is not in a text field)
  await page.locator("h1").click();
  await page.keyboard.press("1");
  await expect(bar.getByRole("button", { name: "A is better" })).toHaveAttribute("aria-pressed", "true");
  // revealed in place: the regions are named after their models, with metrics
  const revealed = [
    page.getByRole("region", { name: "GPT-4o mini · OpenAI" }),
    page.getByRole("region", { name: /prod-mini.*Azure OpenAI/ }),
  ];
  for (const pane of revealed) {
    await expect(pane).toBeVisible();
    await expect(pane.locator("dl")).toContainText(/TTFT\s*[\d.]+ m?s/);
    await expect(pane.locator("dl")).toContainText(/Cost\s*\$0\.0/);
  }
  await expect(page.getByRole("region", { name: "Model A" })).toHaveCount(0);
  await expect(page.getByText("Blind, revealed")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/blind-revealed.png" });

  // stored: one blind vote, and the feedback (saved as it was given; the comment when the vote flushed it)
  const id = page.url().split("/c/")[1]!;
  const myVotes = async () =>
    (
      (await (await page.request.get(`/api/v1/comparisons/${id}/votes`)).json()) as {
        votes: { blind: boolean; input: unknown; feedback: unknown[] }[];
      }
    ).votes;
  const votes = await myVotes();
  expect(votes).toHaveLength(1);
  expect(votes[0]).toMatchObject({ blind: true, input: { outcome: "a" } });
  await expect
    .poll(async () => (await myVotes())[0]!.feedback)
    .toEqual([
      { pane: 0, thumb: "up", reasons: ["clear"], comment: null },
      { pane: 1, thumb: null, reasons: [], comment: "Too terse." },
    ]);
  await page.reload();
  await expect(page.getByRole("group", { name: "Vote" }).getByRole("button", { name: "A is better" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByRole("region", { name: "GPT-4o mini · OpenAI" })).toBeVisible();
});

test("a failed pane cannot win: its choice is off and key 2 says why; feedback is saved without a vote and survives a reload; the bar stays in reach", async ({
  page,
}) => {
  const long = Array.from(
    { length: 40 },
    (_, i) => `${i + 1}. **Step ${i + 1}**: a token bucket refills at a steady rate, and each request takes one token.`,
  ).join("\n");
  await emulate(OPENAI, { ttftMs: 100, tokensPerSecond: 4000, text: long });
  await emulate(AZURE, { fault: { kind: "http", status: 429, retryAfterMs: 50 } });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await pg.compare("Explain rate limiting step by step.");
  const openai = pg.pane("GPT-4o mini · OpenAI");
  await expect(pg.pane(/prod-mini.*Azure OpenAI/).getByRole("alert")).toContainText("(429)");
  await expect(openai.getByText("Done", { exact: true })).toBeVisible();

  const bar = page.getByRole("group", { name: "Vote" });
  await expect(bar.getByRole("button", { name: "B is better" })).toBeDisabled();
  await expect(bar.getByRole("button", { name: "Tie" })).toBeEnabled();
  await expect(page.getByText(/B has no answer \(failed\): it cannot win this vote\. Choose Tie or Both are bad, or A\./)).toBeVisible();
  // the bar is on screen while the top of the tall answer is, without scrolling to its end
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(bar).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/vote-bar-failed-pane-1440.png" });

  // key 2 = "B is better": no vote, the reason instead
  await page.locator("h1").click();
  await page.keyboard.press("2");
  await expect(page.getByText("B has no answer (failed): “B is better” is off.")).toBeVisible();
  const id = page.url().split("/c/")[1]!;
  const api = (path: string) => page.request.get(`/api/v1/comparisons/${id}/${path}`).then((r) => r.json());
  expect(((await api("votes")) as { votes: unknown[] }).votes).toEqual([]);

  // feedback without a vote: the thumb at once, the comment after a pause in typing
  await openai.getByRole("button", { name: /^Good answer/ }).click();
  await expect(openai.getByText("Saved")).toBeVisible();
  await openai.getByRole("button", { name: "Comment" }).click();
  await openai.getByRole("textbox", { name: /^Comment on/ }).fill("Clear steps.");
  await expect
    .poll(async () => ((await api("feedback")) as { feedback: { pane: number; thumb: string; comment: string }[] }).feedback)
    .toEqual([expect.objectContaining({ turn: 0, pane: 0, thumb: "up", comment: "Clear steps." })]);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(bar).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/vote-bar-failed-pane-390.png" });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.reload();
  await expect(openai.getByRole("button", { name: /^Good answer/ })).toHaveAttribute("aria-pressed", "true");
  await expect(openai.getByRole("button", { name: "Comment ✓" })).toBeVisible();
  // Tie stays allowed
  await page.locator("h1").click();
  await page.keyboard.press("3");
  await expect(bar.getByRole("button", { name: "Tie" })).toHaveAttribute("aria-pressed", "true");
});

test("voting while answers stream stops them; three panes vote for the best and can rank all", async ({ page }) => {
  await emulate(BEDROCK, { ttftMs: 100, tokensPerSecond: 4 });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE, BEDROCK]);
  await pg.compare("Name three sorting algorithms.");
  const slow = pg.pane(/Nova Pro.*Amazon Bedrock/);
  await expect(slow.getByText("Streaming")).toBeVisible();
  await expect(pg.pane("GPT-4o mini · OpenAI").getByText("Done", { exact: true })).toBeVisible();
  const bar = page.getByRole("group", { name: "Vote" });
  await bar.getByRole("button", { name: "B is best" }).click();
  await expect(bar.getByRole("button", { name: "B is best" })).toHaveAttribute("aria-pressed", "true");
  await expect(slow.getByText(/Stopped/).first()).toBeVisible();

  await page.getByText("Rank them all (optional)").click();
  await page.getByLabel("Rank of A").selectOption("2");
  await page.getByLabel("Rank of B").selectOption("2");
  await page.getByLabel("Rank of C").selectOption("1");
  await page.getByRole("button", { name: "Save ranking" }).click();
  await expect(page.getByText("Each rank can be used once.")).toBeVisible();
  await page.getByLabel("Rank of A").selectOption("3");
  await page.getByRole("button", { name: "Save ranking" }).click();
  const id = page.url().split("/c/")[1]!;
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/v1/comparisons/${id}/votes`)).json()) as { votes: { input: unknown }[] }).votes[0]?.input,
    )
    .toEqual({ ranking: [2, 1, 0] });
});

test("the leaderboard shows scores with intervals, the chart and both matrices (light and dark)", async ({ page, request }) => {
  // blind votes through the API; the panes are shuffled, so which model each outcome favours is
  // random: this test checks what the page shows, the statistics are tested in integration
  const plan: [string[], Record<string, unknown>][] = [
    [[OPENAI, BEDROCK], { outcome: "a" }],
    [[OPENAI, BEDROCK], { outcome: "a" }],
    [[OPENAI, AZURE, BEDROCK], { ranking: [0, 1, 2] }],
    [[AZURE, BEDROCK], { outcome: "tie" }],
    [[AZURE, BEDROCK], { outcome: "both_bad" }],
    [[OPENAI, BEDROCK], { outcome: "b" }],
  ];
  for (const [models, vote] of plan) {
    const res = await request.post("/api/v1/comparisons", { data: { prompt: "Leaderboard seed", models, blind: true } });
    expect(res.ok()).toBe(true);
    const first = JSON.parse((await res.text()).split("\n")[0]!) as { id: string };
    // sealed until the vote
    const view = (await (await request.get(`/api/v1/comparisons/${first.id}`)).json()) as { panes: { model: { label: string } }[] };
    expect(view.panes.every((p) => /^Model [A-C]$/.test(p.model.label))).toBe(true);
    const stored = await request.post(`/api/v1/comparisons/${first.id}/votes`, { data: vote });
    expect(stored.status()).toBe(201);
  }
  await page.goto("/leaderboard");
  await expect(page.getByRole("heading", { name: "Leaderboard", level: 1 })).toBeVisible();
  const table = page.getByRole("table").first();
  await expect(table).toContainText("GPT-4o mini");
  await expect(page.getByRole("heading", { name: "Head-to-head win rate" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Battle count" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/leaderboard-light.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/screens/leaderboard-dark.png", fullPage: true, animations: "disabled" });
});
