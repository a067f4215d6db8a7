// JSON Schema as people paste it (tool parameters, a response schema), checked and applied with
// ajv 8: one place that compiles a schema, names the first problem with it, and turns validation
// errors into short readable lines. Isomorphic (the compare form may check a schema before sending).
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { RegExpEngine } from "ajv/dist/types";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { RE2JS } from "re2js";

/** A pasted schema is at most this large (serialized), tool parameters and response schema alike. */
export const MAX_JSON_SCHEMA_BYTES = 32_768;
/** Nesting deeper than this is refused before ajv sees it (ajv compiles recursively). */
const MAX_DEPTH = 32;

type AnyAjv = Ajv | Ajv2019 | Ajv2020;

function make<T extends AnyAjv>(ajv: T): T {
  addFormats(ajv as Ajv);
  return ajv;
}

/**
 * `pattern` and `patternProperties` of a pasted schema run on RE2 (linear time), not on the
 * JavaScript engine, whose backtracking a pattern like `(a+)+$` can make take forever against a
 * model's answer, blocking the server. RE2 has no lookaround or backreferences: a schema using them
 * is refused as invalid, with RE2's message.
 */
const re2: RegExpEngine = Object.assign((pattern: string) => RE2JS.compile(pattern), { code: "re2js" });

// strict: false: real schemas carry keywords ajv does not know (OpenAPI's "nullable", "examples"
// in older drafts, provider hints); they are annotations, not errors. allErrors: the pane shows
// the first five problems, not only the first.
const options = { strict: false, allErrors: true, validateFormats: true, code: { regExp: re2 } } as const;
let instances: { draft7: Ajv; draft2019: Ajv2019; draft2020: Ajv2020 } | null = null;
function ajvFor(schema: unknown): AnyAjv | string {
  instances ??= { draft7: make(new Ajv(options)), draft2019: make(new Ajv2019(options)), draft2020: make(new Ajv2020(options)) };
  const declared = isObject(schema) && typeof schema.$schema === "string" ? schema.$schema.replace(/#$/, "") : null;
  if (!declared || /draft-0[67]\/schema$/.test(declared)) return instances.draft7;
  if (declared.endsWith("/draft/2019-09/schema")) return instances.draft2019;
  if (declared.endsWith("/draft/2020-12/schema")) return instances.draft2020;
  return `$schema "${declared}" is not supported: use draft-07, 2019-09 or 2020-12.`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function depthOf(value: unknown, limit = MAX_DEPTH, depth = 0): number {
  if (depth > limit || typeof value !== "object" || value === null) return depth;
  let max = depth;
  for (const child of Object.values(value)) {
    max = Math.max(max, depthOf(child, limit, depth + 1));
    if (max > limit) break;
  }
  return max;
}

/** Whether a JSON value nests deeper than `limit` (checked before anything recursive reads it). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  return depthOf(value, limit) > limit;
}

/** One ajv error as a short line: `/items/0/price must be number` (`(root)` for the value itself). */
export function formatAjvError(e: ErrorObject): string {
  const at = e.instancePath || "(root)";
  if (e.keyword === "additionalProperties" && "additionalProperty" in e.params)
    return `${at} must not have property "${String(e.params.additionalProperty)}"`;
  if (e.keyword === "enum" && "allowedValues" in e.params)
    return `${at} must be one of ${JSON.stringify(e.params.allowedValues).slice(0, 120)}`;
  return `${at} ${e.message ?? "is invalid"}`;
}

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

/**
 * Compiles a schema, or says what is wrong with it in one sentence (the first problem).
 * `object: true` also requires `"type": "object"` at the top (tool parameters).
 */
export function compileJsonSchema(schema: unknown, { object = false }: { object?: boolean } = {}): CompiledSchema {
  if (!isObject(schema)) return { ok: false, error: "must be a JSON Schema object." };
  let size: number;
  try {
    size = new TextEncoder().encode(JSON.stringify(schema)).byteLength;
  } catch {
    return { ok: false, error: "must be plain JSON." };
  }
  if (size > MAX_JSON_SCHEMA_BYTES) return { ok: false, error: `is larger than ${MAX_JSON_SCHEMA_BYTES / 1024} KB.` };
  if (depthOf(schema) > MAX_DEPTH) return { ok: false, error: `is nested deeper than ${MAX_DEPTH} levels.` };
  if (object && schema.type !== "object") return { ok: false, error: 'must be a JSON Schema with "type": "object".' };
  const ajv = ajvFor(schema);
  if (typeof ajv === "string") return { ok: false, error: ajv };
  if (!ajv.validateSchema(schema)) {
    const first = ajv.errors?.[0];
    return { ok: false, error: `is not a valid JSON Schema: ${first ? formatAjvError(first).replace(/^\(root\) /, "") : "invalid"}.` };
  }
  try {
    const validate = ajv.compile(schema);
    return { ok: true, validate };
  } catch (error) {
    return { ok: false, error: `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}.` };
  } finally {
    // a compiled schema is kept by the closure that validates; the instance must not pile up
    // every schema ever pasted (nor refuse a second one with the same $id)
    ajv.removeSchema(schema);
  }
}

/** The first `max` errors of validating `value`, as short lines; [] when it is valid. */
export function validationErrors(validate: ValidateFunction, value: unknown, max = 5): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, max).map(formatAjvError);
}
