// The composer's tools, step limit and response schema as the user types them (JSON as text), the
// inline checks of that text, and the request parts they become. Pure: no React, no DOM
// (tests/unit/tools-draft.test.ts). The checks are the server's own (lib/compare/tools-schema.ts,
// lib/compare/json-schema.ts with ajv), so a schema refused there is refused here, beside the field,
// as one types; only JSON parsing (text to value) is this module's.
import { compileJsonSchema } from "@/lib/compare/json-schema";
import { MAX_STEPS, MAX_TOOLS, TOOL_NAME_PATTERN, toolResultValueSchema, type ToolDef } from "@/lib/compare/tools-schema";
import type { FieldErrors } from "./form-input";

export { DEFAULT_MAX_STEPS, MAX_STEPS, MAX_TOOLS } from "@/lib/compare/tools-schema";
export const MIN_STEPS = 1;

/** A tool's mock: a fixed JSON result, or typed in when the call arrives. */
export type MockKind = "result" | "manual";

export type ToolDraft = {
  key: string;
  name: string;
  description: string;
  /** the parameters JSON Schema, as typed */
  parameters: string;
  mock: MockKind;
  /** the fixed result, as typed (JSON) */
  result: string;
};

export type ToolsDraft = {
  tools: ToolDraft[];
  /** the step limit as typed; "" is the default */
  maxSteps: string;
  /** the response JSON Schema as typed; "" is none */
  responseSchema: string;
};

export function emptyToolsDraft(): ToolsDraft {
  return { tools: [], maxSteps: "", responseSchema: "" };
}

/** The state of a JSON text field: nothing typed, a value, or why it is not (yet) valid. */
export type JsonState = { kind: "empty" } | { kind: "valid"; value: unknown } | { kind: "invalid"; message: string };

/** Line and column of a character offset, for "line 3, column 12". */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split("\n");
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/** Parses JSON text, with the parser's complaint turned into a short sentence with the line and column when known. */
export function parseJsonText(text: string): JsonState {
  if (text.trim() === "") return { kind: "empty" };
  try {
    return { kind: "valid", value: JSON.parse(text) };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(raw);
    // V8 quotes the whole input in some messages ("…" is not valid JSON): keep only the complaint
    const reason = raw
      .replace(/, ".*" is not valid JSON$/s, "")
      .replace(/ in JSON at position \d+.*$/s, "")
      .replace(/^JSON\.parse: /, "");
    if (position) {
      const { line, column } = lineColumn(text, Number(position[1]));
      return { kind: "invalid", message: `Not valid JSON at line ${line}, column ${column}: ${reason}.` };
    }
    if (/end of (JSON )?input|Unterminated/i.test(raw))
      return { kind: "invalid", message: "Not valid JSON: it ends too early (a bracket or quote is not closed)." };
    return { kind: "invalid", message: `Not valid JSON: ${reason}.` };
  }
}

/** Remembers the last checks by text: the composer re-renders on every key press in the prompt. */
function memo(check: (text: string) => JsonState): (text: string) => JsonState {
  const cache = new Map<string, JsonState>();
  return (text) => {
    const hit = cache.get(text);
    if (hit) return hit;
    const state = check(text);
    if (cache.size >= 32) cache.delete(cache.keys().next().value!);
    cache.set(text, state);
    return state;
  };
}

const schemaChecks = {
  parameters: memo((text) => schemaState(text, "The parameters schema", true)),
  response: memo((text) => schemaState(text, "The response schema", false)),
};

function schemaState(text: string, what: string, object: boolean): JsonState {
  const parsed = parseJsonText(text);
  if (parsed.kind !== "valid") return parsed;
  const compiled = compileJsonSchema(parsed.value, { object });
  return compiled.ok ? parsed : { kind: "invalid", message: `${what} ${compiled.error}` };
}

/**
 * A JSON Schema typed in a text field: JSON, and a schema ajv compiles (for tool parameters, one
 * of `"type": "object"`, as every provider wants the arguments to be an object).
 */
export function checkSchemaText(text: string, { forParameters }: { forParameters: boolean }): JsonState {
  return forParameters ? schemaChecks.parameters(text) : schemaChecks.response(text);
}

/** A tool's fixed result: JSON, and not too large. */
export function checkResultText(text: string): JsonState {
  const parsed = parseJsonText(text);
  if (parsed.kind !== "valid") return parsed;
  const checked = toolResultValueSchema.safeParse(parsed.value);
  return checked.success ? parsed : { kind: "invalid", message: checked.error.issues[0]?.message ?? "The result is not valid." };
}

/** The step limit as typed: undefined for the default, a number, or the message why not. */
export function readMaxSteps(text: string): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  const n = Number(text);
  if (!Number.isInteger(n) || n < MIN_STEPS || n > MAX_STEPS)
    return { ok: false, message: `The step limit is a whole number from ${MIN_STEPS} to ${MAX_STEPS}.` };
  return { ok: true, value: n };
}

/** One tool's problems, keyed by field (`tools.<i>.name`, `tools.<i>.parameters`, `tools.<i>.result`). */
export function checkTool(tool: ToolDraft, index: number, all: readonly ToolDraft[]): FieldErrors {
  const errors: FieldErrors = {};
  const name = tool.name.trim();
  if (!name) errors[`tools.${index}.name`] = "Give the tool a name.";
  else if (!TOOL_NAME_PATTERN.test(name)) errors[`tools.${index}.name`] = "A tool name is 1 to 64 letters, digits, _ or - (no spaces).";
  else if (all.findIndex((t) => t.name.trim() === name) !== index)
    errors[`tools.${index}.name`] = `Another tool is already named “${name}”.`;
  const params = checkSchemaText(tool.parameters, { forParameters: true });
  if (params.kind === "empty")
    errors[`tools.${index}.parameters`] = 'Describe the arguments as a JSON Schema (at least {"type": "object"}).';
  else if (params.kind === "invalid") errors[`tools.${index}.parameters`] = params.message;
  if (tool.mock === "result") {
    const result = checkResultText(tool.result);
    if (result.kind === "empty")
      errors[`tools.${index}.result`] = "Type the JSON the tool returns, or choose to type it in when the call arrives.";
    else if (result.kind === "invalid") errors[`tools.${index}.result`] = result.message;
  }
  return errors;
}

/** The request's tool definitions as the API takes them. */
export type ToolInput = {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  mock?: { result: unknown } | { manual: true };
};

export type ToolsRequest = { tools?: ToolInput[]; maxSteps?: number; responseSchema?: Record<string, unknown> };

/** The request's tools, step limit and response schema, or every field error found (keys as the server's `error.field`). */
export function buildToolsRequest(draft: ToolsDraft): { ok: true; value: ToolsRequest } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const tools: ToolInput[] = [];
  draft.tools.forEach((tool, i) => {
    const own = checkTool(tool, i, draft.tools);
    Object.assign(errors, own);
    if (Object.keys(own).length > 0) return;
    const parameters = checkSchemaText(tool.parameters, { forParameters: true });
    const result = parseJsonText(tool.result);
    tools.push({
      name: tool.name.trim(),
      ...(tool.description.trim() ? { description: tool.description.trim() } : {}),
      parameters: (parameters as { value: Record<string, unknown> }).value,
      mock: tool.mock === "manual" ? { manual: true } : { result: (result as { value: unknown }).value },
    });
  });
  if (draft.tools.length > MAX_TOOLS) errors.tools = `At most ${MAX_TOOLS} tools.`;
  const steps = readMaxSteps(draft.maxSteps);
  if (!steps.ok) errors.maxSteps = steps.message;
  const schema = checkSchemaText(draft.responseSchema, { forParameters: false });
  if (schema.kind === "invalid") errors.responseSchema = schema.message;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(tools.length > 0 ? { tools } : {}),
      ...(tools.length > 0 && steps.ok && steps.value !== undefined ? { maxSteps: steps.value } : {}),
      ...(schema.kind === "valid" ? { responseSchema: schema.value as Record<string, unknown> } : {}),
    },
  };
}

/** JSON as the editors show it: two-space indentation. */
export const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export type ToolExample = {
  id: string;
  label: string;
  /** what it shows, for the example's button */
  about: string;
  tool: Omit<ToolDraft, "key">;
  /** a prompt that makes a model call it (used when the prompt is empty) */
  prompt: string;
};

/** Ready-made tools to start from. */
export const toolExamples: ToolExample[] = [
  {
    id: "weather",
    label: "Weather",
    about: "get_weather(city, unit) with a fixed result",
    prompt: "What is the weather in Paris right now? Answer in one sentence.",
    tool: {
      name: "get_weather",
      description: "Current weather for a city.",
      parameters: pretty({
        type: "object",
        properties: {
          city: { type: "string", description: "City name, e.g. Paris" },
          unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        },
        required: ["city"],
        additionalProperties: false,
      }),
      mock: "result",
      result: pretty({ city: "Paris", temperature: 18, unit: "celsius", conditions: "Partly cloudy" }),
    },
  },
  {
    id: "order",
    label: "Order lookup",
    about: "get_order(order_id): you type each result",
    prompt: "Where is my order A-1042? It was due yesterday.",
    tool: {
      name: "get_order",
      description: "Look up an order by its id: status, carrier and expected delivery date.",
      parameters: pretty({
        type: "object",
        properties: { order_id: { type: "string", pattern: "^[A-Z]-\\d+$" } },
        required: ["order_id"],
        additionalProperties: false,
      }),
      mock: "manual",
      result: "",
    },
  },
  {
    id: "calculator",
    label: "Calculator",
    about: "add(a, b) with a fixed result",
    prompt: "What is 1234 + 5678? Use the tool.",
    tool: {
      name: "add",
      description: "Add two numbers.",
      parameters: pretty({
        type: "object",
        properties: { a: { type: "number" }, b: { type: "number" } },
        required: ["a", "b"],
        additionalProperties: false,
      }),
      mock: "result",
      result: pretty({ sum: 6912 }),
    },
  },
];

export type SchemaExample = { id: string; label: string; schema: string; prompt: string };

export const schemaExamples: SchemaExample[] = [
  {
    id: "sentiment",
    label: "Sentiment",
    prompt: "Classify this review: “The battery lasts two days, but the screen scratches easily.”",
    schema: pretty({
      type: "object",
      properties: {
        sentiment: { type: "string", enum: ["positive", "neutral", "negative", "mixed"] },
        confidence: { type: "number", minimum: 0, maximum: 1 },
        reasons: { type: "array", items: { type: "string" } },
      },
      required: ["sentiment", "confidence", "reasons"],
      additionalProperties: false,
    }),
  },
  {
    id: "contact",
    label: "Contact card",
    prompt: "Extract the contact: “Hi, I'm Ana Ruiz from Acme Corp, reach me at ana@acme.example.”",
    schema: pretty({
      type: "object",
      properties: {
        name: { type: "string" },
        email: { type: "string", format: "email" },
        company: { type: ["string", "null"] },
      },
      required: ["name", "email", "company"],
      additionalProperties: false,
    }),
  },
];

/** A blank tool, ready to fill in. */
export function blankTool(key: string): ToolDraft {
  return {
    key,
    name: "",
    description: "",
    parameters: pretty({ type: "object", properties: {}, required: [] }),
    mock: "result",
    result: pretty({ ok: true }),
  };
}

/** A stored comparison's tools and schema as a draft again ("New comparison" from it). */
export function toolsToDraft(
  stored: { tools: readonly ToolDef[]; maxSteps: number | null; responseSchema: unknown } | undefined,
  key: (i: number) => string,
): ToolsDraft {
  if (!stored) return emptyToolsDraft();
  return {
    tools: stored.tools.map((t, i) => ({
      key: key(i),
      name: t.name,
      description: t.description ?? "",
      parameters: pretty(t.parameters),
      mock: t.mock && "manual" in t.mock ? "manual" : "result",
      result: t.mock && "result" in t.mock ? pretty(t.mock.result) : "",
    })),
    maxSteps: stored.maxSteps === null ? "" : String(stored.maxSteps),
    responseSchema: stored.responseSchema ? pretty(stored.responseSchema) : "",
  };
}

/** How many tools, step limit and schema are set, for the collapsed sections' summaries. */
export function toolsSummary(draft: ToolsDraft): string | null {
  if (draft.tools.length === 0) return null;
  const names = draft.tools.map((t) => t.name.trim() || "unnamed").join(", ");
  return `${draft.tools.length === 1 ? "1 tool" : `${draft.tools.length} tools`}: ${names}`;
}
