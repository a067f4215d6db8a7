// Tools, structured output and images compared side by side (issue 11): the composer's Tools,
// Response schema and image controls; a tool-calling comparison where one pane's call is broken;
// a typed-in tool result; an image reaching an image model while a pane without image input says
// so; the same after a reload and on the share page. Screenshots at 1440 and 390 px, light and dark.
import { expect, test, type Page } from "@playwright/test";
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
  for (const id of [OPENAI, BEDROCK_OSS, NOVA]) await emulate(id, { ttftMs: 60, tokensPerSecond: 400 });
});

/** Screenshots of the page as it is, at 1440 and 390 px, light and dark, for a person to look at. */
async function screens(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}) {
  const size = page.viewportSize()!;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(150);
      await page.screenshot({ path: `test-results/screens/tools-${name}-${width}-${scheme}.png`, fullPage });
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
  await screens(page, "composer-closed", { fullPage: false });

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
  await screens(page, "composer-open");

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
