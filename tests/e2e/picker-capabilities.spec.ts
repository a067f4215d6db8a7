// The model picker's capability badges (Tools, JSON, Images, Reasoning) and the context window,
// with their spoken text, at 1440 and 390 px (screenshots kept in test-results/ to look at).
import { expect, test } from "@playwright/test";

for (const [width, height, scheme] of [
  [1440, 1000, "light"],
  [390, 844, "dark"],
] as const) {
  test(`the picker shows what each model can do (${width} px, ${scheme})`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await page.getByRole("button", { name: "Change model for pane 1" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Filter models").fill("gpt-5-mini");
    const option = dialog.locator("button[data-option]").filter({ hasText: "GPT-5 mini" }).first();
    await expect(option).toContainText("400K context");
    await expect(option).toContainText("Capabilities: tools, structured output (JSON), image input, reasoning.");
    for (const badge of ["Tools", "JSON", "Images", "Reasoning"]) await expect(option.getByText(badge, { exact: true })).toBeVisible();
    // gpt-oss: text only, no Images badge
    await dialog.getByLabel("Filter models").fill("gpt-oss-120b bedrock");
    const oss = dialog.locator("button[data-option]").first();
    await expect(oss).toContainText("Capabilities: tools, structured output (JSON), reasoning.");
    await expect(oss.getByText("Images", { exact: true })).toHaveCount(0);
    await dialog.getByLabel("Filter models").fill("");
    await page.screenshot({ path: `test-results/picker-${width}-${scheme}.png` });
  });
}
