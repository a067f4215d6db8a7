// Page object for the playground, found by role and accessible name as a screen reader would.
import { expect, type Page } from "@playwright/test";
import { emulatorUrl } from "../../playwright.config";

export class Playground {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/");
    await expect(this.page.getByRole("button", { name: "Compare", exact: true })).toBeVisible();
  }

  prompt() {
    return this.page.getByLabel("Prompt", { exact: true });
  }

  /** Sets exactly these models, one pane each, through the picker. */
  async chooseModels(ids: string[]) {
    const page = this.page;
    // trim or grow to the right number of panes
    for (;;) {
      const panes = await page.getByRole("button", { name: /^Change model for pane \d+$/ }).count();
      if (panes > ids.length) await page.getByRole("button", { name: `Remove pane ${panes}` }).click();
      else if (panes < ids.length) {
        await page.getByRole("button", { name: "Add pane" }).click();
        await this.pickInDialog(ids[panes]!);
      } else break;
    }
    for (let i = 0; i < ids.length; i++) {
      await page.getByRole("button", { name: `Change model for pane ${i + 1}` }).click();
      await this.pickInDialog(ids[i]!);
    }
  }

  private async pickInDialog(id: string) {
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel("Filter models").fill(id);
    await dialog.locator("button[data-option]:not([disabled])").first().click();
    await expect(dialog).toBeHidden();
  }

  pane(name: string | RegExp) {
    return this.page.getByRole("region", { name });
  }

  async compare(prompt: string) {
    await this.prompt().fill(prompt);
    await this.page.getByRole("button", { name: "Compare", exact: true }).click();
    await expect(this.page).toHaveURL(/\/c\/[A-Za-z0-9_-]+$/);
  }
}

/** Scripts the provider emulator that the app under test talks to. */
export async function emulate(key: string, script: Record<string, unknown> | null) {
  const res = await fetch(`${emulatorUrl}/__emulator/scripts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, script }),
  });
  if (!res.ok) throw new Error(`emulator script failed: ${res.status} ${await res.text()}`);
}

export async function resetEmulator() {
  await fetch(`${emulatorUrl}/__emulator/reset`, { method: "POST" });
}
