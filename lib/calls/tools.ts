// Tools and structured output for the model-call core (./call-model.ts): tool calls are classified
// (valid, invalid JSON, unknown tool, arguments not matching the schema) with ajv, the same check
// the AI SDK runs through `jsonSchema(..., { validate })`, so what we record and what the SDK does
// (run the tool, or send the model an error result) always agree.
import { jsonSchema, tool, type ToolSet } from "ai";
import { compileJsonSchema, nestedDeeperThan, validationErrors } from "@/lib/compare/json-schema";
import type { JsonValue, StructuredCheck, ToolCallRecord, ToolDef } from "@/lib/compare/tools-schema";
import type { ValidateFunction } from "ajv";

export type CompiledTools = Map<string, { def: ToolDef; validate: ValidateFunction | null }>;

export function compileTools(tools: readonly ToolDef[]): CompiledTools {
  const out: CompiledTools = new Map();
  for (const def of tools) {
    const compiled = compileJsonSchema(def.parameters, { object: true });
    out.set(def.name, { def, validate: compiled.ok ? compiled.validate : null });
  }
  return out;
}

/** Parses raw arguments as the AI SDK does (empty text is `{}`: a call without arguments). */
export function parseArguments(input: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  if (input.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(input) as JsonValue };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const MAX_ARGS_DEPTH = 64;

/** What a call is worth, before anything runs. */
export function classifyToolCall(
  tools: CompiledTools,
  call: { name: string; input: string },
): Pick<ToolCallRecord, "args" | "validity" | "errors"> {
  const parsed = parseArguments(call.input);
  // arguments are model output: a value nested absurdly deep is kept as its raw text only, so
  // nothing that reads the stored answer recursively can overflow its stack
  const args = parsed.ok && !nestedDeeperThan(parsed.value, MAX_ARGS_DEPTH) ? parsed.value : null;
  const known = tools.get(call.name);
  if (!known) return { args, validity: "unknown-tool", errors: [`No tool named "${call.name}" was offered.`] };
  if (!parsed.ok) return { args: null, validity: "invalid-json", errors: [`The arguments are not JSON: ${parsed.error}`] };
  const errors = known.validate ? validationErrors(known.validate, parsed.value) : [];
  return errors.length > 0 ? { args, validity: "schema-mismatch", errors } : { args, validity: "valid" };
}

/**
 * The AI SDK tool set: each tool's parameters as a JSON Schema that the SDK validates with our
 * ajv check (a call that fails it becomes an invalid tool call: not run, the model gets an error
 * result). `execute` is given only to tools with a mock; a call to one without ends the run.
 */
export function sdkTools(tools: CompiledTools, execute: (def: ToolDef, toolCallId: string) => Promise<JsonValue>): ToolSet {
  const set: ToolSet = {};
  for (const [name, { def, validate }] of tools) {
    const inputSchema = jsonSchema<JsonValue>(def.parameters as Parameters<typeof jsonSchema>[0], {
      validate: (value) => {
        const errors = validate ? validationErrors(validate, value) : [];
        return errors.length === 0
          ? { success: true, value: value as JsonValue }
          : { success: false, error: new Error(`The arguments do not match the tool's schema: ${errors.join("; ")}`) };
      },
    });
    set[name] = def.mock
      ? tool({ description: def.description, inputSchema, execute: (_input, { toolCallId }) => execute(def, toolCallId) })
      : tool({ description: def.description, inputSchema });
  }
  return set;
}

/** The answer text validated against the response schema: JSON first, then the schema (first 5 errors). */
export function checkStructured(schema: Record<string, JsonValue> | null | undefined, text: string): StructuredCheck {
  if (!schema) return null;
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) return { valid: false, errors: [`The response schema ${compiled.error}`] };
  const parsed = parseArguments(text);
  if (!parsed.ok || text.trim() === "")
    return { valid: false, errors: [`(root) is not JSON${parsed.ok ? " (empty answer)" : `: ${parsed.error}`}`] };
  const errors = validationErrors(compiled.validate, parsed.value);
  return { valid: errors.length === 0, errors };
}
