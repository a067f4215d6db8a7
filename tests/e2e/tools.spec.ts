// Tools, structured output and images compared side by side (issue 11): the composer's Tools,
// Response schema and image controls; a tool-calling comparison where one pane's call is broken;
// a typed-in tool result; an image reaching an image model while a pane without image input says
// so; the same after a reload and on the share page. Screenshots at 1440 and 390 px, light and dark.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { emulatorUrl } from "../../playwright.config";
import { emulate, Playground, resetEmulator } from "./playground";
import { gradientPng } from "./png";

const OPENAI = "openai:gpt-4o-mini";
const BEDROCK_OSS = "bedrock:openai.gpt-oss-120b-1:0";
const NOVA = "bedrock:amazon.nova-pro-v1:0";
const panes = {
  openai: "GPT-4o mini · OpenAI",
  oss: /gpt-oss-120b.*Amazon Bedrock/,
  nova: /Nova Pro.*Amazon Bedrock/,
};

const red = gradientPng(96, [220, 38, 38], [250, 204, 21]);
const blue = gradientPng(96, [37, 99, 235], [16, 185, 129]);

test.beforeEach(async () => {
  await resetEmulator();
  for (const id of [OPENAI, BEDROCK_OSS, NOVA, "azure:prod-mini"]) await emulate(id, { ttftMs: 60, tokensPerSecond: 400 });
});

/**
 * Screenshots for a person to look at: 1440 px (the whole page) and 390 px (the screen, scrolled
 * to `at` when given), each light and dark.
 */
async function screens(page: Page, name: string, { at }: { at?: Locator } = {}) {
  const size = page.viewportSize()!;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    if (at) await at.scrollIntoViewIfNeeded();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(150);
      await page.screenshot({ path: `test-results/screens/tools-${name}-${width}-${scheme}.png`, fullPage: width === 1440 && !at });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(size);
}

function attachInput(page: Page, id = "attach-images") {
  return page.getByTestId(`${id}-input`);
}

test("the composer stays calm until tools, a schema or images are wanted; each is checked as it is typed", async ({ page }) => {
  const pg = new Playground(page);
  await pg.open();
  const tools = page.getByRole("button", { name: "Tools", exact: true });
  const schema = page.getByRole("button", { name: "Response schema", exact: true });
  await expect(page.getByRole("button", { name: "Attach images" })).toBeVisible();
  await expect(tools).toHaveAttribute("aria-expanded", "false");
  await expect(schema).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("group", { name: /^Tools/ })).toHaveCount(0);
  await screens(page, "composer-closed", { at: page.getByRole("button", { name: "Compare", exact: true }) });

  // Tools: keyboard opens the section; an example fills a tool and the empty prompt
  await tools.focus();
  await page.keyboard.press("Enter");
  await expect(tools).toHaveAttribute("aria-expanded", "true");
  const section = page.getByRole("group", { name: /^Tools/ });
  await section.getByRole("button", { name: "Weather", exact: true }).click();
  await expect(section.getByLabel("Name")).toHaveValue("get_weather");
  await expect(section.getByLabel("Name")).toBeFocused();
  await expect(pg.prompt()).toHaveValue(/weather in Paris/);
  await expect(section.getByText("Valid JSON Schema")).toBeVisible();

  // a broken schema: grey while typing, red with line and column once the field is left
  const params = section.getByLabel("Parameters (JSON Schema)");
  await params.fill('{"type": "object", "properties": {"city": {"type": "string"},}}');
  await expect(params).not.toHaveAttribute("aria-invalid", "true");
  // Enter in a JSON editor is a new line, never a send
  await params.press("End");
  await params.press("Enter");
  await expect(page).toHaveURL(/\/$/);
  await params.blur();
  await expect(params).toHaveAttribute("aria-invalid", "true");
  await expect(section.getByText(/^Not valid JSON at line 1, column \d+/)).toBeVisible();
  await params.fill('{"type": "array"}');
  await expect(section.getByText('The parameters schema must be a JSON Schema with "type": "object".')).toBeVisible();
  // the example is in the list already
  await expect(section.getByRole("button", { name: "Weather", exact: true })).toBeDisabled();

  // Response schema: a schema ajv refuses is named
  await schema.click();
  const schemaBox = page.getByLabel("JSON Schema for the answer");
  await schemaBox.fill('{"type": "objekt"}');
  await schemaBox.blur();
  await expect(page.getByText(/^The response schema is not a valid JSON Schema: \/type must be one of/)).toBeVisible();

  // Compare with errors: focus goes to the first invalid field, nothing is sent
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(params).toBeFocused();

  // images: four of five valid files are attached, the other is named with the reason
  await attachInput(page).setInputFiles([
    { name: "red.png", mimeType: "image/png", buffer: red },
    { name: "blue.png", mimeType: "image/png", buffer: blue },
    { name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 hello") },
    { name: "red2.png", mimeType: "image/png", buffer: red },
    { name: "blue2.png", mimeType: "image/png", buffer: blue },
    { name: "one-too-many.png", mimeType: "image/png", buffer: red },
  ]);
  const attached = page.getByRole("list", { name: "Attached images" });
  await expect(attached.getByRole("img")).toHaveCount(4);
  await expect(attached.getByRole("img", { name: "Attached image 1: red.png" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "“notes.pdf” is not an image Juxta can send" })).toBeVisible();
  await expect(page.getByText("A prompt takes up to 4 images: “one-too-many.png” was not added. Remove one to make room.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Images (4/4)" })).toBeVisible();
  await screens(page, "composer-open", { at: page.getByRole("group", { name: /^Tools/ }) });

  // removing from the keyboard keeps the focus in the list
  await page.getByRole("button", { name: "Remove image blue.png" }).focus();
  await page.keyboard.press("Enter");
  await expect(attached.getByRole("img")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "Remove image red2.png" })).toBeFocused();

  // too large: named with its size
  const big = Buffer.concat([red, Buffer.alloc(5 * 1024 * 1024)]);
  await attachInput(page).setInputFiles([{ name: "huge.png", mimeType: "image/png", buffer: big }]);
  await expect(page.getByText(/“huge.png” \(5\.1 MB\) is larger than 5 MB, the limit per image\./)).toBeVisible();
  await expect(attached.getByRole("img")).toHaveCount(3);

  // a pasted screenshot is attached too
  await pg.prompt().focus();
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], "screenshot.png", { type: "image/png" }));
    document.getElementById("prompt")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, blue.toString("base64"));
  await expect(attached.getByRole("img")).toHaveCount(4);
});

const AZURE = "azure:prod-mini";
const azurePane = /prod-mini.*Azure OpenAI/;

/** Opens the Tools section and adds the example with this label (it fills an empty prompt). */
async function addExampleTool(page: Page, label: string) {
  const toggle = page.getByRole("button", { name: /^Tools/ });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await page
    .getByRole("group", { name: /^Tools/ })
    .getByRole("button", { name: label, exact: true })
    .click();
}

async function shareLink(page: Page): Promise<string> {
  const id = new URL(page.url()).pathname.split("/").at(-1)!;
  const res = await page.request.post(`/api/v1/comparisons/${id}/shares`, { data: {} });
  expect(res.status()).toBeLessThan(300);
  return new URL(((await res.json()) as { url: string }).url).pathname;
}

test("a tool-calling comparison marks each pane's call: valid with its mock result, invalid JSON, unknown tool, schema mismatch", async ({
  page,
}) => {
  // the emulated models call as scripted: a broken JSON, an unknown tool, arguments off the schema;
  // GPT-4o mini calls get_weather with arguments made from its schema
  await emulate(BEDROCK_OSS, { ttftMs: 60, tokensPerSecond: 400, toolCalls: [{ name: "get_weather", arguments: '{"city": "Par' }] });
  await emulate(NOVA, { ttftMs: 60, tokensPerSecond: 400, toolCalls: [{ name: "get_wether", arguments: { city: "Paris" } }] });
  await emulate(AZURE, { ttftMs: 60, tokensPerSecond: 400, toolCalls: [{ name: "get_weather", arguments: { town: "Paris" } }] });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, BEDROCK_OSS, NOVA, AZURE]);
  await addExampleTool(page, "Weather");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(/\/c\/[A-Za-z0-9_-]+$/);

  const check = async () => {
    const good = pg.pane(panes.openai);
    const goodCalls = good.getByRole("region", { name: /^Tool calls of/ });
    await expect(goodCalls.getByText("Valid", { exact: true })).toBeVisible();
    await expect(goodCalls.getByText("Mock result")).toBeVisible();
    await expect(goodCalls.getByLabel("Result of get_weather")).toContainText('"conditions": "Partly cloudy"');
    await expect(good.getByText("Done", { exact: true })).toBeVisible();
    await expect(good.getByText(/Using the tool results/)).toBeVisible();

    const broken = pg.pane(panes.oss);
    await expect(broken.getByText("Invalid JSON", { exact: true })).toBeVisible();
    await expect(broken.getByText("Arguments, as the model sent them")).toBeVisible();
    await expect(broken.getByLabel("Arguments of get_weather")).toHaveText('{"city": "Par');
    await expect(broken.getByText("Not run: the model was told the call was invalid.")).toBeVisible();

    await expect(pg.pane(panes.nova).getByText("Unknown tool", { exact: true })).toBeVisible();
    const azure = pg.pane(azurePane);
    await expect(azure.getByText("Arguments don't match the schema", { exact: true })).toBeVisible();
    await expect(azure.getByText(/must have required property 'city'|must not have property "town"/).first()).toBeVisible();
    for (const name of [panes.oss, panes.nova, azurePane]) await expect(pg.pane(name).getByText("Done", { exact: true })).toBeVisible();
  };
  await check();
  await expect(page.getByText("Tools: get_weather · up to 5 steps")).toBeVisible();
  await screens(page, "tool-calls", { at: pg.pane(panes.oss).getByRole("region", { name: /^Tool calls of/ }) });

  // the same after a reload, and on the share page
  await page.reload();
  await check();
  await page.goto(await shareLink(page));
  await check();
  await page.getByText("Tools: get_weather · up to 5 steps").click();
  await expect(page.getByLabel("Parameters of get_weather")).toContainText('"city"');
  await screens(page, "tool-calls-shared", { at: pg.pane(azurePane).getByRole("region", { name: /^Tool calls of/ }) });
});

test("a call to a tool whose result is typed in waits with a form; the model goes on with what was typed", async ({ page }) => {
  await emulate(OPENAI, { ttftMs: 60, tokensPerSecond: 400, toolCalls: [{ name: "get_order", arguments: { order_id: "A-1042" } }] });
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, NOVA]);
  await addExampleTool(page, "Order lookup");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(/\/c\/[A-Za-z0-9_-]+$/);

  const pane = pg.pane(panes.openai);
  const form = pane.getByRole("form", { name: /^Result for get_order in/ });
  const box = form.getByLabel("Waiting for your result of get_order (JSON)");
  await expect(box).toBeFocused();
  await expect(pane.getByLabel("Arguments of get_order")).toContainText('"order_id": "A-1042"');
  await screens(page, "manual-waiting", { at: box });

  // not JSON: said beside the box, nothing sent
  await box.fill("{status: shipped}");
  await form.getByRole("button", { name: "Send result" }).click();
  await expect(form.getByText(/^Not valid JSON/)).toBeVisible();
  await expect(box).toBeFocused();
  await box.fill('{"status": "shipped", "eta": "tomorrow"}');
  await box.press("Control+Enter");
  await expect(form).toHaveCount(0);
  await expect(pane.getByText("Typed-in result")).toBeVisible();
  await expect(pane.getByLabel("Result of get_order")).toContainText('"eta": "tomorrow"');
  await expect(pane.getByText("Done", { exact: true })).toBeVisible();
  await expect(pane.getByText(/Using the tool results/)).toBeVisible();
});

test("an image reaches the image model; the pane whose model takes no images says so; the image is kept for reloads and shares", async ({
  page,
}) => {
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, BEDROCK_OSS]);
  await attachInput(page).setInputFiles([{ name: "sunset.png", mimeType: "image/png", buffer: red }]);
  await expect(
    pg.pane(panes.oss).getByText("gpt-oss-120b takes no images: this pane will not run while images are attached."),
  ).toBeVisible();
  await pg.compare("Which colours are in this picture?");

  await expect(pg.pane(panes.oss).getByText(/takes no images\./)).toBeVisible();
  await expect(pg.pane(panes.oss).getByText("Skipped", { exact: true })).toBeVisible();
  // nothing to rate on an answer that was not asked for
  await expect(pg.pane(panes.oss).getByRole("button", { name: /thumbs|Good answer|Bad answer/i })).toHaveCount(0);
  await expect(pg.pane(panes.oss).getByRole("alert")).toHaveCount(0);
  await expect(pg.pane(panes.openai).getByText("Done", { exact: true })).toBeVisible();
  // the model got the image: the emulator saw an image part with these bytes
  const requests = (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as { body: unknown }[];
  const b64 = red.toString("base64");
  expect(requests.some((r) => JSON.stringify(r.body).includes(b64.slice(0, 200)))).toBe(true);

  const thumbs = async () => {
    const thumb = pg
      .pane(panes.openai)
      .locator('[data-turn="0"]')
      .getByRole("button", { name: /^Enlarge image 1/ });
    await expect(thumb).toBeVisible();
    // it loads (a served image, not a broken link)
    await expect.poll(() => thumb.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
    return thumb;
  };
  await screens(page, "images", { at: pg.pane(panes.oss).getByText(/takes no images\./) });

  // a follow-up takes images too; the image model gets both turns' images, the other is skipped again
  await attachInput(page, "attach-follow-up-images").setInputFiles([{ name: "sea.png", mimeType: "image/png", buffer: blue }]);
  await expect(page.getByRole("list", { name: "Attached images" }).getByRole("img", { name: "Attached image 1: sea.png" })).toBeVisible();
  await page.getByLabel("Follow-up prompt").fill("And in this one?");
  await page.keyboard.press("Enter");
  await expect(
    pg
      .pane(panes.openai)
      .locator('[data-turn="1"]')
      .getByRole("button", { name: /^Enlarge image 1: sea.png/ }),
  ).toBeVisible();
  await expect(pg.pane(panes.openai).locator('[data-turn="1"]').getByRole("button", { name: "Copy answer" })).toBeVisible();
  await expect(
    pg
      .pane(panes.oss)
      .locator('[data-turn="1"]')
      .getByText(/takes no images\./),
  ).toBeVisible();
  await expect(page.getByRole("list", { name: "Attached images" })).toHaveCount(0);
  await page.reload();
  const thumb = await thumbs();
  await expect(thumb.locator("img")).toHaveAttribute("src", /\/api\/v1\/comparisons\/.+\/images\//);
  await thumb.click();
  const dialog = page.getByRole("dialog", { name: "Image 1 of 1" });
  await expect(dialog.getByRole("img")).toBeVisible();
  await screens(page, "image-dialog", { at: dialog });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(thumb).toBeFocused();

  await page.goto(await shareLink(page));
  await expect(
    pg
      .pane(panes.oss)
      .getByText(/takes no images\./)
      .first(),
  ).toBeVisible();
  const shared = await thumbs();
  await expect(shared.locator("img")).toHaveAttribute("src", /^\/s\/.+\/images\/0\/0$/);
});
