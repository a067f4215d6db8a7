// What an emulated model does with tools and a response schema, decided once for every wire
// protocol (OpenAI Responses and Chat, Bedrock Converse, Anthropic Messages, Gemini...). Each
// protocol module only renders the plan in its own shapes:
// - tools offered and no tool result in the conversation yet: call tools (the script's
//   `toolCalls`, else one call to the first tool with arguments made from its JSON Schema);
// - tool results present, or no tools: answer with text; with a response schema and no scripted
//   `text`, the text is a JSON value that matches the schema.
// Arguments stay raw strings so a script can send broken JSON, an unknown tool or arguments that
// do not match the schema, as real models sometimes do.
import { isRecord } from "./util";

/** A tool as the request offers it, in any protocol: its name and parameters JSON Schema. */
export type RequestTool = { name: string; schema: unknown };

/** One scripted call: `arguments` as raw JSON text (may be invalid on purpose) or an object. */
export type ScriptedToolCall = { name: string; arguments: string | Record<string, unknown> };

export type PlannedToolCall = {
  /** a call id in the protocol-neutral form `call_<n>`; protocols may prefix it (`toolu_`, `tooluse_`) */
  id: string;
  name: string;
  /** the arguments exactly as the model sends them */
  arguments: string;
};

export type Plan = { kind: "tool-calls"; calls: PlannedToolCall[] } | { kind: "text"; text: string };

/**
 * Plan this response. `text` is the answer the script resolved (scripted or the default
 * markdown); `textScripted` says whether the script set it (a scripted text wins over a
 * schema-made JSON answer, so tests can send invalid structured output).
 */
export function planResponse(input: {
  tools: RequestTool[];
  hasToolResults: boolean;
  responseSchema: unknown;
  toolCalls: ScriptedToolCall[] | undefined;
  text: string;
  textScripted: boolean;
  /** a number that differs per request, so call ids differ */
  seq: number;
}): Plan {
  if (input.tools.length > 0 && !input.hasToolResults) {
    const scripted = input.toolCalls;
    if (scripted && scripted.length > 0) {
      return {
        kind: "tool-calls",
        calls: scripted.map((c, i) => ({
          id: `call_${input.seq}_${i}`,
          name: c.name,
          arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments),
        })),
      };
    }
    const tool = input.tools[0]!;
    return {
      kind: "tool-calls",
      calls: [{ id: `call_${input.seq}_0`, name: tool.name, arguments: JSON.stringify(sampleFromSchema(tool.schema)) }],
    };
  }
  if (input.responseSchema !== undefined && input.responseSchema !== null && !input.textScripted) {
    return { kind: "text", text: JSON.stringify(sampleFromSchema(input.responseSchema)) };
  }
  if (input.hasToolResults && !input.textScripted) {
    return { kind: "text", text: `Using the tool results: ${input.text}` };
  }
  return { kind: "text", text: input.text };
}

/**
 * A deterministic value that satisfies common JSON Schemas: `const`, `enum`, `type` (first of a
 * list), objects (every property, required or not), arrays (`minItems` or 1 item), string formats
 * and lengths, number bounds, `anyOf`/`oneOf` (first branch), `allOf` (merged), local `$ref`s.
 */
export function sampleFromSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (depth > 12 || !isRecord(schema)) return null;
  if (typeof schema.$ref === "string") return sampleFromSchema(resolveRef(schema.$ref, root), root, depth + 1);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("default" in schema) return schema.default;
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) return sampleFromSchema(branches[0], root, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Record<string, unknown> = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf) {
      if (!isRecord(part)) continue;
      Object.assign(merged.properties as object, isRecord(part.properties) ? part.properties : {});
      if (part.type) merged.type = part.type;
    }
    return sampleFromSchema(merged, root, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      if (isRecord(schema.properties)) {
        for (const [key, sub] of Object.entries(schema.properties)) out[key] = sampleFromSchema(sub, root, depth + 1);
      }
      return out;
    }
    case "array": {
      const n = typeof schema.minItems === "number" ? Math.max(schema.minItems, 0) : 1;
      return Array.from({ length: n }, () => sampleFromSchema(schema.items, root, depth + 1));
    }
    case "string":
      return sampleString(schema);
    case "integer":
    case "number": {
      const min =
        typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : 1;
      const max = typeof schema.maximum === "number" ? schema.maximum : undefined;
      const value = max !== undefined && min > max ? max : min;
      return type === "integer" ? Math.ceil(value) : value;
    }
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      // no type: an object when it has properties, else a string
      return isRecord(schema.properties) ? sampleFromSchema({ ...schema, type: "object" }, root, depth + 1) : "example";
  }
}

function sampleString(schema: Record<string, unknown>): string {
  const formats: Record<string, string> = {
    "date-time": "2026-01-01T00:00:00Z",
    date: "2026-01-01",
    time: "00:00:00Z",
    email: "someone@example.com",
    uri: "https://example.com/",
    uuid: "00000000-0000-4000-8000-000000000000",
  };
  let value = (typeof schema.format === "string" && formats[schema.format]) || "example";
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  if (value.length < min) value = value.padEnd(min, "x");
  if (max !== undefined && value.length > max) value = value.slice(0, max);
  return value;
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith("#")) return null;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isRecord(node) ? node[key] : undefined;
  }
  return node;
}
