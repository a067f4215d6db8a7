// The emulator's shared plan for tools and structured output: what every protocol renders.
import { describe, expect, it } from "vitest";
import { planResponse, sampleFromSchema } from "../emulator/tool-plan";

const weather = {
  type: "object",
  properties: {
    city: { type: "string", minLength: 2 },
    unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    days: { type: "integer", minimum: 1, maximum: 7 },
    when: { type: "string", format: "date" },
  },
  required: ["city"],
};

const base = {
  tools: [],
  hasToolResults: false,
  responseSchema: undefined,
  toolCalls: undefined,
  text: "Plain.",
  textScripted: false,
  seq: 7,
};

describe("emulator tool plan", () => {
  it("calls the first tool with arguments made from its schema when tools are offered", () => {
    const plan = planResponse({
      ...base,
      tools: [
        { name: "get_weather", schema: weather },
        { name: "other", schema: {} },
      ],
    });
    expect(plan).toEqual({
      kind: "tool-calls",
      calls: [
        {
          id: "call_7_0",
          name: "get_weather",
          arguments: JSON.stringify({ city: "example", unit: "celsius", days: 1, when: "2026-01-01" }),
        },
      ],
    });
  });

  it("sends scripted calls as they are, broken JSON and unknown tools included", () => {
    const plan = planResponse({
      ...base,
      tools: [{ name: "get_weather", schema: weather }],
      toolCalls: [
        { name: "get_weather", arguments: '{"city": "Par' },
        { name: "no_such_tool", arguments: { x: 1 } },
      ],
    });
    expect(plan.kind).toBe("tool-calls");
    if (plan.kind !== "tool-calls") return;
    expect(plan.calls.map((c) => [c.name, c.arguments])).toEqual([
      ["get_weather", '{"city": "Par'],
      ["no_such_tool", '{"x":1}'],
    ]);
  });

  it("answers with text once tool results are in the conversation", () => {
    const plan = planResponse({ ...base, tools: [{ name: "get_weather", schema: weather }], hasToolResults: true });
    expect(plan).toEqual({ kind: "text", text: "Using the tool results: Plain." });
  });

  it("answers JSON matching the response schema, unless the script set the text", () => {
    const schema = { type: "object", properties: { answer: { type: "string" }, score: { type: "number", minimum: 0, maximum: 1 } } };
    expect(planResponse({ ...base, responseSchema: schema })).toEqual({ kind: "text", text: '{"answer":"example","score":0}' });
    expect(planResponse({ ...base, responseSchema: schema, text: "not json", textScripted: true })).toEqual({
      kind: "text",
      text: "not json",
    });
  });

  it("samples refs, unions, arrays and nullable types", () => {
    const schema = {
      type: "object",
      $defs: { tag: { type: "string", maxLength: 3 } },
      properties: {
        tags: { type: "array", items: { $ref: "#/$defs/tag" }, minItems: 2 },
        either: { anyOf: [{ type: "boolean" }, { type: "string" }] },
        maybe: { type: ["null", "number"], exclusiveMinimum: 4 },
        fixed: { const: "x" },
      },
    };
    expect(sampleFromSchema(schema)).toEqual({ tags: ["exa", "exa"], either: true, maybe: 5, fixed: "x" });
  });
});
