// Tools, structured output and images of a comparison: the public shapes (request fields, what is
// stored per answer, the live events' payloads) and their zod schemas, in one isomorphic module the
// API, the compare form's server action and the UI share. README "JSON API" documents them.
import { z } from "zod";
import { compileJsonSchema, nestedDeeperThan } from "./json-schema";

// ---------------------------------------------------------------------------------------------
// JSON values

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A mock or manual tool result is at most this large, serialized. */
export const MAX_TOOL_RESULT_BYTES = 32_768;

const byteLength = (value: unknown) => new TextEncoder().encode(JSON.stringify(value) ?? "").byteLength;

const MAX_RESULT_DEPTH = 64;

/** Any JSON value, nested at most 64 deep (checked first: deeper would overflow the parser's stack), at most MAX_TOOL_RESULT_BYTES once serialized. */
export const toolResultValueSchema = z
  .unknown()
  .refine((v) => !nestedDeeperThan(v, MAX_RESULT_DEPTH), `The result is nested deeper than ${MAX_RESULT_DEPTH} levels.`)
  .pipe(z.json({ error: "The result must be a JSON value." }))
  .refine((v) => byteLength(v) <= MAX_TOOL_RESULT_BYTES, `The result is larger than ${MAX_TOOL_RESULT_BYTES / 1024} KB.`);

/** A JSON Schema given as a JSON object, compiled with ajv (./json-schema.ts); the message names its first problem. */
function jsonSchemaField(what: string, { object }: { object: boolean }) {
  return z.unknown().superRefine((value, ctx) => {
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: `${what} is required.` });
      return;
    }
    const compiled = compileJsonSchema(value, { object });
    if (!compiled.ok) ctx.addIssue({ code: "custom", message: `${what} ${compiled.error}` });
  }) as unknown as z.ZodType<Record<string, JsonValue>>;
}

// ---------------------------------------------------------------------------------------------
// Tools

export const MAX_TOOLS = 16;
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_TOOL_DESCRIPTION_CHARS = 1024;
export const MAX_STEPS = 10;
export const DEFAULT_MAX_STEPS = 5;

/**
 * What a tool answers when a pane calls it: `{ result }` a fixed JSON value sent back to the model;
 * `{ manual: true }` the run waits (at most MANUAL_RESULT_TIMEOUT_MS) for a person to type the
 * result in (POST /api/v1/comparisons/<id>/tool-results). No mock: the call is recorded and the
 * run ends there (as a tool without `execute` does in the AI SDK).
 */
export type ToolMock = { result: JsonValue } | { manual: true };

const mockResultSchema = z.object({ result: toolResultValueSchema }).strict();
const mockManualSchema = z.object({ manual: z.literal(true, { error: "manual must be true." }) }).strict();
// Not a z.union: a union reports "Invalid input" where a too-large result should say so.
const toolMockSchema = z.unknown().transform((value, ctx): ToolMock => {
  const isManual = typeof value === "object" && value !== null && "manual" in value;
  if (typeof value !== "object" || value === null || Array.isArray(value) || (!isManual && !("result" in value))) {
    ctx.addIssue({ code: "custom", message: 'A mock is {"result": <JSON>} or {"manual": true}.' });
    return z.NEVER;
  }
  const parsed = isManual ? mockManualSchema.safeParse(value) : mockResultSchema.safeParse(value);
  if (parsed.success) return parsed.data as ToolMock;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
  return z.NEVER;
});

export const toolDefSchema = z
  .object({
    name: z
      .string({ error: "A tool name must be text." })
      .regex(TOOL_NAME_PATTERN, "A tool name is 1 to 64 letters, digits, _ or - (no spaces)."),
    description: z
      .string({ error: "A tool description must be text." })
      .max(MAX_TOOL_DESCRIPTION_CHARS, `A tool description is at most ${MAX_TOOL_DESCRIPTION_CHARS} characters.`)
      .optional(),
    /** a JSON Schema of type object for the arguments */
    parameters: jsonSchemaField("The parameters schema", { object: true }),
    mock: toolMockSchema.optional(),
  })
  .strict();
export type ToolDef = { name: string; description?: string; parameters: Record<string, JsonValue>; mock?: ToolMock };

export const toolsSchema = z
  .array(toolDefSchema, { error: "tools must be a list of tools." })
  .max(MAX_TOOLS, `At most ${MAX_TOOLS} tools.`)
  .superRefine((tools, ctx) => {
    const seen = new Set<string>();
    tools.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({ code: "custom", message: `Two tools are named "${t.name}": names must differ.`, path: [i, "name"] });
      seen.add(t.name);
    });
  }) as unknown as z.ZodType<ToolDef[]>;

export const maxStepsSchema = z
  .number({ error: "maxSteps must be a number." })
  .int(`maxSteps must be a whole number from 1 to ${MAX_STEPS}.`)
  .min(1, `maxSteps must be a whole number from 1 to ${MAX_STEPS}.`)
  .max(MAX_STEPS, `maxSteps must be a whole number from 1 to ${MAX_STEPS}.`);

/** A JSON Schema the answer text must match (validated with ajv after the answer, whatever the cloud did with it). */
export const responseSchemaSchema = jsonSchemaField("The response schema", { object: false });

// ---------------------------------------------------------------------------------------------
// Images

export const MAX_IMAGES = 4;
/** 5 MB (5 × 1024 × 1024 bytes) decoded, the lowest per-image limit among the clouds (Anthropic's). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const imageMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type ImageMediaType = (typeof imageMediaTypes)[number];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([a-z/+.-]+);base64,/i;

/** The media type the first bytes of an image say it is (magic numbers), or null. */
export function sniffImageType(head: Uint8Array): ImageMediaType | null {
  const at = (i: number, ...bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (at(4, 0x37, 0x61) || at(4, 0x39, 0x61))) return "image/gif";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}

function decodedSize(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/**
 * An image attached to a prompt: `data` is base64 (a `data:<type>;base64,` prefix is accepted and
 * removed). Checked: the type is one of the four, the data is base64, at most 5 MB decoded, and its
 * bytes are an image of the type given.
 */
export const imageInputSchema = z
  .object({
    mediaType: z.enum(imageMediaTypes, { error: `The image type must be one of ${imageMediaTypes.join(", ")}.` }),
    data: z.string({ error: "The image data must be base64 text." }),
  })
  .strict()
  .transform((image, ctx) => {
    const prefix = DATA_URL.exec(image.data);
    if (prefix && prefix[1]!.toLowerCase() !== image.mediaType) {
      ctx.addIssue({ code: "custom", message: `The data URL says ${prefix[1]}, the mediaType ${image.mediaType}.`, path: ["data"] });
      return z.NEVER;
    }
    const data = prefix ? image.data.slice(prefix[0].length) : image.data;
    // the size first, from the length alone: a huge string is refused before it is scanned
    if (data.length > Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4) {
      ctx.addIssue({
        code: "too_big",
        origin: "string",
        maximum: MAX_IMAGE_BYTES,
        message: "The image is larger than 5 MB.",
        path: ["data"],
      });
      return z.NEVER;
    }
    if (data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data)) {
      ctx.addIssue({ code: "custom", message: "The image data is not valid base64.", path: ["data"] });
      return z.NEVER;
    }
    const size = decodedSize(data);
    if (size > MAX_IMAGE_BYTES) {
      ctx.addIssue({
        code: "too_big",
        origin: "string",
        maximum: MAX_IMAGE_BYTES,
        message: "The image is larger than 5 MB.",
        path: ["data"],
      });
      return z.NEVER;
    }
    const head = Uint8Array.from(atob(data.slice(0, 24)), (c) => c.charCodeAt(0));
    const actual = sniffImageType(head);
    if (actual !== image.mediaType) {
      ctx.addIssue({
        code: "custom",
        message: actual
          ? `The image is ${actual}, not ${image.mediaType}: set mediaType to match.`
          : `Unsupported image: the data is not a PNG, JPEG, WebP or GIF image.`,
        path: ["mediaType"],
      });
      return z.NEVER;
    }
    return { mediaType: image.mediaType, data, size };
  });
export type ImageInput = z.output<typeof imageInputSchema>;

export const imagesSchema = z
  .array(imageInputSchema, { error: "images must be a list of {mediaType, data}." })
  .max(MAX_IMAGES, `At most ${MAX_IMAGES} images.`);

// ---------------------------------------------------------------------------------------------
// The request fields (merged into createComparisonSchema / followUpSchema in ./schema.ts)

export const comparisonToolFields = {
  tools: toolsSchema.optional(),
  maxSteps: maxStepsSchema.optional(),
  responseSchema: responseSchemaSchema.optional(),
  images: imagesSchema.optional(),
};

export const followUpToolFields = {
  images: imagesSchema.optional(),
};

/** POST /api/v1/comparisons/<id>/tool-results: the result of a call waiting for one (`manual` mock). */
export const toolResultBodySchema = z
  .object({
    /** the turn; default the latest */
    turn: z.number({ error: "turn must be a number." }).int("turn must be a whole number.").min(0, "turn must be 0 or more.").optional(),
    pane: z
      .number({ error: "pane must be a number." })
      .int("pane must be a whole number.")
      .min(0, "pane must be 0 or more.")
      .max(7, "pane must be at most 7."),
    toolCallId: z.string({ error: "toolCallId must be text." }).min(1, "toolCallId is empty.").max(100, "toolCallId is too long."),
    result: toolResultValueSchema,
  })
  .strict();
export type ToolResultBody = z.infer<typeof toolResultBodySchema>;

/** A call waiting for a typed-in result fails after this long. */
export const MANUAL_RESULT_TIMEOUT_MS = 10 * 60_000;

// ---------------------------------------------------------------------------------------------
// What is stored per answer and shown (API, share pages, exports)

/**
 * - valid: the tool exists and the arguments are JSON matching its parameters; it was run (mock)
 * - invalid-json: the arguments are not JSON
 * - unknown-tool: the model called a tool it was not offered
 * - schema-mismatch: JSON, but not matching the tool's parameters (`errors` says how)
 * Anything but valid is not run: the model gets an error result and the run goes on.
 */
export const toolCallValidities = ["valid", "invalid-json", "unknown-tool", "schema-mismatch"] as const;
export type ToolCallValidity = (typeof toolCallValidities)[number];

export type ToolCallRecord = {
  /** the model step (1-based) in which the call came */
  step: number;
  /** the call's id in this answer (`s<step>-<n>`, not the cloud's own id, which would tell the cloud in blind mode) */
  id: string;
  name: string;
  /** the arguments exactly as the model sent them */
  input: string;
  /** the arguments parsed (null when they are not JSON) */
  args: JsonValue | null;
  validity: ToolCallValidity;
  /** what is wrong (schema-mismatch: the first ajv errors; invalid-json: the parse error) */
  errors?: string[];
  /** what the model got back (absent while waiting, or when nothing was run) */
  result?: JsonValue;
  /** mock: the fixed result; manual: typed in; none: not run (invalid, no mock, timed out, stopped) */
  resultSource: "mock" | "manual" | "none";
};

/** The answer text validated against the response schema; null when the comparison has none (or the answer failed). */
export type StructuredCheck = { valid: boolean; errors: string[] } | null;

/** An image of a turn as readers get it; `url` serves the bytes (access-checked). */
export type ImageView = { id: string; mediaType: ImageMediaType; size: number; url: string };

/**
 * A pane whose model cannot take what the turn asks does not run, and says why ("GPT-4o on Azure
 * takes no images"): images to a model without image input, tools to one without tool calling.
 * A response schema is sent to every pane (a cloud that ignores it is reported in paramsNotSent)
 * and every answer is validated: how well a model keeps to a schema without native support is
 * part of the comparison.
 */
export type SkipReason = { code: "no_images" | "no_tools"; message: string };
