// Service tiers in the browser: a pane set to flex shows the flex price before sending, its
// provider gets `service_tier: "flex"`, and the answer says which tier served it; a model without
// the tier says it was not sent.
import { expect, test } from "@playwright/test";
import { emulatorUrl } from "../../playwright.config";
import { Playground } from "./playground";

type Recorded = { model: string | null; body: Record<string, unknown> };

test("a flex pane: flex price in its header, service_tier on the wire, Tier flex under the answer", async ({ page }) => {
  await fetch(`${emulatorUrl}/__emulator/reset`, { method: "POST" });
  const playground = new Playground(page);
  await playground.open();
  await playground.chooseModels(["bedrock:openai.gpt-oss-120b-1:0", "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0"]);
  await page.locator("#shared-serviceTier").selectOption("flex");

  const oss = playground.pane(/gpt-oss-120b/);
  const haiku = playground.pane(/Claude 3\.5 Haiku/);
  // before sending: gpt-oss-120b at half its standard $0.15 / $0.60; Claude 3.5 Haiku has no flex tier on Bedrock
  await expect(oss.locator("header")).toContainText("$0.075 / $0.30 per 1M");
  await expect(haiku.getByRole("list", { name: /^Settings of/ })).toContainText(
    "service tier not sent (Amazon Bedrock offers priority and flex",
  );

  await playground.compare("Say hello.");
  await expect(page.getByRole("button", { name: "Stop all" })).toBeHidden({ timeout: 30_000 });
  await expect(playground.pane(/gpt-oss-120b/).locator("dl")).toContainText("Tierflex");
  await expect(playground.pane(/Claude 3\.5 Haiku/).locator("dl")).not.toContainText("Tier");

  const requests = (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as Recorded[];
  expect(requests.find((r) => r.model === "openai.gpt-oss-120b-1:0")!.body.serviceTier).toEqual({ type: "flex" });
  expect(requests.find((r) => r.model === "anthropic.claude-3-5-haiku-20241022-v1:0")!.body).not.toHaveProperty("serviceTier");
});
