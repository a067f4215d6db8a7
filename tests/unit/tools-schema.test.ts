// Tools, structured output and images: the request schemas and their messages, how a tool call is
// classified, and how an answer is checked against a response schema (lib/compare/tools-schema.ts,
// lib/compare/json-schema.ts, lib/calls/tools.ts).
import { describe, expect, it } from "vitest";
import { checkStructured, classifyToolCall, compileTools } from "@/lib/calls/tools";
import { compileJsonSchema, validationErrors } from "@/lib/compare/json-schema";
import { createComparisonSchema, followUpSchema } from "@/lib/compare/schema";
import { imageInputSchema, sniffImageType, toolResultBodySchema, toolsSchema } from "@/lib/compare/tools-schema";
import { sealedSkipReason } from "@/lib/compare/blind";
import { answerOutcome, endedEarly } from "@/lib/compare/metrics";
import { skipReasonFor } from "@/lib/compare/turn-inputs";
import { fromZodError } from "@/lib/errors";
import type { CatalogModel } from "@/lib/providers";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString("base64");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]).toString("base64");
const WEBP = Buffer.from("RIFF\x24\x00\x00\x00WEBPVP8 ", "latin1").toString("base64");
const GIF = Buffer.from("GIF89a\x01\x00\x01\x00", "latin1").toString("base64");

/** The first error as the API reports it: `{field, message}`. */
function firstError(input: unknown) {
  const parsed = createComparisonSchema.safeParse({ prompt: "hi", models: ["openai:gpt-4o-mini"], ...(input as object) });
  if (parsed.success) return null;
  const e = fromZodError(parsed.error);
  return { field: e.field, message: e.message };
}

describe("tools", () => {
  const ok = { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } };
  it("accepts tools with fixed or manual mocks, or none", () => {
    const tools = toolsSchema.parse([
      { ...ok, mock: { result: { tempC: 21 } } },
      { name: "ask-user", parameters: { type: "object" }, mock: { manual: true } },
      { name: "noop", description: "does nothing", parameters: { type: "object" } },
    ]);
    expect(tools.map((t) => t.mock)).toEqual([{ result: { tempC: 21 } }, { manual: true }, undefined]);
  });

  it.each([
    [{ tools: [{ ...ok, name: "" }] }, "tools.0.name", /1 to 64 letters/],
    [{ tools: [{ ...ok, name: "a".repeat(65) }] }, "tools.0.name", /1 to 64 letters/],
    [{ tools: [{ name: "t" }] }, "tools.0.parameters", /parameters schema is required/],
    [{ tools: [{ name: "t", parameters: [] }] }, "tools.0.parameters", /must be a JSON Schema object/],
    [
      { tools: [{ name: "t", parameters: { type: "object", required: "city" } }] },
      "tools.0.parameters",
      /not a valid JSON Schema: \/required must be array/,
    ],
    [
      { tools: [{ name: "t", parameters: { $ref: "#/nowhere", type: "object" } }] },
      "tools.0.parameters",
      /not a valid JSON Schema: can't resolve reference/,
    ],
    [{ tools: [{ ...ok, mock: { manual: false } }] }, "tools.0.mock.manual", /manual must be true/],
    [{ tools: [{ ...ok, mock: { result: "x".repeat(40_000) } }] }, "tools.0.mock.result", /larger than 32 KB/],
    [{ tools: [{ ...ok, extra: 1 }] }, "tools.0", /Unknown field "extra"/],
    [{ tools: [ok], maxSteps: 0 }, "maxSteps", /from 1 to 10/],
    [{ tools: [ok], maxSteps: 2.5 }, "maxSteps", /whole number/],
  ])("%j is refused at %s", (input, field, message) => {
    const e = firstError(input);
    expect(e?.field).toBe(field);
    expect(e?.message).toMatch(message);
  });

  it("takes draft 2020-12 schemas as zod and others write them", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      $defs: { c: { type: "string" } },
      properties: { city: { $ref: "#/$defs/c" } },
    };
    expect(toolsSchema.safeParse([{ name: "t", parameters: schema }]).success).toBe(true);
    expect(
      firstError({ tools: [{ name: "t", parameters: { $schema: "http://json-schema.org/draft-03/schema#", type: "object" } }] })?.message,
    ).toMatch(/draft-03\/schema" is not supported/);
  });
});

describe("responseSchema", () => {
  it("is any valid JSON Schema object, checked with ajv", () => {
    expect(firstError({ responseSchema: { type: "array", items: { type: "integer" } } })).toBeNull();
    expect(firstError({ responseSchema: { type: "object", properties: { n: { minimum: "zero" } } } })).toEqual({
      field: "responseSchema",
      message: "The response schema is not a valid JSON Schema: /properties/n/minimum must be number.",
    });
    expect(firstError({ responseSchema: "object" })?.message).toBe("The response schema must be a JSON Schema object.");
  });

  it("refuses a schema nested too deep before compiling it", () => {
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 40; i++) deep = { type: "object", properties: { a: deep } };
    expect(firstError({ responseSchema: deep })?.message).toMatch(/nested deeper than 32 levels/);
  });
});

describe("images", () => {
  it("knows the four types by their magic numbers", () => {
    for (const [data, type] of [
      [PNG, "image/png"],
      [JPEG, "image/jpeg"],
      [WEBP, "image/webp"],
      [GIF, "image/gif"],
    ] as const) {
      expect(sniffImageType(Buffer.from(data, "base64"))).toBe(type);
      expect(imageInputSchema.parse({ mediaType: type, data })).toMatchObject({
        mediaType: type,
        size: Buffer.from(data, "base64").length,
      });
    }
    expect(sniffImageType(Buffer.from("<svg xmlns=", "latin1"))).toBeNull();
  });

  it("accepts a data URL of the same type and strips its prefix", () => {
    expect(imageInputSchema.parse({ mediaType: "image/png", data: `data:image/png;base64,${PNG}` }).data).toBe(PNG);
    const e = firstError({ images: [{ mediaType: "image/png", data: `data:image/gif;base64,${PNG}` }] });
    expect(e).toEqual({ field: "images.0.data", message: "The data URL says image/gif, the mediaType image/png." });
  });

  it.each([
    [
      [
        { mediaType: "image/png", data: PNG },
        { mediaType: "image/png", data: PNG },
        { mediaType: "image/png", data: PNG },
        { mediaType: "image/png", data: PNG },
        { mediaType: "image/png", data: PNG },
      ],
      "images",
      "At most 4 images.",
    ],
    [
      [{ mediaType: "image/svg+xml", data: PNG }],
      "images.0.mediaType",
      "The image type must be one of image/png, image/jpeg, image/webp, image/gif.",
    ],
    [[{ mediaType: "image/png", data: `${PNG}=` }], "images.0.data", "The image data is not valid base64."],
    [[{ mediaType: "image/png", data: "" }], "images.0.data", "The image data is not valid base64."],
    [[{ mediaType: "image/png", data: "A".repeat(7_000_000) }], "images.0.data", "The image is larger than 5 MB."],
    [[{ mediaType: "image/gif", data: WEBP }], "images.0.mediaType", "The image is image/webp, not image/gif: set mediaType to match."],
  ])("%#: refused at %s", (images, field, message) => {
    expect(firstError({ images })).toEqual({ field, message });
  });

  it("exactly 5 MB passes, one byte more does not", () => {
    const at = (n: number) => Buffer.concat([Buffer.from(PNG, "base64"), Buffer.alloc(n - 12)]).toString("base64");
    expect(imageInputSchema.safeParse({ mediaType: "image/png", data: at(5 * 1024 * 1024) }).success).toBe(true);
    expect(imageInputSchema.safeParse({ mediaType: "image/png", data: at(5 * 1024 * 1024 + 1) }).success).toBe(false);
  });

  it("follow-up turns take images too", () => {
    expect(followUpSchema.parse({ prompt: "and this?", images: [{ mediaType: "image/jpeg", data: JPEG }] }).images).toHaveLength(1);
  });
});

describe("tool results", () => {
  it("take any JSON value for a pane's call", () => {
    expect(toolResultBodySchema.parse({ pane: 2, toolCallId: "s1-0", result: null })).toEqual({
      pane: 2,
      toolCallId: "s1-0",
      result: null,
    });
    expect(toolResultBodySchema.safeParse({ pane: 8, toolCallId: "s1-0", result: 1 }).success).toBe(false);
    expect(toolResultBodySchema.safeParse({ pane: 0, toolCallId: "", result: 1 }).success).toBe(false);
  });
});

describe("tool call validity", () => {
  const tools = compileTools([
    {
      name: "get_weather",
      parameters: {
        type: "object",
        properties: { city: { type: "string", minLength: 2 }, days: { type: "integer" } },
        required: ["city"],
        additionalProperties: false,
      },
    },
    { name: "ping", parameters: { type: "object" } },
  ]);
  it.each([
    ['{"city":"Paris"}', "get_weather", { args: { city: "Paris" }, validity: "valid" }],
    ["", "ping", { args: {}, validity: "valid" }],
    ['{"city":"Par', "get_weather", { args: null, validity: "invalid-json" }],
    ["{}", "launch", { args: {}, validity: "unknown-tool", errors: ['No tool named "launch" was offered.'] }],
    ["not json", "launch", { args: null, validity: "unknown-tool" }],
    [
      '{"city":"P","days":"two","x":1}',
      "get_weather",
      {
        args: { city: "P", days: "two", x: 1 },
        validity: "schema-mismatch",
        errors: ['(root) must not have property "x"', "/city must NOT have fewer than 2 characters", "/days must be integer"],
      },
    ],
  ] as const)("%s to %s", (input, name, expected) => {
    expect(classifyToolCall(tools, { name, input })).toMatchObject(expected);
  });

  it("an invalid-JSON call says what the parser said", () => {
    expect(classifyToolCall(tools, { name: "get_weather", input: "{city: Paris}" }).errors![0]).toMatch(/^The arguments are not JSON: /);
  });
});

describe("structured check", () => {
  const schema = { type: "object", properties: { items: { type: "array", items: { type: "number" }, maxItems: 2 } }, required: ["items"] };
  it("is null without a schema", () => {
    expect(checkStructured(null, "anything")).toBeNull();
  });
  it("valid JSON matching the schema", () => {
    expect(checkStructured(schema, '{"items": [1, 2]}')).toEqual({ valid: true, errors: [] });
  });
  it("lists at most five readable errors", () => {
    const wide = { type: "object", required: ["a", "b", "c", "d", "e", "f", "g"] };
    const r = checkStructured(wide, "{}");
    expect(r?.valid).toBe(false);
    expect(r?.errors).toHaveLength(5);
    expect(r?.errors[0]).toBe("(root) must have required property 'a'");
    expect(checkStructured(schema, '{"items": [1, "x", 3]}')).toEqual({
      valid: false,
      errors: ["/items must NOT have more than 2 items", "/items/1 must be number"],
    });
  });
  it("text that is not JSON (a fenced block included) is invalid", () => {
    expect(checkStructured(schema, '```json\n{"items": []}\n```')?.errors[0]).toMatch(/^\(root\) is not JSON: /);
    expect(checkStructured(schema, "  ")?.errors).toEqual(["(root) is not JSON (empty answer)"]);
  });
  it("formats are checked (ajv-formats)", () => {
    const compiled = compileJsonSchema({ type: "string", format: "email" });
    expect(compiled.ok && validationErrors(compiled.validate, "nope")).toEqual(['(root) must match format "email"']);
  });
});

describe("patterns run on RE2", () => {
  it("a catastrophic-backtracking pattern checks a long answer at once", () => {
    const r = checkStructured(
      { type: "object", properties: { s: { type: "string", pattern: "^(a+)+$" } } },
      JSON.stringify({ s: `${"a".repeat(50_000)}!` }),
    );
    expect(r).toEqual({ valid: false, errors: ['/s must match pattern "^(a+)+$"'] });
    expect(checkStructured({ type: "string", pattern: "^\\d{3}-\\w+$" }, '"123-abc"')).toEqual({ valid: true, errors: [] });
    expect(checkStructured({ type: "object", patternProperties: { "^x-": { type: "number" } } }, '{"x-a": "no"}')?.errors).toEqual([
      "/x-a must be number",
    ]);
  });
  it("a pattern RE2 cannot run (lookahead) is refused as invalid", () => {
    expect(firstError({ responseSchema: { type: "string", pattern: "^(?=a)a$" } })).toMatchObject({
      field: "responseSchema",
      message: expect.stringMatching(/^The response schema is not a valid JSON Schema: /),
    });
  });
});

describe("which panes run", () => {
  const model = (logicalModel: string, label = logicalModel): CatalogModel => ({
    id: `azure:${logicalModel}`,
    provider: "azure",
    providerLabel: "Azure OpenAI",
    providerModelId: logicalModel,
    label,
    logicalModel,
    available: true,
    emulated: false,
  });
  it("a model without image input is skipped for images, one without tool calling for tools, with a sentence naming both", () => {
    expect(skipReasonFor(model("gpt-oss-120b"), { images: true, tools: false })).toEqual({
      code: "no_images",
      message: "gpt-oss-120b on Azure OpenAI takes no images.",
    });
    expect(skipReasonFor(model("phi-4", "Phi-4"), { images: false, tools: true })).toEqual({
      code: "no_tools",
      message: "Phi-4 on Azure OpenAI takes no tools.",
    });
    expect(skipReasonFor(model("gpt-4o"), { images: true, tools: true })).toBeNull();
    // a model the table does not know is sent everything: its server answers for itself
    expect(skipReasonFor(model("my-own-finetune"), { images: true, tools: true })).toBeNull();
  });
  it("a skipped answer is shown as such, not as an error", () => {
    expect(answerOutcome("skipped", null)).toMatchObject({ label: "Skipped", tone: "pending" });
    expect(endedEarly("skipped", null)).toBe(false);
  });
  it("blind mode words a skip without the model or cloud", () => {
    expect(sealedSkipReason({ code: "no_images", message: "gpt-oss-120b on Azure OpenAI takes no images." })).toEqual({
      code: "no_images",
      message: "This model takes no images.",
    });
  });
});

describe("deep values", () => {
  it("a result nested 100,000 deep is a 400, not a stack overflow", () => {
    const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000));
    const parsed = toolResultBodySchema.safeParse({ pane: 0, toolCallId: "s1-0", result: deep });
    expect(parsed.success).toBe(false);
    expect(fromZodError(parsed.error!)).toMatchObject({ field: "result", message: "The result is nested deeper than 64 levels." });
    expect(toolResultBodySchema.safeParse({ pane: 0, toolCallId: "s1-0", result: { a: [[{ b: 1 }]] } }).success).toBe(true);
  });
});

describe("deep arguments", () => {
  it("arguments nested deeper than 64 keep their raw text only", () => {
    const tools = compileTools([{ name: "t", parameters: { type: "object" } }]);
    const input = `{"a":${"[".repeat(1000)}${"]".repeat(1000)}}`;
    expect(classifyToolCall(tools, { name: "t", input })).toMatchObject({ args: null, validity: "valid" });
  });
});
