// The built-in probe suite (generated from seeds), which items a deployment gets, and custom suites
// from CSV / JSONL (lib/scorecards/probes).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { builtinSuite, BUILTIN_FAMILY_SIZES, itemsForModel, parseSuiteFile } from "@/lib/scorecards/probes";
import { evaluateArithmetic, generateBuiltinSuite, LONG_CONTEXT_SIZES, NEEDLE_DEPTHS } from "@/lib/scorecards/probes/builtin";
import { modelInfo } from "@/lib/providers/model-info";

describe("builtinSuite", () => {
  const suite = builtinSuite();

  it("is versioned and about 150 items in the six families", () => {
    expect(suite).toMatchObject({ id: "builtin", version: "builtin@1" });
    expect(suite.items).toHaveLength(150);
    const sizes: Record<string, number> = {};
    for (const i of suite.items) sizes[i.family] = (sizes[i.family] ?? 0) + 1;
    expect(sizes).toEqual(BUILTIN_FAMILY_SIZES);
    expect(new Set(suite.items.map((i) => i.key)).size).toBe(150);
  });

  it("is generated the same every time (seeded)", () => {
    const again = generateBuiltinSuite();
    expect(again).toEqual(suite);
    expect(again).not.toBe(suite);
    // the whole generated suite, pinned: a change to the generator must come with a new version
    // (BUILTIN_SUITE_VERSION), since history compares runs of one version only
    expect(suite.version).toBe("builtin@1");
    expect(createHash("sha256").update(JSON.stringify(suite.items)).digest("hex")).toBe(
      "15608c105ce6f21b5f0c10560797d4890fe1100f197344284b2919c42e51a465",
    );
    const first = suite.items.find((i) => i.key === "reasoning/arith-001")!;
    expect(first.prompt).toMatch(/^Calculate the value of the expression \(28 - 7\) \* \(17 \+ 19\)\./);
    expect(first.checker).toEqual({ kind: "numeric", expected: 756, tolerance: 0 });
  });

  it("never puts the answer in the prompt", () => {
    for (const item of suite.items) {
      const c = item.checker;
      if (c.kind === "numeric") expect(item.prompt, item.key).not.toMatch(new RegExp(`Answer: ${c.expected}\\b`));
      if (c.kind === "contains") {
        // the needle is in the document, but the question does not give it away
        const question = item.prompt.slice(item.prompt.lastIndexOf("Question:"));
        for (const e of c.expected) expect(question, item.key).not.toContain(e);
      }
      if (c.kind === "tool-call") expect(item.prompt, item.key).not.toContain(c.tool);
    }
  });

  it("asks arithmetic it can evaluate, and sends what each family needs", () => {
    expect(evaluateArithmetic("(28 - 7) * (17 + 19)")).toBe(756);
    expect(evaluateArithmetic("2 + 3 * 4 - 5")).toBe(9);
    for (const item of suite.items) {
      if (item.family === "structured") expect(item.responseSchema, item.key).toEqual((item.checker as { schema: unknown }).schema);
      if (item.family === "tools") {
        expect(item.tools, item.key).toHaveLength(3);
        expect(
          item.tools!.map((t) => t.name),
          item.key,
        ).toContain((item.checker as { tool: string }).tool);
      }
      if (item.family === "instructions") expect(item.checker.kind).toBe("format");
      if (item.family === "parameters") expect(item.checker.kind).toBe("parameter");
    }
  });

  it("places needles at every depth of 8k, 32k and 100k-token inputs, the 100k ones few", () => {
    const long = suite.items.filter((i) => i.family === "long-context");
    for (const size of LONG_CONTEXT_SIZES)
      for (const depth of NEEDLE_DEPTHS)
        expect(
          long.some((i) => i.meta?.sizeTokens === size && i.meta.depth === depth),
          `${size} ${depth}`,
        ).toBe(true);
    expect(long.filter((i) => i.meta?.sizeTokens === 100_000)).toHaveLength(3);
    for (const i of long) {
      const size = i.meta!.sizeTokens as number;
      expect(Math.abs(i.contextTokens! - size) / size).toBeLessThan(0.01);
      const code = (i.checker as { expected: string[] }).expected[0]!;
      const at = i.prompt.indexOf(code) / i.prompt.length;
      expect(Math.abs(at - (i.meta!.depth as number))).toBeLessThan(0.02);
    }
  });

  it("pairs the reasoning-effort items, low and high", () => {
    const effort = suite.items.filter((i) => i.checker.kind === "parameter" && i.checker.probe.probe === "reasoning-effort");
    expect(effort.map((i) => i.params?.reasoningEffort)).toEqual(["low", "high", "low", "high"]);
    expect(effort[0]!.prompt).toBe(effort[1]!.prompt);
  });
});

describe("itemsForModel", () => {
  const suite = builtinSuite();
  it("a large model with every capability gets everything", () => {
    const info = modelInfo("gpt-5")!;
    const { items, skipped } = itemsForModel(suite, info.contextWindow!, info.capabilities);
    expect(items).toHaveLength(150);
    expect(skipped).toEqual([]);
  });
  it("skips items over the window, tools, structured output and reasoning effort, with reasons", () => {
    const info = modelInfo("phi-4")!; // 16K window, structured output only, no tools, no reasoning
    const { items, skipped } = itemsForModel(suite, info.contextWindow!, info.capabilities);
    const reasons = (r: string) => skipped.filter((s) => s.reason === r);
    expect(reasons("context-window").map((s) => s.key)).toEqual(
      suite.items.filter((i) => (i.contextTokens ?? 0) > 8_100).map((i) => i.key),
    );
    expect(reasons("context-window")[0]!.detail).toMatch(/^about 32,\d{3} tokens, over the advertised window of 16,384$/);
    expect(reasons("no-tools")).toHaveLength(30);
    expect(reasons("no-reasoning")).toHaveLength(4);
    expect(items.length + skipped.length).toBe(150);
    const noStructured = itemsForModel(suite, null, { tools: true, structuredOutput: false, images: false, reasoning: true });
    expect(noStructured.skipped.map((s) => s.reason)).toEqual(Array(20).fill("no-structured-output"));
  });
  it("with the deployment's traits, skips parameter probes whose parameter is not sent", () => {
    const { skipped } = itemsForModel(suite, null, null, {
      provider: "bedrock",
      providerLabel: "Amazon Bedrock",
      label: "gpt-oss-120b",
      logicalModel: "gpt-oss-120b",
    });
    expect(skipped.map((s) => [s.key, s.reason])).toEqual([["parameters/seed-001", "param-not-sent"]]);
    expect(skipped[0]!.detail).toBe("seed not sent (not supported by Amazon Bedrock)");
    const openai = itemsForModel(suite, null, null, {
      provider: "openai",
      providerLabel: "OpenAI",
      label: "GPT-4.1",
      logicalModel: "gpt-4.1",
    });
    expect(openai.skipped.map((s) => s.key).sort()).toEqual(
      [
        "parameters/effort-high-001",
        "parameters/effort-high-002",
        "parameters/effort-low-001",
        "parameters/effort-low-002",
        "parameters/seed-001",
        "parameters/stop-001",
        "parameters/stop-002",
        "parameters/stop-003",
      ].sort(),
    );
  });
});

describe("parseSuiteFile", () => {
  const errorOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof AppError) return { code: e.code, field: e.field, message: e.message };
      throw e;
    }
    throw new Error("no error");
  };

  it("reads a CSV with every checker kind", () => {
    const tools = JSON.stringify([
      { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
    ]).replace(/"/g, '""');
    const schema = JSON.stringify({ type: "object", properties: { a: { type: "integer" } } }).replace(/"/g, '""');
    const csv = [
      "key,prompt,checker,expected,tolerance,schema,tools,system,flags,case_sensitive",
      "capital,What is the capital of France?,exact,Paris,,,,Answer in one word.,,true",
      `phone,Give a phone number.,regex,^\\d{3}-\\d{4}$,,,,,i,`,
      'colours,"Name two colours, comma separated.",contains,red|blue,,,,,,',
      "pi,What is pi to two decimals?,numeric,3.14,0.005,,,,,",
      `json,Give {a: 1} as JSON.,json-schema,"{""a"": 1}",,"${schema}",,,,`,
      `weather,Weather in Oslo?,tool-call,"{""tool"": ""get_weather"", ""arguments"": {""city"": ""Oslo""}}",,,"${tools}",,,`,
    ].join("\n");
    const { items } = parseSuiteFile(csv, "csv");
    expect(items.map((i) => [i.key, i.checker.kind])).toEqual([
      ["capital", "exact"],
      ["phone", "regex"],
      ["colours", "contains"],
      ["pi", "numeric"],
      ["json", "json-schema"],
      ["weather", "tool-call"],
    ]);
    expect(items[0]).toMatchObject({
      family: "custom",
      system: "Answer in one word.",
      checker: { expected: "Paris", caseSensitive: true },
    });
    expect(items[1]!.checker).toEqual({ kind: "regex", pattern: "^\\d{3}-\\d{4}$", flags: "i" });
    expect(items[2]!.checker).toEqual({ kind: "contains", expected: ["red", "blue"] });
    expect(items[3]!.checker).toEqual({ kind: "numeric", expected: 3.14, tolerance: 0.005 });
    expect(items[4]).toMatchObject({ responseSchema: { type: "object" }, checker: { kind: "json-schema", expected: { a: 1 } } });
    expect(items[5]).toMatchObject({ tools: [{ name: "get_weather" }], checker: { tool: "get_weather", arguments: { city: "Oslo" } } });
  });

  it("reads JSONL, typed, and numbers keys it is not given", () => {
    const jsonl = [
      JSON.stringify({ prompt: "2+2?", checker: "numeric", expected: 4 }),
      "",
      JSON.stringify({ prompt: "Say hi", checker: "contains", expected: ["hi"] }),
    ].join("\n");
    const { items } = parseSuiteFile(jsonl, "jsonl");
    expect(items.map((i) => i.key)).toEqual(["item-0001", "item-0002"]);
    expect(items[0]!.checker).toEqual({ kind: "numeric", expected: 4 });
  });

  it("names the line and the field of the first problem", () => {
    const csv = (row: string) => `key,prompt,checker,expected\n${row}`;
    expect(errorOf(() => parseSuiteFile(csv("a,Hello,fuzzy,x"), "csv"))).toEqual({
      code: "validation",
      field: "line 2: checker",
      message: expect.stringContaining("Line 2: The checker is one of exact, regex"),
    });
    expect(errorOf(() => parseSuiteFile(csv("a,Hello,numeric,lots"), "csv"))).toMatchObject({ field: "line 2: expected" });
    expect(errorOf(() => parseSuiteFile(csv("a,Hello,regex,a(?=b)"), "csv"))).toMatchObject({
      field: "line 2: expected",
      message: expect.stringContaining("RE2"),
    });
    expect(errorOf(() => parseSuiteFile(csv("a,,exact,x"), "csv"))).toMatchObject({
      field: "line 2: prompt",
      message: "Line 2: The prompt is empty.",
    });
    expect(errorOf(() => parseSuiteFile(csv("a,Hi,exact,x\na,Ho,exact,y"), "csv"))).toMatchObject({ field: "line 3: key" });
    expect(errorOf(() => parseSuiteFile("key,prompt,checker,colour\na,b,exact", "csv"))).toMatchObject({ field: "line 1: colour" });
    expect(errorOf(() => parseSuiteFile("key,checker\na,exact", "csv"))).toMatchObject({ field: "line 1: prompt" });
    expect(errorOf(() => parseSuiteFile('key,prompt,checker\na,"never closed,exact', "csv"))).toMatchObject({
      code: "validation",
      field: expect.stringMatching(/^line \d+: row$/),
    });
    const jsonl = [JSON.stringify({ prompt: "ok", checker: "exact", expected: "x" }), "{not json", ""].join("\n");
    expect(errorOf(() => parseSuiteFile(jsonl, "jsonl"))).toMatchObject({ field: "line 2: row" });
    expect(errorOf(() => parseSuiteFile(JSON.stringify({ prompt: "p", checker: "json-schema" }), "jsonl"))).toMatchObject({
      field: "line 1: schema",
    });
    expect(
      errorOf(() => parseSuiteFile(JSON.stringify({ prompt: "p", checker: "tool-call", expected: { tool: "x" } }), "jsonl")),
    ).toMatchObject({ field: "line 1: tools" });
    expect(
      errorOf(() =>
        parseSuiteFile(
          JSON.stringify({
            prompt: "p",
            checker: "tool-call",
            expected: { tool: "x" },
            tools: [{ name: "y", parameters: { type: "object" } }],
          }),
          "jsonl",
        ),
      ),
    ).toMatchObject({ field: "line 1: expected", message: expect.stringContaining('"x" is not among the tools') });
    expect(
      errorOf(() => parseSuiteFile(JSON.stringify({ prompt: "p", checker: "exact", expected: "x", colour: 1 }), "jsonl")),
    ).toMatchObject({ field: "line 1: colour" });
    expect(
      errorOf(() => parseSuiteFile(JSON.stringify({ prompt: "p", checker: "exact", expected: "x", schema: { type: "nope" } }), "jsonl")),
    ).toMatchObject({ field: "line 1: schema" });
  });

  it("refuses empty files, too many items and too long prompts", () => {
    expect(errorOf(() => parseSuiteFile("  \n", "csv"))).toMatchObject({ field: "file", message: "The file is empty." });
    expect(errorOf(() => parseSuiteFile("key,prompt,checker\n", "csv"))).toMatchObject({
      field: "file",
      message: "The file has no items.",
    });
    const many = Array.from({ length: 2_001 }, () => JSON.stringify({ prompt: "p", checker: "exact", expected: "x" })).join("\n");
    expect(errorOf(() => parseSuiteFile(many, "jsonl"))).toMatchObject({
      field: "file",
      message: expect.stringContaining("at most 2,000 items"),
    });
    const long = JSON.stringify({ prompt: "x".repeat(100_001), checker: "exact", expected: "x" });
    expect(errorOf(() => parseSuiteFile(long, "jsonl"))).toMatchObject({ field: "line 1: prompt" });
  });
});
