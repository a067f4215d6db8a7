import { z } from "zod";
import { formatCount } from "@/lib/format";
import { ID_PATTERN, idSchema } from "@/lib/ids";
import { comparisonToolFields, followUpToolFields } from "./tools-schema";

export const MAX_PROMPT_CHARS = 100_000;
export const MAX_MODELS = 8;
/**
 * The body limit of a new comparison or turn: four images of 5 MB in base64 (4/3 larger), the
 * prompts and a response schema and tools of 32 KB each.
 */
export const MAX_COMPARISON_BODY_BYTES = 30_000_000;

/** Reasoning effort as OpenAI's reasoning models take it (`minimal` only on the GPT-5 family; see ./capabilities.ts). */
export const reasoningEfforts = ["minimal", "low", "medium", "high"] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

/** At most 4 stop sequences (OpenAI Chat Completions' and Bedrock Converse's own limit), each 1 to 64 characters. */
export const MAX_STOP_SEQUENCES = 4;
export const MAX_STOP_SEQUENCE_CHARS = 64;
/** Seeds are whole numbers from 0 to 2^31 - 1, which every API that takes one accepts. */
export const MAX_SEED = 2_147_483_647;

const seedRange = `Seed must be a whole number from 0 to ${formatCount(MAX_SEED)}.`;

/**
 * Generation parameters; every field optional (the provider's default applies). Which provider and
 * model takes which is in ./capabilities.ts: one that is not taken is reported as not sent.
 */
export const paramsSchema = z
  .object({
    temperature: z
      .number({ error: "Temperature must be a number." })
      .min(0, "Temperature must be between 0 and 2.")
      .max(2, "Temperature must be between 0 and 2."),
    topP: z.number({ error: "Top-p must be a number." }).min(0, "Top-p must be between 0 and 1.").max(1, "Top-p must be between 0 and 1."),
    maxOutputTokens: z
      .number({ error: "Max output tokens must be a number." })
      .int("Max output tokens must be a whole number.")
      .min(1, "Max output tokens must be between 1 and 128,000.")
      .max(128_000, "Max output tokens must be between 1 and 128,000."),
    reasoningEffort: z.enum(reasoningEfforts, { error: `Reasoning effort must be one of ${reasoningEfforts.join(", ")}.` }),
    stopSequences: z
      .array(
        z
          .string({ error: "Each stop sequence must be text." })
          .min(1, "A stop sequence cannot be empty.")
          .max(MAX_STOP_SEQUENCE_CHARS, `A stop sequence is at most ${MAX_STOP_SEQUENCE_CHARS} characters.`),
        { error: "Stop sequences must be a list of strings." },
      )
      .max(MAX_STOP_SEQUENCES, `At most ${MAX_STOP_SEQUENCES} stop sequences.`)
      .refine((list) => new Set(list).size === list.length, "Stop sequences must differ from each other."),
    seed: z.number({ error: "Seed must be a number." }).int(seedRange).min(0, seedRange).max(MAX_SEED, seedRange),
  })
  .partial()
  .strict();
export type Params = z.infer<typeof paramsSchema>;

const promptSchema = z
  .string({ error: "Enter a prompt." })
  .max(MAX_PROMPT_CHARS, `The prompt is longer than ${formatCount(MAX_PROMPT_CHARS)} characters.`)
  .refine((s) => s.trim().length > 0, "Enter a prompt.");

const systemSchema = z
  .string({ error: "The system prompt must be text." })
  .max(MAX_PROMPT_CHARS, `The system prompt is longer than ${formatCount(MAX_PROMPT_CHARS)} characters.`);

/**
 * A pane: a model id, or `{id, system?, params?}` with this pane's own system prompt (a string,
 * "" for none; absent or null: the comparison's) and parameters (each one given replaces the
 * comparison's value).
 */
const modelIdSchema = z.string({ error: "A model id must be text." }).min(1, "Model id is empty.").max(300, "Model id is too long.");
const paneSchema = z
  .object(
    { id: modelIdSchema, system: systemSchema.optional().nullable(), params: paramsSchema.optional() },
    {
      error: (issue) => (issue.code === "invalid_type" ? "A model is an id or {id, system, params}." : undefined),
    },
  )
  .strict();
export type ModelRef = string | z.output<typeof paneSchema>;

// Not a z.union: a union reports "Invalid input" for the whole entry, where a bad seed in one
// pane's parameters should say so and name `models.<i>.params.seed`.
const modelRefSchema = z.unknown().transform((value, ctx): ModelRef => {
  const parsed = typeof value === "string" ? modelIdSchema.safeParse(value) : paneSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
  return z.NEVER;
});

// POST /api/v1/comparisons and the compare form
export const createComparisonSchema = z
  .object({
    prompt: promptSchema,
    system: systemSchema.optional().nullable(),
    models: z
      .array(modelRefSchema, { error: "Choose at least one model." })
      .min(1, "Choose at least one model.")
      .max(MAX_MODELS, `Choose at most ${MAX_MODELS} models.`),
    params: paramsSchema.optional(),
    /** models shuffled into panes and hidden ("Model A", ...) with their metrics until the first vote */
    blind: z.boolean({ error: "blind must be true or false." }).optional(),
    /** a team's comparison: its members see it by role; needs comparisons:write in that team */
    teamId: z.string({ error: "teamId must be a team id." }).regex(ID_PATTERN, "teamId is not a team id.").optional().nullable(),
    /** tools, maxSteps, responseSchema, images: ./tools-schema.ts */
    ...comparisonToolFields,
  })
  .strict();
export type CreateComparisonInput = z.infer<typeof createComparisonSchema>;

// POST /api/v1/comparisons/<id>/turns
export const followUpSchema = z.object({ prompt: promptSchema, ...followUpToolFields }).strict();
export type FollowUpInput = z.infer<typeof followUpSchema>;

export const comparisonIdSchema = idSchema("comparison");
export const paneIndexSchema = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_MODELS - 1);
