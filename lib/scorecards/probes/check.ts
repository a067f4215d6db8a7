// Checkers of probe items (issue 12): every Checker kind judged by code on a ProbeAnswer.
//
// Errors are not wrong answers: a call that failed (status "error") is recorded by the caller as an
// error (ProbeCall outcome "error", pass null) and is not given to a checker. checkAnswer still
// answers for one (pass false, "the call failed") so nothing counts it as correct by accident.
//
// Regexes of custom suites run on RE2 (re2js: linear time, no catastrophic backtracking); JSON
// Schemas on ajv through lib/compare/json-schema.ts (whose patterns also run on RE2); tool calls
// are classified by lib/calls/tools.ts, the same code that records them on an answer.
import { RE2JS } from "re2js";
import { classifyToolCall, compileTools } from "@/lib/calls/tools";
import { compileJsonSchema, validationErrors } from "@/lib/compare/json-schema";
import type { JsonValue } from "@/lib/compare/tools-schema";
import type { CheckResult, FormatRule, ProbeAnswer, ProbeItem, ToolErrorClass } from "../types";

const fail = (detail: string, extra: Partial<CheckResult> = {}): CheckResult => ({ pass: false, detail, ...extra });
const ok = (detail: string, extra: Partial<CheckResult> = {}): CheckResult => ({ pass: true, detail, ...extra });

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Items judged over all their samples together (checkItemSamples), not call by call. */
export function isGroupJudged(item: ProbeItem): boolean {
  if (item.checker.kind !== "parameter") return false;
  const p = item.checker.probe.probe;
  return p === "temperature-zero" || p === "seed" || p === "reasoning-effort";
}

/** The pair id of a reasoning-effort item (its partner has the same id and the other effort), else null. */
export function pairOf(item: ProbeItem): string | null {
  return item.checker.kind === "parameter" && item.checker.probe.probe === "reasoning-effort" ? (item.checker.probe.pair ?? null) : null;
}

/** One call's answer against the item's checker. */
export function checkAnswer(item: ProbeItem, answer: ProbeAnswer): CheckResult {
  if (answer.status === "error") return fail("the call failed (an error, not a wrong answer)");
  const c = item.checker;
  switch (c.kind) {
    case "exact": {
      const got = answer.text.trim();
      const same = c.caseSensitive ? got === c.expected.trim() : got.toLowerCase() === c.expected.trim().toLowerCase();
      return same ? ok("exact match", { extracted: got }) : fail(`expected "${clip(c.expected)}", got "${clip(got)}"`, { extracted: got });
    }
    case "regex":
      return checkRegex(c.pattern, c.flags, answer.text);
    case "contains": {
      const hay = c.caseSensitive ? answer.text : answer.text.toLowerCase();
      const missing = c.expected.filter((e) => !hay.includes(c.caseSensitive ? e : e.toLowerCase()));
      return missing.length === 0
        ? ok(`contains ${c.expected.map((e) => `"${clip(e, 40)}"`).join(", ")}`)
        : fail(`missing ${missing.map((e) => `"${clip(e, 40)}"`).join(", ")}`);
    }
    case "numeric": {
      const got = extractNumber(answer.text);
      if (got === null) return fail(`expected ${c.expected}, found no number`);
      const tolerance = c.tolerance ?? 0;
      return Math.abs(got - c.expected) <= tolerance + 1e-9
        ? ok(`${got}${tolerance ? ` (expected ${c.expected} ± ${tolerance})` : ""}`, { extracted: got })
        : fail(`expected ${c.expected}${tolerance ? ` ± ${tolerance}` : ""}, got ${got}`, { extracted: got });
    }
    case "json-schema":
      return checkJson(c.schema, c.expected, answer.text);
    case "tool-call":
      return checkToolCall(item, c.tool, c.arguments, answer);
    case "format":
      return checkFormat(c.rules, answer.text);
    case "parameter":
      return checkParameterCall(item, answer);
  }
}

/**
 * All samples of one item. Temperature-zero and seed items: a sample passes when its text is the
 * one most samples gave (all identical: all pass). Reasoning-effort items: sample i passes when its
 * reasoning tokens are above (high) / below (low) those of sample i of the paired item (`paired`,
 * the answers of the item with the same pair id; without them the item cannot be judged and fails
 * with a detail saying so). Other items: checkAnswer per answer. Errored samples fail (callers
 * record them as errors and leave them out).
 */
export function checkItemSamples(item: ProbeItem, answers: ProbeAnswer[], paired?: ProbeAnswer[]): CheckResult[] {
  if (!isGroupJudged(item) || item.checker.kind !== "parameter") return answers.map((a) => checkAnswer(item, a));
  const probe = item.checker.probe;
  if (probe.probe === "reasoning-effort") {
    return answers.map((a, i) => {
      if (a.status === "error") return fail("the call failed (an error, not a wrong answer)");
      const mine = reasoningAmount(a);
      const other = paired?.[i];
      if (!other || other.status === "error") return fail("no answer of the paired effort to compare with");
      const theirs = reasoningAmount(other);
      const otherEffort = probe.effort === "high" ? "low" : "high";
      const detail = `reasoning tokens ${mine} at ${probe.effort}, ${theirs} at ${otherEffort}`;
      const pass = probe.effort === "high" ? mine > theirs : mine < theirs;
      return pass ? ok(detail, { extracted: mine }) : fail(detail, { extracted: mine });
    });
  }
  // temperature-zero / seed: repeatability
  const texts = answers.filter((a) => a.status !== "error").map((a) => a.text);
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  let mode = "";
  let best = 0;
  for (const [t, n] of counts)
    if (n > best) {
      mode = t;
      best = n;
    }
  const what = probe.probe === "seed" ? `seed ${probe.seed}` : "temperature 0";
  return answers.map((a) => {
    if (a.status === "error") return fail("the call failed (an error, not a wrong answer)");
    if (texts.length < 2) return ok(`one answer at ${what}: nothing to compare`);
    if (counts.size === 1) return ok(`all ${texts.length} answers at ${what} are identical`);
    return a.text === mode && best > 1
      ? ok(`same as ${best - 1} of the other ${texts.length - 1} answers at ${what} (${counts.size} distinct)`)
      : fail(`differs from the most common answer at ${what} (${counts.size} distinct answers in ${texts.length})`);
  });
}

// ---------------------------------------------------------------------------------------------

/** Reasoning tokens as reported, else the reasoning text's size (4 characters a token). */
function reasoningAmount(a: ProbeAnswer): number {
  if (a.reasoningTokens != null) return a.reasoningTokens;
  return Math.ceil(a.reasoning.length / 4);
}

/** The number after the last "Answer:", else the last number in the text (thousands separators and $ allowed). */
export function extractNumber(text: string): number | null {
  const parse = (s: string) => {
    const n = Number(s.replace(/[,\s$]/g, ""));
    return Number.isFinite(n) ? n : null;
  };
  const number = /-?\$?\s?\d[\d,]*(?:\.\d+)?/g;
  const at = text.toLowerCase().lastIndexOf("answer:");
  if (at >= 0) {
    const m = number.exec(text.slice(at + 7));
    if (m) return parse(m[0]);
  }
  const all = text.match(number);
  return all && all.length > 0 ? parse(all[all.length - 1]!) : null;
}

const MAX_REGEX_INPUT = 1_000_000;

function checkRegex(pattern: string, flags: string | undefined, text: string): CheckResult {
  let re: RE2JS;
  try {
    let f = 0;
    if (flags?.includes("i")) f |= RE2JS.CASE_INSENSITIVE;
    if (flags?.includes("m")) f |= RE2JS.MULTILINE;
    if (flags?.includes("s")) f |= RE2JS.DOTALL;
    re = RE2JS.compile(pattern, f);
  } catch (e) {
    return fail(`the pattern is not a valid RE2 regular expression: ${e instanceof Error ? e.message : String(e)}`);
  }
  const m = re.matcher(text.slice(0, MAX_REGEX_INPUT));
  return m.find() ? ok(`matches /${clip(pattern, 60)}/`, { extracted: m.group() ?? "" }) : fail(`does not match /${clip(pattern, 60)}/`);
}

/** Strict JSON first; a reply wrapped in a ```json fence is also read (the schema is what matters). */
function parseJsonAnswer(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  const t = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(t);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : t) as JsonValue };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function checkJson(schema: Record<string, JsonValue>, expected: Record<string, JsonValue> | undefined, text: string): CheckResult {
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) return fail(`not JSON: ${clip(parsed.error)}`);
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) return fail(`the item's schema ${compiled.error}`);
  const errors = validationErrors(compiled.validate, parsed.value);
  if (errors.length > 0) return fail(`does not match the schema: ${errors.slice(0, 3).join("; ")}`, { extracted: parsed.value });
  if (expected) {
    const wrong = mismatches(expected, parsed.value);
    if (wrong.length > 0) return fail(`wrong values: ${wrong.slice(0, 3).join("; ")}`, { extracted: parsed.value });
  }
  return ok(expected ? "valid and the expected values" : "valid against the schema", { extracted: parsed.value });
}

/** Where `actual` differs from `expected` (a subset of fields; exact values, strings trimmed and case-insensitive). */
export function mismatches(expected: JsonValue, actual: JsonValue | undefined, path = ""): string[] {
  const at = path || "(root)";
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual) || actual === undefined) return [`${at} is not an object`];
    return Object.entries(expected).flatMap(([k, v]) => mismatches(v, (actual as Record<string, JsonValue>)[k], `${path}/${k}`));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${at} should be ${clip(JSON.stringify(expected), 60)}`];
    return expected.flatMap((v, i) => mismatches(v, actual[i], `${path}/${i}`));
  }
  if (typeof expected === "string" && typeof actual === "string") {
    return expected.trim().toLowerCase() === actual.trim().toLowerCase()
      ? []
      : [`${at} should be "${clip(expected, 40)}", got "${clip(actual, 40)}"`];
  }
  if (typeof expected === "number" && typeof actual === "number") {
    return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected)) ? [] : [`${at} should be ${expected}, got ${actual}`];
  }
  return expected === actual
    ? []
    : [`${at} should be ${clip(JSON.stringify(expected), 40)}, got ${clip(JSON.stringify(actual ?? null), 40)}`];
}

const validityClass: Record<string, ToolErrorClass> = {
  "invalid-json": "invalid_json",
  "unknown-tool": "unknown_tool",
  "schema-mismatch": "schema_mismatch",
};

/**
 * The first tool call against the expected one. Classes of a failing call: invalid_json (arguments
 * not JSON), unknown_tool (a tool the item did not offer), schema_mismatch (arguments against the
 * tool's schema), wrong_arguments (valid, but another offered tool or other values than expected).
 * No tool call at all fails without a class (the model answered in text).
 */
function checkToolCall(item: ProbeItem, tool: string, expected: Record<string, JsonValue>, answer: ProbeAnswer): CheckResult {
  const call = answer.toolCalls[0];
  if (!call) return fail(`no tool call (expected ${tool})`, { errorClass: null });
  const classified = classifyToolCall(compileTools(item.tools ?? []), { name: call.name, input: call.input });
  const errorClass = validityClass[classified.validity];
  if (errorClass) {
    const why = classified.errors?.[0] ?? classified.validity;
    return fail(`${call.name}: ${clip(why, 120)}`, { errorClass, extracted: classified.args });
  }
  if (call.name !== tool)
    return fail(`called ${call.name}, expected ${tool}`, { errorClass: "wrong_arguments", extracted: classified.args });
  const wrong = mismatches(expected, classified.args ?? {});
  if (wrong.length > 0)
    return fail(`${tool}: ${wrong.slice(0, 3).join("; ")}`, { errorClass: "wrong_arguments", extracted: classified.args });
  return ok(`${tool} with the expected arguments`, { errorClass: null, extracted: classified.args });
}

// ---------------------------------------------------------------------------------------------
// Format rules

const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

/** Why `text` breaks `rule`, or null when it keeps it. */
export function ruleProblem(rule: FormatRule, text: string): string | null {
  switch (rule.rule) {
    case "bullets": {
      const lines = text.split("\n").filter((l) => l.trim() !== "");
      const bullets = lines.filter((l) => /^\s*([-*•]|\d+[.)])\s+\S/.test(l)).length;
      if (bullets !== rule.count) return `${bullets} bullet points, not ${rule.count}`;
      return lines.length === bullets ? null : `${lines.length - bullets} lines besides the bullet points`;
    }
    case "json-only": {
      const t = text.trim();
      if (!t.startsWith("{") && !t.startsWith("[")) return "not JSON only";
      try {
        JSON.parse(t);
        return null;
      } catch {
        return "not valid JSON";
      }
    }
    case "max-words": {
      const n = words(text).length;
      return n <= rule.words ? null : `${n} words, more than ${rule.words}`;
    }
    case "min-words": {
      const n = words(text).length;
      return n >= rule.words ? null : `${n} words, fewer than ${rule.words}`;
    }
    case "forbidden-words": {
      const lower = text.toLowerCase();
      const used = rule.words.filter((w) =>
        new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(w.toLowerCase())}($|[^\\p{L}\\p{N}])`, "u").test(lower),
      );
      return used.length === 0 ? null : `uses ${used.map((w) => `"${w}"`).join(", ")}`;
    }
    case "starts-with":
      return text.trimStart().startsWith(rule.text) ? null : `does not start with "${rule.text}"`;
    case "ends-with":
      return text.trimEnd().endsWith(rule.text) ? null : `does not end with "${rule.text}"`;
    case "all-lowercase":
      return /\p{Lu}/u.test(text) ? "has capital letters" : /\p{Ll}/u.test(text) ? null : "has no letters";
    case "all-uppercase":
      return /\p{Ll}/u.test(text) ? "has lowercase letters" : /\p{Lu}/u.test(text) ? null : "has no letters";
    case "paragraphs": {
      const n = text
        .trim()
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== "").length;
      return n === rule.count ? null : `${n} paragraphs, not ${rule.count}`;
    }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function checkFormat(rules: FormatRule[], text: string): CheckResult {
  if (text.trim() === "") return fail("empty answer");
  const problems = rules.map((r) => ruleProblem(r, text)).filter((p): p is string => p !== null);
  return problems.length === 0 ? ok(`keeps ${rules.length === 1 ? "the rule" : `all ${rules.length} rules`}`) : fail(problems.join("; "));
}

// ---------------------------------------------------------------------------------------------
// Parameter probes judged call by call

function checkParameterCall(item: ProbeItem, answer: ProbeAnswer): CheckResult {
  if (item.checker.kind !== "parameter") return fail("not a parameter probe");
  const probe = item.checker.probe;
  switch (probe.probe) {
    case "max-output-tokens": {
      const limit = answer.params.maxOutputTokens ?? probe.maxOutputTokens;
      const tokens = answer.outputTokens;
      if (tokens != null && tokens > limit) return fail(`${tokens} output tokens, over the limit of ${limit}`, { extracted: tokens });
      if (answer.finishReason !== "length")
        return fail(`finish reason "${answer.finishReason ?? "none"}", expected "length" at ${limit} tokens`, { extracted: tokens });
      return ok(`stopped at the limit (${tokens ?? "?"} of ${limit} tokens, finish "length")`, { extracted: tokens });
    }
    case "stop-sequence": {
      const text = answer.text;
      if (text.includes(probe.stop)) return fail(`the text contains the stop sequence "${probe.stop}"`);
      const lower = text.toLowerCase();
      const after = (probe.after ?? []).filter((w) => lower.includes(w.toLowerCase()));
      if (after.length > 0) return fail(`the text goes on past the stop sequence (${after.map((w) => `"${w}"`).join(", ")})`);
      const missing = (probe.before ?? []).filter((w) => !lower.includes(w.toLowerCase()));
      if (missing.length > 0) return fail(`the text before the stop sequence is missing (${missing.map((w) => `"${w}"`).join(", ")})`);
      return ok(`stopped at "${probe.stop}"`);
    }
    case "reasoning-effort":
    case "temperature-zero":
    case "seed":
      // judged over the samples (checkItemSamples); one call alone proves nothing
      return checkItemSamples(item, [answer])[0]!;
  }
}
