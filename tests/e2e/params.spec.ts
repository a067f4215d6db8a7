// Per-pane settings in the browser: a pane's own system prompt and parameters reach that pane's
// provider, and a parameter the provider does not take is shown as not sent, before and after.
import { expect, test } from "@playwright/test";
import { emulatorUrl } from "../../playwright.config";
import { Playground } from "./playground";

type Recorded = { model: string | null; body: Record<string, unknown> & { input?: { role: string; content: unknown }[] } };

test("a pane's own system prompt and seed reach its provider; Bedrock's seed is shown as not sent", async ({ page }) => {
  await fetch(`${emulatorUrl}/__emulator/reset`, { method: "POST" });
  const playground = new Playground(page);
  await playground.open();
  await playground.chooseModels(["local:gpt-oss:20b", "bedrock:amazon.nova-pro-v1:0"]);
  await page.getByLabel("System prompt", { exact: false }).first().fill("Be brief.");
  await page.locator("#shared-seed").fill("7");

  const local = playground.pane(/gpt-oss-20b/);
  await local.getByRole("button", { name: /^Settings for/ }).click();
  await local.getByLabel("System prompt", { exact: true }).fill("You are a pirate.");
  await local.getByLabel("Reasoning effort").selectOption("high");
  const bedrock = playground.pane(/Amazon Nova Pro/);
  // before sending: the pane says what its provider will not take
  await expect(bedrock.getByRole("list", { name: /^Settings of/ })).toContainText("seed not sent (not supported by Amazon Bedrock)");
  await expect(local.getByRole("list", { name: /^Settings of/ })).toContainText("own system prompt");

  await playground.compare("Say hello.");
  await expect(page.getByRole("button", { name: "Stop all" })).toBeHidden({ timeout: 30_000 });
  // after: what was recorded
  await expect(playground.pane(/Amazon Nova Pro/).getByRole("list", { name: /^Settings of/ })).toContainText(
    "seed not sent (not supported by Amazon Bedrock)",
  );

  const requests = (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as Recorded[];
  const sent = requests.find((r) => r.model === "gpt-oss:20b")!.body as Record<string, unknown> & {
    messages: { role: string; content: string }[];
  };
  expect(sent.messages[0]).toEqual({ role: "system", content: "You are a pirate." });
  expect(sent).toMatchObject({ seed: 7, reasoning_effort: "high" });
  const nova = requests.find((r) => r.model === "amazon.nova-pro-v1:0")!.body as { system: { text: string }[] };
  expect(nova.system).toEqual([{ text: "Be brief." }]);
  expect(JSON.stringify(nova)).not.toContain("seed");
});
