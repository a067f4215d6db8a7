import { describe, expect, it } from "vitest";
import { modelInfo } from "@/lib/providers/model-info";
import { buildCompareInput, buildFollowUp, emptyParams, fieldOf } from "@/components/compare/form-input";
import {
  blankTool,
  buildToolsRequest,
  checkResultText,
  checkSchemaText,
  emptyToolsDraft,
  parseJsonText,
  readMaxSteps,
  schemaExamples,
  toolExamples,
  toolsToDraft,
  type ToolDraft,
} from "@/components/compare/tools-draft";
import type { PickerModel } from "@/components/compare/types";
import { createComparisonSchema, followUpSchema } from "@/lib/compare/schema";

const weather = (): ToolDraft => ({ ...toolExamples[0]!.tool, key: "t1" });

describe("the JSON editors' state", () => {
  it("is empty, valid with the value, or invalid with where and why", () => {
    expect(parseJsonText("  \n")).toEqual({ kind: "empty" });
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ kind: "valid", value: { a: [1, 2] } });
    const bad = parseJsonText('{\n  "city": "Par\n}');
    expect(bad.kind).toBe("invalid");
    // the line and column of the problem, not the whole input quoted back
    expect(bad.kind === "invalid" && bad.message).toMatch(/^Not valid JSON (at line 2, column \d+: |: it ends too early)/);
    const trailing = parseJsonText('{"a": 1,}');
    expect(trailing.kind === "invalid" && trailing.message).toMatch(/^Not valid JSON at line 1, column 9: /);
  });

  it("checks a schema with ajv: parameters must describe an object; a bad keyword is named", () => {
    expect(checkSchemaText('{"type": "object", "properties": {"city": {"type": "string"}}}', { forParameters: true }).kind).toBe("valid");
    expect(checkSchemaText('{"type": "string"}', { forParameters: true })).toEqual({
      kind: "invalid",
      message: 'The parameters schema must be a JSON Schema with "type": "object".',
    });
    // any schema is fine for an answer, but it must be one
    expect(checkSchemaText('{"type": "string"}', { forParameters: false }).kind).toBe("valid");
    const wrong = checkSchemaText('{"type": "object", "required": "city"}', { forParameters: false });
    expect(wrong.kind === "invalid" && wrong.message).toMatch(/^The response schema is not a valid JSON Schema: .*required/);
    expect(checkSchemaText("[1, 2]", { forParameters: false })).toEqual({
      kind: "invalid",
      message: "The response schema must be a JSON Schema object.",
    });
  });

  it("checks a mock result: JSON, and not larger than the server takes", () => {
    expect(checkResultText('{"ok": true}').kind).toBe("valid");
    expect(checkResultText("{ok}").kind).toBe("invalid");
    const big = checkResultText(JSON.stringify({ text: "x".repeat(40_000) }));
    expect(big).toEqual({ kind: "invalid", message: "The result is larger than 32 KB." });
  });

  it("reads the step limit: empty is the default, 1 to 10, whole numbers", () => {
    expect(readMaxSteps("")).toEqual({ ok: true, value: undefined });
    expect(readMaxSteps("3")).toEqual({ ok: true, value: 3 });
    for (const bad of ["0", "11", "2.5", "x"])
      expect(readMaxSteps(bad)).toEqual({ ok: false, message: "The step limit is a whole number from 1 to 10." });
  });
});

describe("the tools part of the request", () => {
  it("is nothing when nothing is set", () => {
    expect(buildToolsRequest(emptyToolsDraft())).toEqual({ ok: true, value: {} });
  });

  it("turns every example into what the server's schema accepts", () => {
    const draft = {
      tools: toolExamples.map((ex, i) => ({ ...ex.tool, key: `k${i}` })),
      maxSteps: "3",
      responseSchema: schemaExamples[0]!.schema,
    };
    const built = buildToolsRequest(draft);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.value.tools?.map((t) => t.name)).toEqual(["get_weather", "get_order", "add"]);
    expect(built.value.tools?.[1]?.mock).toEqual({ manual: true });
    expect(built.value.tools?.[0]?.mock).toEqual({
      result: { city: "Paris", temperature: 18, unit: "celsius", conditions: "Partly cloudy" },
    });
    const parsed = createComparisonSchema.safeParse({ prompt: "Hi", models: ["openai:gpt-4o-mini"], ...built.value });
    expect(parsed.success).toBe(true);
  });

  it("keeps a step limit only with tools", () => {
    const built = buildToolsRequest({ tools: [], maxSteps: "3", responseSchema: "" });
    expect(built).toEqual({ ok: true, value: {} });
  });

  it("names each field's problem with the key the server uses", () => {
    const dup = { ...weather(), key: "t2" };
    const noName = { ...blankTool("t3"), name: "get weather" };
    const badParams = { ...weather(), key: "t4", name: "p", parameters: '{"type": "array"}' };
    const badResult = { ...weather(), key: "t5", name: "r", result: "{nope" };
    const built = buildToolsRequest({ tools: [weather(), dup, noName, badParams, badResult], maxSteps: "12", responseSchema: "{" });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors["tools.1.name"]).toBe("Another tool is already named “get_weather”.");
    expect(built.errors["tools.2.name"]).toBe("A tool name is 1 to 64 letters, digits, _ or - (no spaces).");
    expect(built.errors["tools.3.parameters"]).toBe('The parameters schema must be a JSON Schema with "type": "object".');
    expect(built.errors["tools.4.result"]).toMatch(/^Not valid JSON/);
    expect(built.errors.maxSteps).toBe("The step limit is a whole number from 1 to 10.");
    expect(built.errors.responseSchema).toMatch(/^Not valid JSON/);
    expect(built.errors["tools.0.name"]).toBeUndefined();
  });

  it("needs no fixed result for a tool whose result is typed in", () => {
    const built = buildToolsRequest({ tools: [{ ...weather(), mock: "manual", result: "" }], maxSteps: "", responseSchema: "" });
    expect(built.ok && built.value.tools?.[0]?.mock).toEqual({ manual: true });
  });

  it("gives a stored comparison's tools back as a draft that builds the same request", () => {
    const built = buildToolsRequest({ tools: [weather()], maxSteps: "4", responseSchema: schemaExamples[1]!.schema });
    if (!built.ok) throw new Error("example did not build");
    const stored = { tools: built.value.tools as never, maxSteps: 4, responseSchema: built.value.responseSchema ?? null };
    const again = buildToolsRequest(toolsToDraft(stored, (i) => `k${i}`));
    expect(again).toEqual(built);
  });
});

describe("the compare form with tools and images", () => {
  const catalog: PickerModel[] = [
    {
      id: "openai:gpt-4o-mini",
      label: "GPT-4o mini",
      provider: "openai",
      providerLabel: "OpenAI",
      location: null,
      logicalModel: "gpt-4o-mini",
      available: true,
      emulated: true,
      contextWindow: 128_000,
      price: null,
      capabilities: modelInfo("gpt-4o-mini")?.capabilities ?? null,
    },
  ];
  const form = {
    prompt: "Weather?",
    system: "",
    params: emptyParams(),
    panes: [{ key: "p", modelId: "openai:gpt-4o-mini", params: emptyParams() }],
  };
  // a 1×1 PNG
  const pngData = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

  it("sends the tools and the images with the prompt", () => {
    const built = buildCompareInput(
      {
        ...form,
        tools: { tools: [weather()], maxSteps: "2", responseSchema: "" },
        images: [{ key: "i", name: "dot.png", mediaType: "image/png", size: 70, data: pngData }],
      },
      catalog,
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.input.tools?.[0]?.name).toBe("get_weather");
    expect(built.input.maxSteps).toBe(2);
    expect(built.input.images).toEqual([{ mediaType: "image/png", data: pngData, size: 70 }]);
    // the action parses what it is sent again: the payload must pass the same strict schema
    expect(built.payload.images).toEqual([{ mediaType: "image/png", data: pngData }]);
    expect(createComparisonSchema.safeParse(built.payload).success).toBe(true);
  });

  it("sends a follow-up's images as the action parses them", () => {
    const image = { key: "i", name: "dot.png", mediaType: "image/png" as const, size: 70, data: pngData };
    const built = buildFollowUp("And now?", [image]);
    expect(built).toEqual({ ok: true, payload: { prompt: "And now?", images: [{ mediaType: "image/png", data: pngData }] } });
    if (built.ok) expect(followUpSchema.safeParse(built.payload).success).toBe(true);
    expect(buildFollowUp("  ", [image])).toEqual({ ok: false, message: "Enter a prompt." });
    // a JPEG's bytes sent as a PNG: the server's own check says so before anything is sent
    const wrong = buildFollowUp("Hi", [{ ...image, mediaType: "image/jpeg" }]);
    expect(wrong.ok === false && wrong.message).toBe("The image is image/png, not image/jpeg: set mediaType to match.");
  });

  it("reports a tool's problem and the prompt's at once", () => {
    const built = buildCompareInput(
      { ...form, prompt: "", tools: { tools: [{ ...weather(), name: "" }], maxSteps: "", responseSchema: "" } },
      catalog,
    );
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors).toMatchObject({ prompt: "Enter a prompt.", "tools.0.name": "Give the tool a name." });
  });

  it("puts a server message about a nested field beside the editor it belongs to", () => {
    expect(fieldOf("tools.2.mock.result")).toBe("tools.2.result");
    expect(fieldOf("tools.2.mock")).toBe("tools.2.result");
    expect(fieldOf("tools.0.parameters.properties")).toBe("tools.0.parameters");
    expect(fieldOf("images.3.data")).toBe("images");
    expect(fieldOf("images.1.mediaType")).toBe("images");
    expect(fieldOf("models.1.params.stopSequences.2")).toBe("models.1.params.stopSequences");
  });
});
