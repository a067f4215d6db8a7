import { z } from "zod";
import { formatCount } from "@/lib/format";
import { ID_PATTERN, idSchema } from "@/lib/ids";

export const MAX_PROMPT_CHARS = 100_000;
export const MAX_MODELS = 8;

/** Generation parameters; every field optional (the provider's default applies). */
export const paramsSchema = z
  .object({
    temperature: z.number().min(0, "Temperature must be between 0 and 2.").max(2, "Temperature must be between 0 and 2."),
    topP: z.number().min(0, "Top-p must be between 0 and 1.").max(1, "Top-p must be between 0 and 1."),
    maxOutputTokens: z
      .number()
      .int("Max output tokens must be a whole number.")
      .min(1, "Max output tokens must be between 1 and 128,000.")
      .max(128_000, "Max output tokens must be between 1 and 128,000."),
  })
  .partial()
  .strict();
export type Params = z.infer<typeof paramsSchema>;

const promptSchema = z
  .string({ error: "Enter a prompt." })
  .max(MAX_PROMPT_CHARS, `The prompt is longer than ${formatCount(MAX_PROMPT_CHARS)} characters.`)
  .refine((s) => s.trim().length > 0, "Enter a prompt.");

const modelRefSchema = z.union([
  z.string().min(1, "Model id is empty.").max(300),
  z.object({ id: z.string().min(1).max(300), params: paramsSchema.optional() }).strict(),
]);

// POST /api/v1/comparisons and the compare form
export const createComparisonSchema = z
  .object({
    prompt: promptSchema,
    system: z
      .string()
      .max(MAX_PROMPT_CHARS, `The system prompt is longer than ${formatCount(MAX_PROMPT_CHARS)} characters.`)
      .optional()
      .nullable(),
    models: z
      .array(modelRefSchema, { error: "Choose at least one model." })
      .min(1, "Choose at least one model.")
      .max(MAX_MODELS, `Choose at most ${MAX_MODELS} models.`),
    params: paramsSchema.optional(),
    /** models shuffled into panes and hidden ("Model A", ...) with their metrics until the first vote */
    blind: z.boolean({ error: "blind must be true or false." }).optional(),
    /** a team's comparison: its members see it by role; needs comparisons:write in that team */
    teamId: z.string({ error: "teamId must be a team id." }).regex(ID_PATTERN, "teamId is not a team id.").optional().nullable(),
  })
  .strict();
export type CreateComparisonInput = z.infer<typeof createComparisonSchema>;

// POST /api/v1/comparisons/<id>/turns
export const followUpSchema = z.object({ prompt: promptSchema }).strict();

export const comparisonIdSchema = idSchema("comparison");
export const paneIndexSchema = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_MODELS - 1);
