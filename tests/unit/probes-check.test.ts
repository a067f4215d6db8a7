// The probe checkers (lib/scorecards/probes/check.ts): every Checker kind, pass and fail, the four
// tool-call error classes, every format rule, and the parameter probes (per call and per group).
import { describe, expect, it } from "vitest";
import { classifyToolCall, compileTools } from "@/lib/calls/tools";
import type { ToolCallRecord } from "@/lib/compare/tools-schema";
import { checkAnswer, checkItemSamples, isGroupJudged, pairOf } from "@/lib/scorecards/probes";
import { extractNumber, ruleProblem } from "@/lib/scorecards/probes/check";
import { PROBE_TOOLS } from "@/lib/scorecards/probes/builtin";
import type { Checker, FormatRule, ProbeAnswer, ProbeItem } from "@/lib/scorecards/types";

const item = (checker: Checker, extra: Partial<ProbeItem> = {}): ProbeItem => ({
  key: "t/1",
  family: "custom",
  prompt: "p",
  checker,
  ...extra,
});
const answer = (over: Partial<ProbeAnswer> = {}): ProbeAnswer => ({
  status: "done",
  text: "",
  reasoning: "",
  finishReason: "stop",
  toolCalls: [],
  outputTokens: 10,
  reasoningTokens: null,
  params: {},
  ...over,
});
const text = (t: string, over: Partial<ProbeAnswer> = {}) => answer({ text: t, ...over });

describe("exact, regex, contains, numeric", () => {
  it("exact: trimmed, case-insensitive unless told", () => {
    expect(checkAnswer(item({ kind: "exact", expected: "Paris" }), text("  paris \n")).pass).toBe(true);
    expect(checkAnswer(item({ kind: "exact", expected: "Paris", caseSensitive: true }), text("paris")).pass).toBe(false);
    const r = checkAnswer(item({ kind: "exact", expected: "Paris" }), text("Lyon"));
    expect(r).toMatchObject({ pass: false, detail: 'expected "Paris", got "Lyon"' });
  });

  it("regex runs on RE2 with flags; a catastrophic pattern is linear, lookaround is refused", () => {
    expect(checkAnswer(item({ kind: "regex", pattern: "^\\d{3}-\\d{4}$" }), text("555-1234")).pass).toBe(true);
    expect(checkAnswer(item({ kind: "regex", pattern: "^yes$", flags: "i" }), text("YES")).pass).toBe(true);
    expect(checkAnswer(item({ kind: "regex", pattern: "^yes$" }), text("YES")).pass).toBe(false);
    // exponential on a backtracking engine (this test would hang), linear on RE2
    const evil = checkAnswer(item({ kind: "regex", pattern: "^(a+)+$" }), text(`${"a".repeat(5_000)}!`));
    expect(evil.pass).toBe(false);
    const look = checkAnswer(item({ kind: "regex", pattern: "a(?=b)" }), text("ab"));
    expect(look).toMatchObject({ pass: false, detail: expect.stringContaining("not a valid RE2") });
  });

  it("contains: every expected text", () => {
    const c: Checker = { kind: "contains", expected: ["KESTREL-1234", "archive"] };
    expect(checkAnswer(item(c), text("The code of the archive is kestrel-1234.")).pass).toBe(true);
    expect(checkAnswer(item(c), text("The code is KESTREL-1234."))).toMatchObject({ pass: false, detail: 'missing "archive"' });
    expect(checkAnswer(item({ ...c, caseSensitive: true }), text("archive kestrel-1234")).pass).toBe(false);
  });

  it("numeric: the number after the last Answer:, else the last number, within the tolerance", () => {
    const c: Checker = { kind: "numeric", expected: 756 };
    expect(checkAnswer(item(c), text("21 * 36 = 756\n\nAnswer: 756")).pass).toBe(true);
    expect(checkAnswer(item(c), text("Answer: 756 (I checked 3 times)")).pass).toBe(true);
    expect(checkAnswer(item(c), text("it is 1,000 minus 244, so 756")).pass).toBe(true);
    expect(checkAnswer(item(c), text("Answer: 755"))).toMatchObject({ pass: false, detail: "expected 756, got 755", extracted: 755 });
    expect(checkAnswer(item(c), text("no idea"))).toMatchObject({ pass: false, detail: "expected 756, found no number" });
    expect(checkAnswer(item({ kind: "numeric", expected: 3.14, tolerance: 0.01 }), text("Answer: 3.141")).pass).toBe(true);
    expect(checkAnswer(item({ kind: "numeric", expected: 3.14, tolerance: 0.001 }), text("Answer: 3.15")).pass).toBe(false);
    expect(extractNumber("Answer: -12")).toBe(-12);
    expect(extractNumber("Answer: $1,250.50")).toBe(1250.5);
  });

  it("an errored call is never correct", () => {
    expect(checkAnswer(item({ kind: "exact", expected: "" }), answer({ status: "error" }))).toMatchObject({
      pass: false,
      detail: expect.stringContaining("not a wrong answer"),
    });
  });
});

describe("json-schema", () => {
  const schema = {
    type: "object",
    properties: { name: { type: "string" }, age: { type: "integer" } },
    required: ["name", "age"],
    additionalProperties: false,
  };
  it("valid JSON matching the schema and the expected values passes", () => {
    const c: Checker = { kind: "json-schema", schema, expected: { name: "Dana Holm", age: 34 } };
    expect(checkAnswer(item(c), text('{"name":"dana holm ","age":34}')).pass).toBe(true);
    expect(checkAnswer(item(c), text('```json\n{"name":"Dana Holm","age":34}\n```')).pass).toBe(true);
  });
  it("fails on not-JSON, a schema mismatch, or a wrong value, saying which", () => {
    const c: Checker = { kind: "json-schema", schema, expected: { name: "Dana Holm", age: 34 } };
    expect(checkAnswer(item(c), text("name: Dana")).detail).toMatch(/^not JSON/);
    expect(checkAnswer(item(c), text('{"name":"Dana Holm","age":"34"}')).detail).toMatch(/schema: \/age must be integer/);
    expect(checkAnswer(item(c), text('{"name":"Dana Holm","age":35}')).detail).toBe("wrong values: /age should be 34, got 35");
    expect(checkAnswer(item({ kind: "json-schema", schema }), text('{"name":"x","age":1}')).pass).toBe(true);
  });
  it("compares arrays exactly", () => {
    const c: Checker = { kind: "json-schema", schema: { type: "object" }, expected: { primes: [7, 11] } };
    expect(checkAnswer(item(c), text('{"primes":[7,11]}')).pass).toBe(true);
    expect(checkAnswer(item(c), text('{"primes":[7,11,13]}')).pass).toBe(false);
  });
});

describe("tool-call and its error classes", () => {
  const tools = PROBE_TOOLS.filter((t) => ["get_weather", "get_stock_price", "convert_currency"].includes(t.name));
  const c: Checker = { kind: "tool-call", tool: "get_weather", arguments: { city: "Oslo", unit: "celsius" } };
  // a call as lib/calls records it (classified by the same code)
  const call = (name: string, input: string): ToolCallRecord => ({
    step: 1,
    id: "s1-1",
    name,
    input,
    ...classifyToolCall(compileTools(tools), { name, input }),
    resultSource: "none",
  });
  const run = (name: string, input: string) => checkAnswer(item(c, { tools }), answer({ toolCalls: [call(name, input)] }));

  it("the right tool with the expected arguments passes (strings case-insensitive)", () => {
    expect(run("get_weather", '{"city":"oslo","unit":"celsius"}')).toMatchObject({ pass: true, errorClass: null });
  });
  it("invalid_json: the arguments are not JSON", () => {
    expect(run("get_weather", '{"city":"Oslo","unit":"celsius"')).toMatchObject({ pass: false, errorClass: "invalid_json" });
  });
  it("unknown_tool: a tool that was not offered", () => {
    expect(run("get_forecast", '{"city":"Oslo"}')).toMatchObject({ pass: false, errorClass: "unknown_tool" });
  });
  it("schema_mismatch: arguments against the tool's schema", () => {
    expect(run("get_weather", '{"city":"Oslo","unit":"kelvin"}')).toMatchObject({ pass: false, errorClass: "schema_mismatch" });
    expect(run("get_weather", '{"city":"Oslo"}')).toMatchObject({ pass: false, errorClass: "schema_mismatch" });
  });
  it("wrong_arguments: valid, but other values or another offered tool", () => {
    expect(run("get_weather", '{"city":"Bergen","unit":"celsius"}')).toMatchObject({
      pass: false,
      errorClass: "wrong_arguments",
      detail: expect.stringContaining('/city should be "Oslo", got "Bergen"'),
    });
    expect(run("get_stock_price", '{"symbol":"ACME"}')).toMatchObject({
      pass: false,
      errorClass: "wrong_arguments",
      detail: "called get_stock_price, expected get_weather",
    });
  });
  it("no tool call fails without a class", () => {
    expect(checkAnswer(item(c, { tools }), text("It is sunny in Oslo."))).toMatchObject({ pass: false, errorClass: null });
  });
});

describe("format rules", () => {
  const cases: [FormatRule, string, string][] = [
    [{ rule: "bullets", count: 3 }, "- a\n- b\n- c", "- a\n- b"],
    [{ rule: "json-only" }, '{"a":1}', 'Sure: {"a":1}'],
    [{ rule: "max-words", words: 5 }, "one two three four five", "one two three four five six"],
    [{ rule: "min-words", words: 3 }, "one two three", "one two"],
    [{ rule: "forbidden-words", words: ["very"] }, "Every day is good.", "It is very good."],
    [{ rule: "starts-with", text: "Summary:" }, "Summary: fine", "In short: fine"],
    [{ rule: "ends-with", text: "Done." }, "All good. Done.", "Done. All good."],
    [{ rule: "all-lowercase" }, "all lower here", "Not lower"],
    [{ rule: "all-uppercase" }, "ALL UPPER", "Not Upper"],
    [{ rule: "paragraphs", count: 2 }, "First.\n\nSecond.", "Only one."],
  ];
  it.each(cases)("%o keeps and breaks", (rule, good, bad) => {
    expect(ruleProblem(rule, good)).toBeNull();
    expect(ruleProblem(rule, bad)).toEqual(expect.any(String));
    expect(checkAnswer(item({ kind: "format", rules: [rule] }), text(good)).pass).toBe(true);
    expect(checkAnswer(item({ kind: "format", rules: [rule] }), text(bad)).pass).toBe(false);
  });
  it("names every broken rule", () => {
    const rules: FormatRule[] = [
      { rule: "bullets", count: 2 },
      { rule: "forbidden-words", words: ["very"] },
    ];
    expect(checkAnswer(item({ kind: "format", rules }), text("- very\n- b\n- c")).detail).toBe('3 bullet points, not 2; uses "very"');
  });
});

describe("parameter probes", () => {
  it("max output tokens: finish length at the limit", () => {
    const i = item({ kind: "parameter", probe: { probe: "max-output-tokens", maxOutputTokens: 16 } }, { params: { maxOutputTokens: 16 } });
    expect(checkAnswer(i, answer({ finishReason: "length", outputTokens: 16, params: { maxOutputTokens: 16 } })).pass).toBe(true);
    expect(checkAnswer(i, answer({ finishReason: "stop", outputTokens: 9, params: { maxOutputTokens: 16 } })).detail).toMatch(
      /expected "length"/,
    );
    expect(checkAnswer(i, answer({ finishReason: "length", outputTokens: 40, params: { maxOutputTokens: 16 } })).detail).toMatch(
      /over the limit/,
    );
  });
  it("stop sequence: stops before it, keeps what came before", () => {
    const i = item({ kind: "parameter", probe: { probe: "stop-sequence", stop: "###", before: ["alpha"], after: ["charlie"] } });
    expect(checkAnswer(i, text("alpha\nbravo\n")).pass).toBe(true);
    expect(checkAnswer(i, text("alpha\nbravo\n###\ncharlie")).detail).toMatch(/contains the stop sequence/);
    expect(checkAnswer(i, text("alpha\nbravo\ncharlie")).detail).toMatch(/goes on past/);
    expect(checkAnswer(i, text("")).detail).toMatch(/before the stop sequence is missing/);
  });
  it("temperature 0 and seed: judged over the samples", () => {
    const i = item({ kind: "parameter", probe: { probe: "temperature-zero" } });
    expect(isGroupJudged(i)).toBe(true);
    expect(checkItemSamples(i, [text("same"), text("same"), text("same")]).map((r) => r.pass)).toEqual([true, true, true]);
    expect(checkItemSamples(i, [text("a"), text("a"), text("b")]).map((r) => r.pass)).toEqual([true, true, false]);
    expect(checkItemSamples(i, [text("a"), text("b"), text("c")]).map((r) => r.pass)).toEqual([false, false, false]);
    const s = item({ kind: "parameter", probe: { probe: "seed", seed: 7 } });
    expect(checkItemSamples(s, [text("x"), text("y")]).every((r) => !r.pass)).toBe(true);
    // an errored sample is left out of the comparison and fails itself
    expect(checkItemSamples(s, [text("x"), answer({ status: "error" }), text("x")]).map((r) => r.pass)).toEqual([true, false, true]);
  });
  it("reasoning effort: each sample against the paired effort's sample (reasoning tokens, else the reasoning text)", () => {
    const high = item({ kind: "parameter", probe: { probe: "reasoning-effort", effort: "high", pair: "p1" } });
    const low = item({ kind: "parameter", probe: { probe: "reasoning-effort", effort: "low", pair: "p1" } });
    expect(pairOf(high)).toBe("p1");
    const hi = [answer({ reasoningTokens: 900 }), answer({ reasoningTokens: 100 })];
    const lo = [answer({ reasoningTokens: 120 }), answer({ reasoningTokens: 100 })];
    expect(checkItemSamples(high, hi, lo).map((r) => r.pass)).toEqual([true, false]);
    expect(checkItemSamples(low, lo, hi).map((r) => r.pass)).toEqual([true, false]);
    expect(checkItemSamples(high, [answer({ reasoning: "x".repeat(400) })], [answer({ reasoning: "x".repeat(40) })])[0]!.pass).toBe(true);
    expect(checkItemSamples(high, hi)[0]).toMatchObject({ pass: false, detail: expect.stringContaining("paired") });
  });
});
